/**
 * @module retry_context: what a gate tells an agent about earlier attempts at the same step, so a
 * client restarting after a crash can tell "retrying after a crash" from "already done"
 * (AxonFlow v7.3.0, reference §3.3). Built from the step as it was before this gate.
 */
import type { Step } from '../executions/step.js';
import type { GateDecision } from '../executions/vocabularies.js';

export interface RetryContext {
  readonly gateCount: number;
  readonly completionCount: number;
  readonly priorCompletionStatus: 'none' | 'completed' | 'gated_not_completed';
  readonly priorOutputAvailable: boolean;
  readonly priorCompletionAt?: string;
  readonly firstAttemptAt: string;
  readonly lastAttemptAt: string;
  readonly lastDecision?: GateDecision;
  readonly idempotencyKey?: string;
}

/** `before` is the step before this gate (undefined for a new step); `after` the step after it. */
export function retryContext(before: Step | undefined, after: Step): RetryContext {
  const priorCompletionStatus = !before || before.gateCount === 0 ? 'none' : before.completionCount > 0 ? 'completed' : 'gated_not_completed';
  return {
    gateCount: after.gateCount,
    completionCount: after.completionCount,
    priorCompletionStatus,
    priorOutputAvailable: before?.output !== undefined,
    priorCompletionAt: before && before.completionCount > 0 ? before.endedAt : undefined,
    firstAttemptAt: after.firstAttemptAt,
    lastAttemptAt: after.lastAttemptAt,
    lastDecision: before?.decision,
    idempotencyKey: after.idempotencyKey,
  };
}
