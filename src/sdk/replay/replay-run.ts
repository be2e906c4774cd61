/**
 * @module ReplayRun: the `run` a workflow function gets in replay. `run.step(options, fn)` never
 * calls `fn` and writes nothing: it pairs the step with the recorded one (find-divergence.ts) and
 * answers as the recording says, with the recorded output, or by throwing what the step threw
 * then (a block, a rejected or expired approval, the step's own failure). At the first divergence
 * it throws `ReplayDivergenceError`, and every later step does too. `complete`, `fail` and `abort`
 * only note how the code ended the run.
 */
import type { StepFunction, StepOptions } from '../workflow-run.js';
import type { WorkflowSteps } from '../workflow-steps.js';
import { ApprovalExpiredError, ApprovalRejectedError, ApprovalTimeoutError, AxonFlowError, ConnectorError, ProviderError, RunCancelledError, StepBlockedError } from '../errors.js';
import { type Divergence, StepMatcher } from './find-divergence.js';
import type { RecordedRun, RecordedStep } from './recorded-run.js';
import { ReplayDivergenceError, ReplayedStepError } from './replay-errors.js';

const MASK = /\[REDACTED:[A-Za-z0-9_.-]+\]/;
const CANCELLED = new Set(['cancelled', 'aborted', 'expired']);

/** The default step id: the same rule as WorkflowRun's, so recorded ids pair with replayed ones. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'step';
}

export type RunEnding = { readonly how: 'completed'; readonly output?: unknown } | { readonly how: 'failed'; readonly error: unknown } | { readonly how: 'aborted'; readonly reason?: string };

export class ReplayRun implements WorkflowSteps {
  readonly id: string;
  readonly #recorded: RecordedRun;
  readonly #matcher: StepMatcher<RecordedStep>;
  readonly #notes: string[] = [];
  #counter = 0;
  #divergence: Divergence | undefined;
  #ending: RunEnding | undefined;

  constructor(recorded: RecordedRun) {
    this.#recorded = recorded;
    this.id = recorded.summary.request_id;
    this.#matcher = new StepMatcher(recorded.steps);
  }

  get divergence(): Divergence | undefined {
    return this.#divergence;
  }

  /** Steps the code made (the one that diverged included). */
  get steps(): number {
    return this.#matcher.calls;
  }

  get ending(): RunEnding | undefined {
    return this.#ending;
  }

  /** What the code should know about the answers it got (masked outputs). */
  get notes(): readonly string[] {
    return this.#notes;
  }

  /** Once the code is done: the first recorded step it did not reach, unless it already diverged. */
  finish(): Divergence | undefined {
    this.#divergence ??= this.#matcher.finish();
    return this.#divergence;
  }

  // Not async until the pairing is made, so steps pair in the order the code calls them.
  step<T>(options: StepOptions, _fn: StepFunction<T>): Promise<T> {
    if (this.#ending) return Promise.reject(new AxonFlowError(`Run ${this.id} has already ended`, { code: 'RUN_ENDED', status: 0 }));
    if (this.#divergence) return Promise.reject(new ReplayDivergenceError(this.#divergence));
    const stepId = options.id ?? `${slug(options.name)}-${++this.#counter}`;
    const type = options.type ?? (options.model ? 'llm_call' : options.tool ? 'tool_call' : 'action');
    const pairing = this.#matcher.next({ stepId, name: options.name, type, input: options.input, toolInput: options.tool?.input });
    if ('divergence' in pairing) {
      this.#divergence = pairing.divergence;
      return Promise.reject(new ReplayDivergenceError(pairing.divergence));
    }
    try {
      return Promise.resolve(this.#answer(pairing.index, pairing.recorded) as T);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The recorded outcome: the output, or the error the step threw in the recorded run. */
  #answer(index: number, step: RecordedStep): unknown {
    const runStatus = this.#recorded.summary.status_detail;
    const approvalId = step.approval?.id ?? '';
    if (step.approvalStatus === 'rejected') {
      throw new ApprovalRejectedError(`Step ${step.stepId} was rejected by ${step.approval?.by ?? step.snapshot.rejected_by ?? 'a reviewer'}: ${step.approval?.comment ?? ''}`, step.stepId, approvalId);
    }
    if (step.approvalStatus === 'expired') throw new ApprovalExpiredError(`The approval for step ${step.stepId} expired before anyone decided`, step.stepId, approvalId);
    switch (step.status) {
      case 'completed':
      case 'skipped':
        if (typeof step.output === 'string' ? MASK.test(step.output) : MASK.test(JSON.stringify(step.output ?? null))) {
          this.#notes.push(`step ${index} (${step.name}): the recorded output was masked by a redact policy; the code received it masked`);
        }
        return step.output;
      case 'blocked':
        throw new StepBlockedError(
          `Step ${step.stepId} was blocked: ${step.gateReason ?? step.error?.message ?? 'by policy'}`,
          step.stepId,
          (step.snapshot.policies_triggered ?? []).map((p) => ({ policy_id: p.policy_id, policy_name: p.policy_name ?? p.policy_id, action: p.action, reason: p.matched })),
        );
      case 'approval':
        if (CANCELLED.has(runStatus)) throw new RunCancelledError(`Run ${this.id} was cancelled while step ${step.stepId} waited for approval`, this.id, runStatus);
        throw new ApprovalTimeoutError(`No reviewer decided step ${step.stepId} in the recorded run`, step.stepId, approvalId);
      case 'failed':
        throw recordedFailure(step);
      default:
        if (CANCELLED.has(runStatus)) throw new RunCancelledError(`Run ${this.id} was ${runStatus} while step ${step.stepId} was ${step.status}`, this.id, runStatus);
        throw new ReplayedStepError(step.stepId, { message: `Step ${step.stepId} has no recorded outcome (it was ${step.status} when the run was read)` });
    }
  }

  detach(): void {}

  async complete(output?: unknown): Promise<void> {
    this.#end({ how: 'completed', output });
  }

  async fail(error: unknown): Promise<void> {
    this.#end({ how: 'failed', error });
  }

  async abort(reason?: string): Promise<void> {
    this.#end({ how: 'aborted', reason });
  }

  #end(ending: RunEnding): void {
    if (this.#ending) throw new AxonFlowError(`Run ${this.id} has already ended`, { code: 'WORKFLOW_TERMINAL', status: 0 });
    this.#ending = ending;
  }
}

/** The step's recorded failure as the code saw it: ProviderError and ConnectorError by source. */
function recordedFailure(step: RecordedStep): Error {
  const error = step.error ?? { message: `Step ${step.stepId} failed` };
  if (error.source === 'provider') return Object.assign(new ProviderError(error.message), { stepId: step.stepId, recorded: true });
  if (error.source === 'connector') return Object.assign(new ConnectorError(error.message), { stepId: step.stepId, recorded: true });
  return new ReplayedStepError(step.stepId, error);
}
