/**
 * @module Deterministic replay (docs/replay.md): runs an application's workflow function against
 * a recorded run. Each `run.step` answers with the recorded output (or the recorded error) instead
 * of calling the model or tool, nothing is written to the server, and the report says whether
 * the code made the recorded steps, in order, with the same names, types and inputs, or where it
 * first did not.
 *
 * ```ts
 * const report = await client.replay('wf_123', supportTriage);
 * if (!report.deterministic) console.log(report.divergence);   // { index: 2, kind: 'input', paths: ['$.input.priority'], … }
 * ```
 */
import type { ExecutionsClient } from '../executions-client.js';
import type { WorkflowFunction } from '../workflow-steps.js';
import type { Divergence } from './find-divergence.js';
import { loadRecordedRun } from './recorded-run.js';
import { ReplayDivergenceError } from './replay-errors.js';
import { ReplayRun, type RunEnding } from './replay-run.js';

export interface ReplayOptions<I> {
  /** The input to call the workflow function with. @default the recorded run's input */
  readonly input?: I;
}

interface ReportBase {
  readonly executionId: string;
  /** Steps the code made, up to and including a divergent one. */
  readonly steps: number;
  /** Steps the recorded run has. */
  readonly recordedSteps: number;
  /** How the code ended the run (`run.complete`, `fail`, `abort`), if it did. */
  readonly ending?: RunEnding;
  /** What the workflow function returned. */
  readonly result?: unknown;
  /** What it threw, other than the replay's own stop at a divergence (e.g. a recorded step failure it did not catch). */
  readonly error?: unknown;
  /** Things to know about the answers (outputs that were recorded masked). */
  readonly notes: readonly string[];
}

export type ReplayReport = (ReportBase & { readonly deterministic: true }) | (ReportBase & { readonly deterministic: false; readonly divergence: Divergence });

export async function replay<I, O>(executions: ExecutionsClient, executionId: string, workflow: WorkflowFunction<I, O>, options: ReplayOptions<I> = {}): Promise<ReplayReport> {
  const recorded = await loadRecordedRun(executions, executionId);
  const run = new ReplayRun(recorded);
  const input = (options.input !== undefined ? options.input : recorded.input) as I;
  let result: unknown;
  let error: unknown;
  try {
    result = await workflow(run, input);
  } catch (thrown) {
    if (!(thrown instanceof ReplayDivergenceError)) error = thrown;
  }
  const divergence = run.finish();
  const base: ReportBase = {
    executionId,
    steps: run.steps,
    recordedSteps: recorded.steps.length,
    ending: run.ending,
    notes: run.notes,
    ...(result !== undefined ? { result } : {}),
    ...(error !== undefined ? { error } : {}),
  };
  return divergence ? { ...base, deterministic: false, divergence } : { ...base, deterministic: true };
}
