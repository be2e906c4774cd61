/**
 * @module ExecutionStore port: the append-only event log and the projections folded from it.
 * Every method takes the caller's Scope; an object outside it does not exist for the caller.
 */
import type { EventDraft, ExecutionEvent } from '../events/event-catalogue.js';
import type { Approval, Execution, ExecutionProjection, ExecutionStatus, ExecutionType, Step, UsageRecord } from '../executions/index.js';
import type { Scope } from '../identity/scope.js';

/**
 * One atomic write to one execution. `decide` runs inside the store's transaction with the
 * current projection (the execution plus the steps and approvals named in `load`), and returns
 * the events to append; it may throw a DomainError to append nothing. Keep it pure: the store may
 * run it more than once when a concurrent writer forces a retry.
 */
export interface AppendRequest {
  readonly executionId: string;
  readonly load?: { readonly stepIds?: readonly string[]; readonly approvalIds?: readonly string[] };
  readonly decide: (current: ExecutionProjection) => readonly EventDraft[];
}

export interface AppendedEvent {
  readonly event: ExecutionEvent;
  /** True when the event id was already stored with the same content: nothing was written. */
  readonly duplicate: boolean;
}

export interface AppendResult {
  readonly events: readonly AppendedEvent[];
  /** The projection after the append (the execution, and the steps/approvals that were loaded or touched). */
  readonly projection: ExecutionProjection;
}

export interface ReadEventsQuery {
  /** Return events with seq strictly greater than this. */
  readonly afterSeq?: number;
  readonly executionId?: string;
  readonly limit?: number;
}

export interface ListExecutionsQuery {
  readonly statuses?: readonly ExecutionStatus[];
  readonly executionType?: ExecutionType;
  readonly source?: string;
  readonly traceId?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface ExecutionPage {
  readonly executions: readonly Execution[];
  readonly total: number;
}

export interface ExecutionStore {
  append(scope: Scope, request: AppendRequest): Promise<AppendResult>;
  getExecution(scope: Scope, executionId: string): Promise<Execution | undefined>;
  /** The executions with these ids in the scope (missing ids are left out; any order). */
  getExecutions(scope: Scope, executionIds: readonly string[]): Promise<Execution[]>;
  listExecutions(scope: Scope, query: ListExecutionsQuery): Promise<ExecutionPage>;
  /** Steps ordered by step index. */
  listSteps(scope: Scope, executionId: string): Promise<Step[]>;
  getStep(scope: Scope, executionId: string, stepId: string): Promise<Step | undefined>;
  getApproval(scope: Scope, approvalId: string): Promise<Approval | undefined>;
  listApprovals(scope: Scope, executionId: string): Promise<Approval[]>;
  listUsage(scope: Scope, executionId: string): Promise<UsageRecord[]>;
  /** The stored events with these client event ids in one execution (any order). */
  findEvents(scope: Scope, executionId: string, eventIds: readonly string[]): Promise<ExecutionEvent[]>;
  /** Events in seq order. */
  readEvents(scope: Scope, query: ReadEventsQuery): Promise<ExecutionEvent[]>;
}
