/**
 * @module ExecutionService: reading runs for the execution APIs (with the read-time "stuck"
 * derivation applied everywhere a run is shown) and deleting them with an audit entry.
 */
import { DomainError } from '../core/errors/domain-error.js';
import type { ExecutionEvent } from '../core/events/event-catalogue.js';
import { type Execution, type Step, stuckBefore, withStuck } from '../core/executions/index.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { ExecutionFilter, ExecutionPage, ExecutionStore, ListExecutionsQuery } from '../core/ports/execution-store.js';
import type { Ids } from '../core/ports/ids.js';

/** Events a timeline shows at most; a run with more is marked truncated. */
const TIMELINE_LIMIT = 10_000;

export interface ExecutionServiceOptions {
  readonly store: ExecutionStore;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly stuckAfterMs: number;
}

export class ExecutionService {
  readonly #o: ExecutionServiceOptions;

  constructor(options: ExecutionServiceOptions) {
    this.#o = options;
  }

  /** The cut-off for `attention=stuck` filters, from now. */
  stuckBefore(): string {
    return stuckBefore(this.#o.clock.now(), this.#o.stuckAfterMs);
  }

  now(): string {
    return this.#o.clock.now();
  }

  present(execution: Execution): Execution {
    return withStuck(execution, this.#o.clock.now(), this.#o.stuckAfterMs);
  }

  async list(scope: Scope, query: ListExecutionsQuery): Promise<ExecutionPage> {
    const page = await this.#o.store.listExecutions(scope, query);
    return { ...page, executions: page.executions.map((e) => this.present(e)) };
  }

  count(scope: Scope, filter: ExecutionFilter): Promise<number> {
    return this.#o.store.countExecutions(scope, filter);
  }

  async get(scope: Scope, executionId: string): Promise<Execution> {
    const execution = await this.#o.store.getExecution(scope, executionId);
    if (!execution) throw new DomainError('EXECUTION_NOT_FOUND', { executionId });
    return this.present(execution);
  }

  async withSteps(scope: Scope, executionId: string): Promise<{ execution: Execution; steps: Step[] }> {
    const execution = await this.get(scope, executionId);
    return { execution, steps: await this.#o.store.listSteps(scope, executionId) };
  }

  async step(scope: Scope, executionId: string, index: number): Promise<{ execution: Execution; step: Step }> {
    const { execution, steps } = await this.withSteps(scope, executionId);
    const step = steps.find((s) => s.stepIndex === index);
    if (!step) throw new DomainError('STEP_NOT_FOUND', { executionId, stepId: `#${index}` }, { message: `Step ${index} not found in execution ${executionId}` });
    return { execution, step };
  }

  async timeline(scope: Scope, executionId: string): Promise<{ execution: Execution; steps: Step[]; events: ExecutionEvent[]; truncated: boolean }> {
    const { execution, steps } = await this.withSteps(scope, executionId);
    const events = await this.#o.store.readEvents(scope, { executionId, limit: TIMELINE_LIMIT + 1 });
    return { execution, steps, events: events.slice(0, TIMELINE_LIMIT), truncated: events.length > TIMELINE_LIMIT };
  }

  async delete(caller: Caller, scope: Scope, executionId: string, reason: string | undefined): Promise<void> {
    const execution = await this.get(scope, executionId);
    const deleted = await this.#o.store.deleteExecution(scope, executionId, {
      auditId: this.#o.ids.next('aud'),
      at: this.#o.clock.now(),
      actor: caller.clientId,
      action: 'execution.deleted',
      targetType: 'execution',
      targetId: executionId,
      details: { reason: reason ?? null, role: caller.role, workflow_name: execution.name, status: execution.status, events: execution.eventCount },
    });
    if (!deleted) throw new DomainError('EXECUTION_NOT_FOUND', { executionId });
  }
}
