/**
 * @module Rerun: one re-run an operator asked for, as the original run's projection keeps it
 * (folded from `rerun.requested` and `rerun.dispatched`). The new run the application starts is
 * linked to it by `parentExecutionId` + `rerunId`, not stored here: it may start later, or never.
 */
import type { CallOutcome } from '../executions/vocabularies.js';

/** The step a re-run should start from, resolved against the original run when it was asked for. */
export interface RerunFromStep {
  readonly stepIndex: number;
  readonly stepId: string;
  readonly name: string;
}

/** What happened when the request was sent to the target (one attempt; see decision 0014). */
export interface RerunDispatch {
  readonly outcome: CallOutcome;
  /** The target's HTTP status, when it answered. */
  readonly responseStatus?: number;
  /** Why it failed: a non-2xx status, a timeout, a refused connection. */
  readonly error?: string;
  readonly latencyMs: number;
  readonly at: string;
}

export interface Rerun {
  readonly rerunId: string;
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly reason: string;
  readonly fromStep?: RerunFromStep;
  readonly targetUrl: string;
  /** Absent until the attempt is recorded (or forever, when the server stopped in between). */
  readonly dispatch?: RerunDispatch;
}

/** The reason a re-run needs: long enough to mean something in an audit. */
export const MIN_RERUN_REASON_CHARS = 10;
