/**
 * @module WorkflowSteps: what application code uses of a run (`run.step`, `run.complete`, …).
 * `WorkflowRun` (live, recording) and `ReplayRun` (replaying a recorded run, writing nothing) both
 * have it, so a workflow written as a `WorkflowFunction` runs either way:
 *
 * ```ts
 * const triage: WorkflowFunction<{ ticket: string }> = async (run, { ticket }) => {
 *   const label = await run.step({ name: 'classify', model: 'gpt-4o', input: { ticket } }, () => llm.classify(ticket));
 *   await run.complete({ label });
 * };
 * await triage(await client.workflows.start({ name: 'triage', input }), input);   // live
 * await client.replay(runId, triage);                                             // replay
 * ```
 */
import type { StepFunction, StepOptions } from './workflow-run.js';

export interface WorkflowSteps {
  readonly id: string;
  step<T>(options: StepOptions, fn: StepFunction<T>): Promise<T>;
  complete(output?: unknown): Promise<void>;
  fail(error: unknown): Promise<void>;
  abort(reason?: string): Promise<void>;
  detach(): void;
}

/** An application's workflow: its steps go through `run`, so it can be replayed. */
export type WorkflowFunction<I = unknown, O = unknown> = (run: WorkflowSteps, input: I) => Promise<O> | O;
