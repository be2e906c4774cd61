/**
 * @module The event catalogue: every fact about a run, as one typed union. Projections, streams,
 * metrics, alerts, webhooks and audit all switch over `ExecutionEvent`; adding a type here makes
 * every exhaustive switch fail to compile until it is handled.
 *
 * Event data is the domain's own shape (camelCase). Wire surfaces present it.
 */
import type { OnReject } from '../executions/approval.js';
import type { PolicyMatch, Redaction, RedactionPlan } from '../executions/policy-decision.js';
import type { StepError, ToolContext } from '../executions/step.js';
import type { CallOutcome, ExecutionType, GateDecision, StepType } from '../executions/vocabularies.js';
import type { RerunFromStep } from '../reruns/rerun.js';

export interface EventDataMap {
  'execution.created': {
    readonly executionType: ExecutionType;
    readonly name: string;
    readonly source: string;
    readonly traceId?: string;
    readonly metadata?: Readonly<Record<string, unknown>>;
    readonly input?: unknown;
    readonly userId?: string;
    readonly clientId?: string;
    readonly parentExecutionId?: string;
    /** The re-run of `parentExecutionId` this run carries out (`rerun.requested` of the parent). */
    readonly rerunId?: string;
    readonly totalSteps?: number;
    /** The run exists but has not begun (a queued re-run). Default: it is running. */
    readonly startsPending?: boolean;
  };
  'execution.started': Readonly<Record<string, never>>;
  /** A WCP client resumed a run after an approval. */
  'execution.resumed': { readonly by?: string };
  'step.gated': {
    readonly stepId: string;
    readonly name: string;
    readonly stepType: StepType;
    readonly input?: unknown;
    readonly provider?: string;
    readonly model?: string;
    readonly tool?: ToolContext;
    readonly agentId?: string;
    readonly parentStepId?: string;
    readonly idempotencyKey?: string;
    /** Fingerprint of step_input + tool_context, so a retried gate can tell a changed input. */
    readonly inputHash?: string;
    readonly decision: GateDecision;
    readonly reason: string;
    readonly policiesEvaluated: readonly PolicyMatch[];
    readonly policiesMatched: readonly PolicyMatch[];
    readonly redactions: readonly Redaction[];
    /** Set when a `redact` policy matched: `input` and `tool.input` above are already masked; the output will be. */
    readonly redact?: RedactionPlan;
    /** Set when a budget, not a policy, decided the block. */
    readonly budgetExceeded?: boolean;
    /**
     * A retried gate answered with the decision already recorded: counts the attempt, changes
     * nothing else.
     */
    readonly cached?: boolean;
  };
  'step.started': {
    readonly stepId: string;
    readonly name?: string;
    readonly stepType?: StepType;
    readonly input?: unknown;
    readonly provider?: string;
    readonly model?: string;
    readonly tool?: ToolContext;
    readonly agentId?: string;
    readonly parentStepId?: string;
  };
  'step.attempt_failed': {
    readonly stepId: string;
    readonly attempt: number;
    readonly error: StepError;
    readonly backoffMs?: number;
  };
  'provider.called': {
    readonly stepId?: string;
    readonly provider: string;
    readonly model: string;
    readonly tokensIn: number;
    readonly tokensOut: number;
    readonly tokensCached?: number;
    readonly latencyMs: number;
    readonly outcome: CallOutcome;
    readonly costUsd: number;
    readonly error?: string;
  };
  'connector.called': {
    readonly stepId?: string;
    readonly connector: string;
    readonly operation: string;
    readonly latencyMs: number;
    readonly outcome: CallOutcome;
    readonly error?: string;
    readonly errorType?: string;
  };
  'agent.handoff': {
    readonly stepId: string;
    readonly agentId: string;
    readonly parentStepId?: string;
    readonly name?: string;
  };
  'step.completed': {
    readonly stepId: string;
    /** Masked already when the step's gate planned a redaction. */
    readonly output?: unknown;
    /** Where the output was masked (paths and kinds, never values). */
    readonly redactions?: readonly Redaction[];
    readonly tokensIn?: number;
    readonly tokensOut?: number;
    readonly costUsd?: number;
    readonly provider?: string;
    readonly model?: string;
  };
  'step.failed': {
    readonly stepId: string;
    readonly error: StepError;
  };
  'step.skipped': {
    readonly stepId: string;
    readonly reason?: string;
  };
  'approval.requested': {
    readonly approvalId: string;
    readonly stepId: string;
    readonly policyIds: readonly string[];
    readonly reason: string;
    readonly expiresAt?: string;
    /** When a reviewer should have decided by; past it the sweeper records `approval.sla_breached`. */
    readonly slaAt?: string;
    /** What a rejection does to the run, from the deciding policy; absent means `abort`. */
    readonly onReject?: OnReject;
  };
  'approval.decided': {
    readonly approvalId: string;
    readonly stepId: string;
    readonly decision: 'approved' | 'rejected';
    readonly by: string;
    readonly comment: string;
  };
  'approval.expired': {
    readonly approvalId: string;
    readonly stepId: string;
    /** Why, when not its TTL: e.g. the run was cancelled while the approval was open. */
    readonly reason?: string;
  };
  /** The approval was still pending at its SLA time (escalation). Recorded at most once per approval. */
  'approval.sla_breached': {
    readonly approvalId: string;
    readonly stepId: string;
  };
  'execution.cancel_requested': {
    readonly reason: string;
    readonly by: string;
  };
  'execution.completed': {
    readonly output?: unknown;
  };
  'execution.failed': {
    readonly error: StepError;
    readonly stepId?: string;
  };
  'execution.cancelled': {
    readonly reason: string;
    readonly by?: string;
  };
  'execution.aborted': {
    readonly reason: string;
    readonly by?: string;
  };
  'execution.expired': {
    readonly reason: string;
  };
  /**
   * An operator asked for the run to be done again by the application (re-run target of its
   * workflow). Recorded on the original run, which may have ended: it changes no status.
   */
  'rerun.requested': {
    readonly rerunId: string;
    readonly requestedBy: string;
    readonly reason: string;
    readonly fromStep?: RerunFromStep;
    readonly inputOverrides?: Readonly<Record<string, unknown>>;
    readonly targetUrl: string;
  };
  /** What the target answered the signed request of `rerunId` (one attempt). */
  'rerun.dispatched': {
    readonly rerunId: string;
    readonly outcome: CallOutcome;
    readonly responseStatus?: number;
    readonly error?: string;
    readonly latencyMs: number;
  };
}

export type EventType = keyof EventDataMap;

export const EVENT_TYPES = [
  'execution.created',
  'execution.started',
  'execution.resumed',
  'step.gated',
  'step.started',
  'step.attempt_failed',
  'provider.called',
  'connector.called',
  'agent.handoff',
  'step.completed',
  'step.failed',
  'step.skipped',
  'approval.requested',
  'approval.decided',
  'approval.expired',
  'approval.sla_breached',
  'execution.cancel_requested',
  'execution.completed',
  'execution.failed',
  'execution.cancelled',
  'execution.aborted',
  'execution.expired',
  'rerun.requested',
  'rerun.dispatched',
] as const satisfies readonly EventType[];

// Compile-time check that EVENT_TYPES lists every key of EventDataMap.
type Missing = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
const everyTypeListed: Missing extends never ? true : Missing = true;
void everyTypeListed;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** What a service asks the store to append. The store assigns seq, and eventId/at when absent. */
export type EventDraft = {
  [T in EventType]: { readonly type: T; readonly data: EventDataMap[T]; readonly eventId?: string; readonly at?: string };
}[EventType];

export interface EventEnvelope {
  readonly seq: number;
  readonly eventId: string;
  readonly orgId: string;
  readonly tenantId: string;
  readonly executionId: string;
  /** When it happened (the client's clock when it reported one). */
  readonly at: string;
  /** When the store accepted it. */
  readonly recordedAt: string;
}

/** A stored event: the discriminated union every consumer switches over. */
export type ExecutionEvent = {
  [T in EventType]: EventEnvelope & { readonly type: T; readonly data: EventDataMap[T] };
}[EventType];

export type EventOf<T extends EventType> = Extract<ExecutionEvent, { type: T }>;
