/**
 * @module ApprovalStore port: the approvals inbox (lists with the step and run each approval
 * holds up) and the sweeper's due query. Approvals are written only by `append` (they are a
 * projection of the log); this port only reads.
 */
import type { Approval } from '../executions/approval.js';
import type { Step } from '../executions/step.js';
import type { ApprovalStatus, ExecutionStatus, ExecutionType } from '../executions/vocabularies.js';
import type { Scope } from '../identity/scope.js';

/** Which approvals a list selects. Every member narrows; absent members do not. */
export interface ApprovalFilter {
  readonly statuses?: readonly ApprovalStatus[];
  /** The run's workflow name, exactly. */
  readonly workflowName?: string;
  /** Approvals one of whose requesting policies is this one. */
  readonly policyId?: string;
  readonly executionType?: ExecutionType;
  /** Requested at or before (older than an age). */
  readonly requestedBefore?: string;
  /** Requested at or after (younger than an age). */
  readonly requestedAfter?: string;
  /**
   * `breached`: the SLA time passed before the approval was resolved (before `now` while
   * pending); `ok`: the rest, including approvals without an SLA. Needs `now`.
   */
  readonly sla?: 'ok' | 'breached';
  /** Leave out pending approvals whose expiry has passed (decidable no more, not yet swept). Needs `now`. */
  readonly excludeLapsed?: boolean;
  /** Only approvals of runs that have not ended (pending or running): the ones a decision can still act on. */
  readonly activeRunsOnly?: boolean;
  readonly now?: string;
}

export interface ListApprovalsQuery extends ApprovalFilter {
  readonly limit: number;
  /** Continue after the last row of an earlier page. Order: oldest request first. */
  readonly cursor?: string;
}

/** An approval with what an inbox shows beside it: the step it holds and its run. */
export interface ApprovalView {
  readonly approval: Approval;
  readonly step?: Step;
  readonly workflowName: string;
  readonly executionType: ExecutionType;
  readonly executionStatus: ExecutionStatus;
}

export interface ApprovalPage {
  readonly items: readonly ApprovalView[];
  /** Present when more rows follow. */
  readonly nextCursor?: string;
}

/** A pending approval the sweeper has work on, with the scope to write it in. */
export interface DueApproval {
  readonly scope: Scope;
  readonly executionId: string;
  readonly approvalId: string;
  readonly dueAt: string;
}

/** The pending approvals of one workflow name, across every org and tenant (for /metrics). */
export interface PendingApprovalBacklog {
  readonly workflowName: string;
  readonly pending: number;
  /** When the oldest of them was requested. */
  readonly oldestRequestedAt: string;
}

export interface ApprovalStore {
  listApprovalViews(scope: Scope, query: ListApprovalsQuery): Promise<ApprovalPage>;
  getApprovalView(scope: Scope, approvalId: string): Promise<ApprovalView | undefined>;
  /**
   * Pending approvals whose SLA or expiry is at or before `now`, earliest first, in **every**
   * org and tenant. The one unscoped read of the execution data: only the sweeper calls it, and
   * it writes each result back through `append` in that result's own scope.
   */
  findDueApprovals(now: string, limit: number): Promise<DueApproval[]>;
  /**
   * Pending approvals grouped by workflow name, in **every** org and tenant: counts and times
   * only, no content. Read by /metrics at scrape time (cached briefly), never by a request.
   */
  pendingApprovalBacklog(): Promise<PendingApprovalBacklog[]>;
}
