/**
 * @module Errors of replay. `ReplayDivergenceError` is thrown into the workflow function at the
 * first divergence, to stop it where the recording no longer says what would happen (the report
 * carries the divergence whether or not the code catches it). `ReplayedStepError` stands for a
 * step that failed in the recorded run, with the recorded message, type and code.
 */
import type { Divergence } from './find-divergence.js';
import type { RecordedError } from './recorded-run.js';

export class ReplayDivergenceError extends Error {
  override readonly name = 'ReplayDivergenceError';
  readonly code = 'REPLAY_DIVERGED';

  constructor(readonly divergence: Divergence) {
    super(`Replay diverged from the recorded run at step ${divergence.index}: ${divergence.kind}`);
  }
}

export class ReplayedStepError extends Error {
  /** `step` (the code), `provider` or `connector`, as recorded. */
  readonly source?: string;
  readonly code?: string;
  readonly stepId: string;
  readonly recorded = true;

  constructor(stepId: string, error: RecordedError) {
    super(error.message);
    this.name = error.type ?? 'ReplayedStepError';
    this.stepId = stepId;
    this.source = error.source;
    this.code = error.code;
  }
}
