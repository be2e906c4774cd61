/**
 * @module WorkflowRun: the workflow helper. `run.step(options, fn)` gates the step, waits for an
 * approval when one is required (following the run's event log, not polling), runs `fn` with an
 * AbortSignal that fires when an operator cancels the run, retries it as configured while
 * recording every failed attempt, and completes the step with its output, tokens and cost. A
 * completion or run end whose answer is lost (a server restart) is checked before it is sent again,
 * so it is recorded once.
 *
 * ```ts
 * const run = await client.workflows.start({ name: 'refund-agent', traceId });
 * const refund = await run.step({ name: 'issue refund', tool: { name: 'payments.refund', input } }, async (signal) => pay(input, { signal }));
 * await run.complete({ refund });
 * ```
 */
import type { IngestEvent } from '../shared/ingest.js';
import type { StepGateResponse, WorkflowStatusResponse } from '../shared/workflows.js';
import {
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalTimeoutError,
  AxonFlowError,
  RunCancelledError,
  StepBlockedError,
} from './errors.js';
import type { EventsClient } from './events-client.js';
import type { ExecutionsClient } from './executions-client.js';
import { sleep } from './http-client.js';
import { RunWatcher } from './run-watcher.js';
import type { WorkflowsClient } from './workflows-client.js';

export interface StartOptions {
  readonly name: string;
  readonly source?: string;
  readonly traceId?: string;
  readonly metadata?: Record<string, unknown>;
  readonly input?: unknown;
  /** Makes the start safe to repeat: the same key returns the same run. */
  readonly idempotencyKey?: string;
  /** A re-run: the run it re-runs (`parent_execution_id`); the parent lists the new run under its re-runs. */
  readonly parentExecutionId?: string;
  /** A re-run: the request it carries out (`rerun_id`, with `parentExecutionId`). `rerunStartOptions` fills both. */
  readonly rerunId?: string;
}

/** How often a write whose answer was lost is checked and sent again before its error is thrown. */
const IN_DOUBT_TRIES = 5;

export type StepType = 'llm_call' | 'tool_call' | 'connector_call' | 'human_task' | 'synthesis' | 'action' | 'gate';

export interface RetryOptions {
  /** Attempts in all, the first included. @default 1 */
  readonly maxAttempts?: number;
  /** @default 500 */
  readonly backoffMs?: number;
  /** @default 2 */
  readonly factor?: number;
  /** @default 10000 */
  readonly maxBackoffMs?: number;
}

export interface StepOptions {
  readonly name: string;
  /** Stable id of the step within the run. @default `${slug(name)}-${n}` (n counts this run's steps) */
  readonly id?: string;
  /** @default 'llm_call' with a model, 'tool_call' with a tool, else 'action' */
  readonly type?: StepType;
  readonly input?: unknown;
  readonly provider?: string;
  readonly model?: string;
  readonly tool?: { readonly name: string; readonly type?: 'function' | 'mcp' | 'api'; readonly input?: unknown };
  /** The agent that runs the step; with `parentStepId` it places the step in the run's agent tree. */
  readonly agentId?: string;
  readonly parentStepId?: string;
  readonly idempotencyKey?: string;
  readonly retry?: RetryOptions;
  /** Stop waiting for a reviewer after this long (ApprovalTimeoutError); the approval stays pending. @default no limit */
  readonly approvalTimeoutMs?: number;
}

export interface LlmCall {
  readonly provider?: string;
  readonly model?: string;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly tokensCached?: number;
  readonly latencyMs: number;
  readonly status?: 'ok' | 'error';
  readonly error?: string;
  /** Left out, the server prices the call from its price table. */
  readonly costUsd?: number;
}

export interface ConnectorCall {
  readonly connector: string;
  readonly operation: string;
  readonly latencyMs: number;
  readonly status?: 'ok' | 'error';
  readonly error?: string;
  readonly errorType?: string;
}

export interface StepContext {
  readonly runId: string;
  readonly stepId: string;
  /** 1 for the first try. */
  readonly attempt: number;
  recordLlmCall(call: LlmCall): void;
  recordConnectorCall(call: ConnectorCall): void;
  /** Totals for a step that made no recorded LLM calls (e.g. usage returned by a framework). */
  setUsage(usage: { tokensIn?: number; tokensOut?: number; costUsd?: number }): void;
}

export type StepFunction<T> = (signal: AbortSignal, context: StepContext) => Promise<T> | T;

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'step';
}

function errorInfo(error: unknown) {
  const e = error as { message?: unknown; name?: unknown; code?: unknown; source?: unknown };
  const source = e?.source === 'provider' || e?.source === 'connector' ? e.source : 'step';
  return {
    message: (typeof e?.message === 'string' && e.message) || String(error),
    type: typeof e?.name === 'string' ? e.name : undefined,
    code: typeof e?.code === 'string' ? e.code : undefined,
    source,
  } as const;
}

export class WorkflowRun {
  readonly id: string;
  readonly #watcher: RunWatcher;
  readonly #inFlight = new Set<AbortController>();
  #steps = 0;
  #ended = false;

  constructor(
    id: string,
    private readonly workflows: WorkflowsClient,
    executions: ExecutionsClient,
    private readonly events: EventsClient,
    readonly options: StartOptions,
  ) {
    this.id = id;
    this.#watcher = new RunWatcher(id, executions);
    this.#watcher.onChange(() => {
      const cancel = this.#watcher.cancellation;
      if (!cancel) return;
      for (const controller of this.#inFlight) controller.abort(new RunCancelledError(`Run ${id} was cancelled: ${cancel.reason}`, id, cancel.reason));
    });
  }

  async step<T>(options: StepOptions, fn: StepFunction<T>): Promise<T> {
    if (this.#ended) throw new AxonFlowError(`Run ${this.id} has already ended`, { code: 'RUN_ENDED', status: 0 });
    this.#watcher.start();
    const stepId = options.id ?? `${slug(options.name)}-${++this.#steps}`;
    const gate = await this.#gate(stepId, options);
    await this.#admit(stepId, options, gate);

    if (options.agentId) {
      await this.#send([{ type: 'agent.handoff', event_id: `${stepId}/handoff`, execution_id: this.id, step_id: stepId, agent_id: options.agentId, parent_step_id: options.parentStepId, step_name: options.name }]);
    }
    const retry = options.retry ?? {};
    const maxAttempts = Math.max(1, retry.maxAttempts ?? 1);
    let backoff = retry.backoffMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      const controller = new AbortController();
      this.#inFlight.add(controller);
      const pending: IngestEvent[] = [];
      let usage: { tokensIn?: number; tokensOut?: number; costUsd?: number } = {};
      let calls = 0;
      const context: StepContext = {
        runId: this.id,
        stepId,
        attempt,
        recordLlmCall: (call) =>
          pending.push({
            type: 'llm.call',
            event_id: `${stepId}/a${attempt}/llm${++calls}`,
            execution_id: this.id,
            step_id: stepId,
            provider: call.provider ?? options.provider ?? 'unknown',
            model: call.model ?? options.model ?? 'unknown',
            tokens_in: call.tokensIn,
            tokens_out: call.tokensOut,
            tokens_cached: call.tokensCached,
            latency_ms: call.latencyMs,
            status: call.status ?? 'ok',
            error: call.error,
            cost_usd: call.costUsd,
          }),
        recordConnectorCall: (call) =>
          pending.push({
            type: 'connector.call',
            event_id: `${stepId}/a${attempt}/conn${++calls}`,
            execution_id: this.id,
            step_id: stepId,
            connector: call.connector,
            operation: call.operation,
            latency_ms: call.latencyMs,
            status: call.status ?? 'ok',
            error: call.error,
            error_type: call.errorType,
          }),
        setUsage: (value) => (usage = value),
      };
      let output: T;
      try {
        const cancelled = this.#watcher.cancellation;
        if (cancelled) throw new RunCancelledError(`Run ${this.id} was cancelled: ${cancelled.reason}`, this.id, cancelled.reason);
        output = await fn(controller.signal, context);
      } catch (error) {
        await this.#send(pending).catch(() => undefined);
        if (controller.signal.aborted && controller.signal.reason instanceof RunCancelledError) throw controller.signal.reason;
        if (error instanceof RunCancelledError) throw error;
        const info = errorInfo(error);
        if (attempt >= maxAttempts) {
          await this.#send([{ type: 'step.failed', event_id: `${stepId}/failed`, execution_id: this.id, step_id: stepId, error: info }]).catch(() => undefined);
          throw error;
        }
        await this.#send([{ type: 'retry.attempt', event_id: `${stepId}/a${attempt}/retry`, execution_id: this.id, step_id: stepId, attempt, error: info, backoff_ms: backoff }]);
        await sleep(backoff);
        backoff = Math.min(backoff * (retry.factor ?? 2), retry.maxBackoffMs ?? 10_000);
        continue;
      } finally {
        this.#inFlight.delete(controller);
      }
      // The step has run. What follows only records it: a failure to record is not a failed
      // attempt, and must never run `fn` (and its side effects) again.
      await this.#send(pending);
      const completion = { output, tokens_in: usage.tokensIn, tokens_out: usage.tokensOut, cost_usd: usage.costUsd, idempotency_key: options.idempotencyKey };
      await this.#once(
        () => this.workflows.completeStep(this.id, stepId, completion),
        (state) => state.steps?.find((s) => s.step_id === stepId)?.status === 'completed',
      ).catch((error: unknown) => {
        if (AxonFlowError.is(error) && error.code === 'WORKFLOW_TERMINAL') throw new RunCancelledError(`Run ${this.id} has ended: ${error.message}`, this.id, error.message);
        throw error;
      });
      return output;
    }
  }

  /** Stops following the run without ending it (e.g. leaving a step waiting for a reviewer). */
  detach(): void {
    this.#watcher.stop();
  }

  async complete(output?: unknown): Promise<void> {
    await this.#end(() => this.workflows.complete(this.id, output === undefined ? {} : { output }), 'completed');
  }

  async fail(error: unknown): Promise<void> {
    await this.#end(() => this.workflows.fail(this.id, errorInfo(error).message), 'failed');
  }

  async abort(reason?: string): Promise<void> {
    await this.#end(() => this.workflows.abort(this.id, reason), 'aborted');
  }

  async #end(call: () => Promise<unknown>, status: 'completed' | 'failed' | 'aborted'): Promise<void> {
    try {
      await this.#once(call, (state) => state.status === status);
      this.#ended = true;
    } finally {
      this.#watcher.stop();
    }
  }

  /**
   * Sends a write that is not safe to repeat (each step completion is counted; a second run end is
   * WORKFLOW_TERMINAL) exactly once. When its answer is lost (the connection dropped after the
   * request left: the server may or may not have applied it), the run's state says whether it
   * landed; only if it did not is it sent again.
   */
  async #once(write: () => Promise<unknown>, landed: (state: WorkflowStatusResponse) => boolean): Promise<void> {
    let inDoubt = false;
    for (let tries = 1; ; tries++) {
      try {
        await write();
        return;
      } catch (error) {
        // A refusal after an attempt in doubt may be that attempt landing late (a request that timed
        // out here but still ran on the server); the run's state says. (For a step completion, which
        // is not refused, such a late landing records a second completion; timeouts are 30 s.)
        if (inDoubt && AxonFlowError.is(error) && error.status === 409 && landed(await this.workflows.get(this.id))) return;
        // CONNECTION_FAILED: sent, no answer. (CONNECTION_REFUSED was never sent; the HTTP client retries it.)
        if (!AxonFlowError.is(error) || error.code !== 'CONNECTION_FAILED' || tries >= IN_DOUBT_TRIES) throw error;
        inDoubt = true;
        if (landed(await this.workflows.get(this.id))) return;
      }
    }
  }

  async #gate(stepId: string, options: StepOptions): Promise<StepGateResponse> {
    try {
      return await this.workflows.gate(this.id, stepId, {
        step_name: options.name,
        step_type: options.type ?? (options.model ? 'llm_call' : options.tool ? 'tool_call' : 'action'),
        step_input: options.input,
        provider: options.provider,
        model: options.model,
        tool_context: options.tool ? { tool_name: options.tool.name, tool_type: options.tool.type, tool_input: options.tool.input } : undefined,
        idempotency_key: options.idempotencyKey,
      });
    } catch (error) {
      if (AxonFlowError.is(error) && error.code === 'WORKFLOW_TERMINAL') {
        throw new RunCancelledError(`Run ${this.id} has ended: ${error.message}`, this.id, error.message);
      }
      throw error;
    }
  }

  /** Returns when the step may run; throws when it may not. */
  async #admit(stepId: string, options: StepOptions, gate: StepGateResponse): Promise<void> {
    if (gate.decision === 'allow') return;
    if (gate.decision === 'block') throw new StepBlockedError(`Step ${stepId} was blocked: ${gate.reason}`, stepId, gate.policies_matched);
    const approvalId = gate.approval_id;
    if (!approvalId) throw new StepBlockedError(`Step ${stepId} requires an approval that cannot be requested: ${gate.reason}`, stepId, gate.policies_matched);
    const timeout = options.approvalTimeoutMs !== undefined ? AbortSignal.timeout(options.approvalTimeoutMs) : undefined;
    const outcome = await this.#watcher
      .waitFor(() => this.#watcher.approval(approvalId)?.outcome ?? (this.#watcher.cancellation ? 'cancelled' : undefined), timeout)
      .catch((error: unknown) => {
        if (timeout?.aborted) throw new ApprovalTimeoutError(`No reviewer decided step ${stepId} within ${options.approvalTimeoutMs} ms`, stepId, approvalId);
        throw error;
      });
    switch (outcome) {
      case 'approved': {
        const again = await this.#gate(stepId, options);
        if (again.decision !== 'allow') throw new StepBlockedError(`Step ${stepId} was not allowed after approval: ${again.reason}`, stepId, again.policies_matched);
        return;
      }
      case 'rejected': {
        const decided = this.#watcher.approval(approvalId);
        throw new ApprovalRejectedError(`Step ${stepId} was rejected by ${decided?.by ?? 'a reviewer'}: ${decided?.comment ?? ''}`, stepId, approvalId);
      }
      case 'expired':
        throw new ApprovalExpiredError(`The approval for step ${stepId} expired before anyone decided`, stepId, approvalId);
      case 'cancelled': {
        const reason = this.#watcher.cancellation?.reason;
        throw new RunCancelledError(`Run ${this.id} was cancelled while step ${stepId} waited for approval: ${reason}`, this.id, reason);
      }
    }
  }

  async #send(events: IngestEvent[]): Promise<void> {
    if (events.length === 0) return;
    const answer = await this.events.send(events);
    const refused = answer.results.find((r) => r.status === 'rejected');
    if (refused) throw new AxonFlowError(`The server refused a step event: ${refused.error?.message}`, { code: refused.error?.code ?? 'REJECTED', status: 0 });
  }
}
