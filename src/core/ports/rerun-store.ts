/**
 * @module RerunStore port: the re-run targets of each tenant (one per workflow name), written with
 * their audit entry in one transaction, and the runs that name a run as their parent, which is how
 * an original finds the runs its re-runs started. Every method takes the Scope.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Execution } from '../executions/execution.js';
import type { Scope } from '../identity/scope.js';
import type { RerunTarget } from '../reruns/rerun-target.js';

export interface RerunStore {
  /** Creates or replaces the target of `target.workflowName`, with its audit entry. */
  putRerunTarget(scope: Scope, target: RerunTarget, audit: AuditEntry): Promise<void>;
  getRerunTarget(scope: Scope, workflowName: string): Promise<RerunTarget | undefined>;
  /** The tenant's targets by workflow name. */
  listRerunTargets(scope: Scope): Promise<RerunTarget[]>;
  /** Deletes the target, with its audit entry. False (nothing written) when there is none. */
  deleteRerunTarget(scope: Scope, workflowName: string, audit: AuditEntry): Promise<boolean>;
  /** Runs whose `parentExecutionId` is this run, oldest first, at most `limit`. */
  listChildExecutions(scope: Scope, parentExecutionId: string, limit: number): Promise<Execution[]>;
}
