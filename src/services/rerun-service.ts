/**
 * @module RerunService: re-run targets (admin writes, audited; the secret is write-only) and re-run
 * requests. A request is recorded first (`rerun.requested` on the original run, appended only if
 * the run has ended), then sent once, signed, to the workflow's target, and what the target
 * answered is recorded (`rerun.dispatched`) and returned. One attempt, no retry queue: the
 * operator sees at once whether the application took it, and asks again if not (decision 0014).
 * The application starts the new run itself, with `parent_execution_id` + `rerun_id`.
 */
import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../core/audit/audit-entry.js';
import { DomainError } from '../core/errors/domain-error.js';
import { fingerprint } from '../core/events/canonical-json.js';
import type { Execution } from '../core/executions/execution.js';
import type { Step } from '../core/executions/step.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { AppendResult, ExecutionStore } from '../core/ports/execution-store.js';
import type { Ids } from '../core/ports/ids.js';
import type { RerunStore } from '../core/ports/rerun-store.js';
import type { WebhookTransport } from '../core/ports/webhook-transport.js';
import {
  MIN_RERUN_REASON_CHARS,
  RERUN_EVENT,
  type Rerun,
  type RerunDispatch,
  type RerunFromStep,
  type RerunTarget,
  assertRerunnable,
  decideRerun,
  rerunPayload,
  signRerunBody,
} from '../core/reruns/index.js';
import type { EventWriter } from './event-writer.js';
import { checkHttpUrl, invalidField } from './body-validation.js';

export interface RerunServiceOptions {
  readonly store: RerunStore & Pick<ExecutionStore, 'getExecution' | 'listSteps' | 'readEvents'>;
  readonly writer: EventWriter;
  /** How requests reach targets (the webhooks' transport: no redirects, never throws). */
  readonly transport: WebhookTransport;
  readonly clock: Clock;
  readonly ids: Ids;
  /** How long a target has to answer. @default 10000 */
  readonly timeoutMs?: number;
  /** Aborts requests in flight (the server is closing): recorded as failed. */
  readonly signal?: AbortSignal;
  /** The outcome could not be recorded (the store went away after the send); the caller still gets it. */
  readonly onError?: (error: unknown) => void;
}

export interface TargetInput {
  readonly url: string;
  readonly secret?: string;
  readonly description?: string;
}

export interface RerunInput {
  readonly reason: string;
  /** A step index, or a step id. */
  readonly fromStep?: number | string;
  readonly inputOverrides?: Readonly<Record<string, unknown>>;
  /**
   * The caller's key for this request: the re-run id is derived from it, so a retried request
   * answers the first one's re-run and sends nothing again. The same key with a different request
   * (reason, step, overrides, or another caller) is IDEMPOTENCY_KEY_REUSED.
   */
  readonly idempotencyKey?: string;
}

export interface RerunOutcome {
  readonly execution: Execution;
  readonly rerun: Rerun & { readonly dispatch: RerunDispatch };
}

/** A re-run of a run, with the run the application started for it once there is one. */
export interface LinkedRerun {
  readonly rerun: Rerun;
  readonly child?: Execution;
}

const USER_AGENT = 'AxonFlow-Reruns/1';
/** Children read per original: far more than people re-run one run. */
const CHILDREN_LIMIT = 200;

/** A retried request's answer: the first request's re-run as recorded, never sent again. */
function answeredBefore(execution: Execution, rerunId: string): RerunOutcome {
  const first = execution.reruns?.find((r) => r.rerunId === rerunId);
  if (!first?.dispatch) throw new DomainError('RERUN_IN_FLIGHT', { rerunId });
  return { execution, rerun: { ...first, dispatch: first.dispatch } };
}

export function generateRerunSecret(): string {
  return `rrsec_${randomBytes(24).toString('base64url')}`;
}

export function resolveFromStep(steps: readonly Step[], fromStep: number | string, executionId: string): RerunFromStep {
  const step = typeof fromStep === 'number' ? steps.find((s) => s.stepIndex === fromStep) : steps.find((s) => s.stepId === fromStep);
  if (!step) throw invalidField('from_step', `execution ${executionId} has no step ${typeof fromStep === 'number' ? `with index ${fromStep}` : `"${fromStep}"`}`);
  return { stepIndex: step.stepIndex, stepId: step.stepId, name: step.name };
}

export class RerunService {
  readonly #o: RerunServiceOptions;
  readonly #signal: AbortSignal;

  constructor(options: RerunServiceOptions) {
    this.#o = options;
    this.#signal = options.signal ?? new AbortController().signal;
  }

  /**
   * Creates or replaces the target of a workflow. A new target without a secret gets a generated
   * one; a replaced target keeps its secret unless one is given. `secret` in the answer is set
   * only when this call set it: the one time it leaves the server.
   */
  async putTarget(caller: Caller, scope: Scope, workflowName: string, input: TargetInput): Promise<{ target: RerunTarget; created: boolean; secret?: string }> {
    const current = await this.#o.store.getRerunTarget(scope, workflowName);
    const at = this.#o.clock.now();
    const secret = input.secret ?? current?.secret ?? generateRerunSecret();
    const target: RerunTarget = {
      orgId: scope.orgId,
      tenantId: scope.tenantId,
      workflowName,
      url: checkHttpUrl(input.url),
      secret,
      ...(input.description !== undefined ? { description: input.description } : {}),
      createdAt: current?.createdAt ?? at,
      createdBy: current?.createdBy ?? caller.clientId,
      updatedAt: at,
      updatedBy: caller.clientId,
    };
    const action = current ? 'rerun_target.replace' : 'rerun_target.create';
    await this.#o.store.putRerunTarget(scope, target, this.#audit(caller, action, target, at, { secretChanged: secret !== current?.secret }));
    return { target, created: !current, ...(secret !== current?.secret ? { secret } : {}) };
  }

  async getTarget(scope: Scope, workflowName: string): Promise<RerunTarget> {
    const target = await this.#o.store.getRerunTarget(scope, workflowName);
    if (!target) throw new DomainError('RERUN_TARGET_NOT_FOUND', { workflowName });
    return target;
  }

  listTargets(scope: Scope): Promise<RerunTarget[]> {
    return this.#o.store.listRerunTargets(scope);
  }

  async deleteTarget(caller: Caller, scope: Scope, workflowName: string): Promise<void> {
    const current = await this.getTarget(scope, workflowName);
    if (!(await this.#o.store.deleteRerunTarget(scope, workflowName, this.#audit(caller, 'rerun_target.delete', current, this.#o.clock.now())))) {
      throw new DomainError('RERUN_TARGET_NOT_FOUND', { workflowName });
    }
  }

  /** Records a re-run of an ended run, sends it to the workflow's target, and records the answer. */
  async request(caller: Caller, scope: Scope, executionId: string, input: RerunInput): Promise<RerunOutcome> {
    const { store, clock, ids } = this.#o;
    const reason = input.reason.trim();
    if (reason.length < MIN_RERUN_REASON_CHARS) throw invalidField('reason', `must be at least ${MIN_RERUN_REASON_CHARS} characters`);
    const execution = assertRerunnable(await store.getExecution(scope, executionId), executionId);
    const target = await store.getRerunTarget(scope, execution.name);
    if (!target) throw new DomainError('RERUN_TARGET_MISSING', { workflowName: execution.name, executionId });
    const fromStep = input.fromStep === undefined ? undefined : resolveFromStep(await store.listSteps(scope, executionId), input.fromStep, executionId);

    const rerun: Rerun = {
      rerunId: input.idempotencyKey ? `rr_${fingerprint(`${executionId}\n${input.idempotencyKey}`).slice(0, 32)}` : ids.next('rr'),
      requestedAt: clock.now(),
      requestedBy: caller.clientId,
      reason,
      ...(fromStep ? { fromStep } : {}),
      targetUrl: target.url,
    };
    // The run must still have ended when the request is written: checked in the append's transaction.
    let written: AppendResult;
    try {
      written = await this.#o.writer.append(scope, { executionId, decide: (current) => decideRerun(current, executionId, rerun, input.inputOverrides) });
    } catch (error) {
      if (input.idempotencyKey && DomainError.is(error) && error.code === 'EVENT_ID_CONFLICT') throw new DomainError('IDEMPOTENCY_KEY_REUSED', { key: input.idempotencyKey });
      throw error;
    }
    const original = (written.projection.execution ?? execution) as Execution;
    if (written.events[0]?.duplicate) return answeredBefore(original, rerun.rerunId);

    const body = JSON.stringify(rerunPayload({ execution: original, rerun, input: await this.#originalInput(scope, executionId), inputOverrides: input.inputOverrides }));
    const dispatch = await this.#send(target, rerun.rerunId, body);
    try {
      await this.#o.writer.append(scope, {
        executionId,
        decide: () => [
          {
            type: 'rerun.dispatched',
            eventId: `${rerun.rerunId}/dispatched`,
            at: dispatch.at,
            data: { rerunId: rerun.rerunId, outcome: dispatch.outcome, responseStatus: dispatch.responseStatus, error: dispatch.error, latencyMs: dispatch.latencyMs },
          },
        ],
      });
    } catch (error) {
      this.#o.onError?.(error);
    }
    return { execution: original, rerun: { ...rerun, dispatch } };
  }

  /** The run's re-runs with the runs started for them (matched on parent and rerun id; the first one wins). */
  async linked(scope: Scope, execution: Execution): Promise<LinkedRerun[]> {
    const reruns = execution.reruns ?? [];
    if (reruns.length === 0) return [];
    const children = await this.#o.store.listChildExecutions(scope, execution.executionId, CHILDREN_LIMIT);
    return reruns.map((rerun) => {
      const child = children.find((c) => c.rerunId === rerun.rerunId);
      return child ? { rerun, child } : { rerun };
    });
  }

  /** The input the run was created with, whole: the projection may hold only a preview of a large one. */
  async #originalInput(scope: Scope, executionId: string): Promise<unknown> {
    const [first] = await this.#o.store.readEvents(scope, { executionId, limit: 1 });
    return first?.type === 'execution.created' ? first.data.input : undefined;
  }

  async #send(target: RerunTarget, rerunId: string, body: string): Promise<RerunDispatch> {
    const sentAt = this.#o.clock.now();
    const started = performance.now();
    const result = await this.#o.transport.send({
      url: target.url,
      body,
      timeoutMs: this.#o.timeoutMs ?? 10_000,
      signal: this.#signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'x-axonflow-event': RERUN_EVENT,
        'x-axonflow-rerun': rerunId,
        'x-axonflow-signature': signRerunBody(body, target.secret, Math.floor(Date.parse(sentAt) / 1000)),
      },
    });
    const latencyMs = Math.round(performance.now() - started);
    const at = this.#o.clock.now();
    if ('status' in result) {
      const ok = result.status >= 200 && result.status < 300;
      return { outcome: ok ? 'ok' : 'error', responseStatus: result.status, ...(ok ? {} : { error: `HTTP ${result.status}` }), latencyMs, at };
    }
    return { outcome: 'error', error: result.error, latencyMs, at };
  }

  #audit(caller: Caller, action: string, target: RerunTarget, at: string, extra: Record<string, unknown> = {}): AuditEntry {
    // Never the secret: the audit log is read by more people than the target's admin.
    return {
      auditId: this.#o.ids.next('aud'),
      at,
      actor: caller.clientId,
      action,
      targetType: 'rerun_target',
      targetId: target.workflowName,
      details: { url: target.url, description: target.description ?? null, ...extra },
    };
  }
}
