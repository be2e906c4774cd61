/**
 * @module ExecutionStore port: the append-only event log and the projections folded from it.
 * Every method takes the caller's Scope; an object outside it does not exist for the caller.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { EventDraft, ExecutionEvent } from '../events/event-catalogue.js';
import type { Approval, Attention, Execution, ExecutionProjection, ExecutionStatus, ExecutionType, FailureClass, Step, UsageRecord } from '../executions/index.js';
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
  /**
   * Who asked for the write (a credential's client id): the actor of the audit records the events
   * stand for when the events do not name one (gate decisions). Default: the run's creator.
   */
  readonly actor?: string;
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

export interface ReadStepsQuery {
  readonly executionId: string;
  /** Return steps with a step index strictly greater than this. */
  readonly afterIndex?: number;
  /** At most this many (the store caps it at 1,000). */
  readonly limit: number;
}

export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** Which executions a list or count selects. Every member narrows; absent members do not. */
export interface ExecutionFilter {
  readonly statuses?: readonly ExecutionStatus[];
  readonly executionType?: ExecutionType;
  /** The workflow name, exactly. */
  readonly name?: string;
  readonly source?: string;
  readonly traceId?: string;
  readonly failureClasses?: readonly FailureClass[];
  /**
   * Runs needing attention of these kinds. `stuck` needs `stuckBefore`: a pending or running run
   * with nothing else wrong whose last event is older than that.
   */
  readonly attention?: readonly Attention[];
  readonly stuckBefore?: string;
  /** Runs with at least one step on this provider / model / agent. */
  readonly provider?: string;
  readonly model?: string;
  readonly agentId?: string;
  /** metadata[key] equals value (compared as text). Keys: letters, digits, _ and -. */
  readonly metadata?: readonly { readonly key: string; readonly value: string }[];
  readonly costUsd?: Range;
  readonly tokens?: Range;
  readonly durationMs?: Range;
  readonly startedFrom?: string;
  readonly startedTo?: string;
  /** Case-insensitive substring (2+ characters) of any step's input, output or error, in any language. */
  readonly search?: string;
}

export type SortField = 'started_at' | 'duration' | 'cost';

export interface ListExecutionsQuery extends ExecutionFilter {
  readonly limit: number;
  /** Skip this many (offset pagination); ignored with a cursor. */
  readonly offset?: number;
  /** Continue after the last row of an earlier page (keyset pagination). */
  readonly cursor?: string;
  /** @default started_at, descending */
  readonly sort?: { readonly field: SortField; readonly direction: 'asc' | 'desc' };
}

export interface ExecutionPage {
  readonly executions: readonly Execution[];
  readonly total: number;
  /** Present when more rows follow: pass it as `cursor` for the next page. */
  readonly nextCursor?: string;
}

export interface ExecutionStore {
  append(scope: Scope, request: AppendRequest): Promise<AppendResult>;
  getExecution(scope: Scope, executionId: string): Promise<Execution | undefined>;
  /** The executions with these ids in the scope (missing ids are left out; any order). */
  getExecutions(scope: Scope, executionIds: readonly string[]): Promise<Execution[]>;
  listExecutions(scope: Scope, query: ListExecutionsQuery): Promise<ExecutionPage>;
  countExecutions(scope: Scope, filter: ExecutionFilter): Promise<number>;
  /** Steps ordered by step index. */
  listSteps(scope: Scope, executionId: string): Promise<Step[]>;
  /** One page of a run's steps in step-index order, for readers that must not hold a whole run (exports). */
  readSteps(scope: Scope, query: ReadStepsQuery): Promise<Step[]>;
  getStep(scope: Scope, executionId: string, stepId: string): Promise<Step | undefined>;
  getApproval(scope: Scope, approvalId: string): Promise<Approval | undefined>;
  listApprovals(scope: Scope, executionId: string): Promise<Approval[]>;
  listUsage(scope: Scope, executionId: string): Promise<UsageRecord[]>;
  /** The stored events with these client event ids in one execution (any order). */
  findEvents(scope: Scope, executionId: string, eventIds: readonly string[]): Promise<ExecutionEvent[]>;
  /**
   * Removes a run with its events, steps, approvals and usage, and records the audit entry, in one
   * transaction. False (and nothing written) when the run does not exist in the scope.
   */
  deleteExecution(scope: Scope, executionId: string, audit: AuditEntry): Promise<boolean>;
  /** Audit entries about one object, newest first. */
  listAudit(scope: Scope, query: { readonly targetType?: string; readonly targetId?: string; readonly limit: number }): Promise<AuditEntry[]>;
  /** Events in seq order. */
  readEvents(scope: Scope, query: ReadEventsQuery): Promise<ExecutionEvent[]>;
}
