/**
 * @module WorkflowService: AxonFlow's Workflow Control Plane (WCP) on the one execution model.
 * An orchestrator creates a workflow, asks the gate before each step, completes steps, and ends
 * the workflow. Rules live in core (`planGate`, `planStepCompletion`, …) and run inside the
 * store's transaction; this service evaluates policies (outside the transaction), writes, and
 * reads back what the wire needs.
 */
import { DomainError } from '../core/errors/domain-error.js';
import { fingerprint } from '../core/events/canonical-json.js';
import type { Execution, ExecutionStatus, PolicyDecision, Step, ToolContext, StepType } from '../core/executions/index.js';
import { isTerminalStatus, isTruncated } from '../core/executions/index.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { ExecutionPage, ExecutionStore } from '../core/ports/execution-store.js';
import type { Ids } from '../core/ports/ids.js';
import type { PolicyEvaluator } from '../core/ports/policy-evaluator.js';
import type { PriceTable } from '../core/pricing/index.js';
import {
  type GatePlan,
  type RetryContext,
  type WorkflowEnd,
  planGate,
  planResume,
  planStepCompletion,
  planWorkflowEnd,
  retryContext,
} from '../core/workflows/index.js';
import type { EventWriter } from './event-writer.js';
import type { PriceLookup } from './price-book.js';

export interface WorkflowServiceOptions {
  readonly store: ExecutionStore;
  readonly writer: EventWriter;
  readonly evaluator: PolicyEvaluator;
  /** Prices a completion that reports tokens but no cost, when `priceBook` is absent. */
  readonly prices: PriceTable;
  /** The org's effective prices, read when a completion must be priced (so overrides apply at once). */
  readonly priceBook?: PriceLookup;
  readonly clock: Clock;
  readonly ids: Ids;
  /** How long an approval waits before it expires. @default 24 h */
  readonly approvalTtlMs?: number;
  /** How long reviewers have before an approval is past its SLA, when its policy does not say. @default 4 h */
  readonly approvalSlaMs?: number;
}

export interface CreateWorkflow {
  readonly name: string;
  readonly source: string;
  readonly metadata?: Record<string, unknown>;
  readonly traceId?: string;
  readonly input?: unknown;
  /** A re-run: the run it re-runs and the request it carries out. */
  readonly parentExecutionId?: string;
  readonly rerunId?: string;
}

export interface GateInput {
  readonly name?: string;
  readonly stepType: StepType;
  readonly input?: unknown;
  readonly tool?: ToolContext;
  readonly provider?: string;
  readonly model?: string;
  readonly tokensIn?: number;
  readonly tokensOut?: number;
  readonly costUsd?: number;
  readonly idempotencyKey?: string;
  readonly retryPolicy?: 'idempotent' | 'reevaluate';
}

export interface GateOutcome {
  readonly workflowId: string;
  readonly step: Step;
  readonly cached: boolean;
  readonly retryContext: RetryContext;
  /** The step's output from an earlier completion, when asked for and available (whole, not a preview). */
  readonly priorOutput?: unknown;
}

export interface ListWorkflows {
  readonly statuses?: readonly ExecutionStatus[];
  readonly source?: string;
  readonly traceId?: string;
  readonly limit: number;
  readonly offset: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_SLA_MS = 4 * 60 * 60 * 1000;

/** Thrown inside decide when the transaction found a state the pre-read did not expect. */
class NeedsEvaluation extends Error {}

export class WorkflowService {
  readonly #o: WorkflowServiceOptions;

  constructor(options: WorkflowServiceOptions) {
    this.#o = options;
  }

  /**
   * With an idempotency key the workflow id is derived from it, so a retried create returns the
   * workflow the first one made; the same key with a different request is IDEMPOTENCY_KEY_REUSED.
   */
  async create(caller: Caller, input: CreateWorkflow, idempotencyKey?: string): Promise<Execution> {
    const workflowId = idempotencyKey ? `wf_${fingerprint(idempotencyKey).slice(0, 32)}` : this.#o.ids.next('wf');
    try {
      const result = await this.#o.writer.append(caller, {
        executionId: workflowId,
        decide: () => [
          {
            type: 'execution.created',
            eventId: idempotencyKey ? `create:${fingerprint(idempotencyKey).slice(0, 32)}` : undefined,
            data: {
              executionType: 'wcp_workflow',
              name: input.name,
              source: input.source,
              metadata: input.metadata,
              traceId: input.traceId,
              input: input.input,
              clientId: caller.clientId,
              parentExecutionId: input.parentExecutionId,
              rerunId: input.rerunId,
            },
          },
        ],
      });
      return result.projection.execution as Execution;
    } catch (error) {
      if (idempotencyKey && DomainError.is(error) && (error.code === 'EVENT_ID_CONFLICT' || error.code === 'EXECUTION_ALREADY_EXISTS')) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', { key: idempotencyKey });
      }
      throw error;
    }
  }

  list(scope: Scope, query: ListWorkflows): Promise<ExecutionPage> {
    return this.#o.store.listExecutions(scope, { ...query, executionType: 'wcp_workflow' });
  }

  async get(scope: Scope, workflowId: string): Promise<{ execution: Execution; steps: Step[] }> {
    const execution = await this.#o.store.getExecution(scope, workflowId);
    if (!execution || execution.executionType !== 'wcp_workflow') throw new DomainError('WORKFLOW_NOT_FOUND', { workflowId });
    return { execution, steps: await this.#o.store.listSteps(scope, workflowId) };
  }

  async gate(caller: Caller, workflowId: string, stepId: string, input: GateInput, options: { includePriorOutput?: boolean } = {}): Promise<GateOutcome> {
    const { store, writer, clock, ids } = this.#o;
    const request = {
      workflowId,
      stepId,
      name: input.name ?? stepId,
      stepType: input.stepType,
      input: input.input,
      tool: input.tool,
      provider: input.provider,
      model: input.model,
      idempotencyKey: input.idempotencyKey,
      inputHash: fingerprint({ input: input.input ?? null, tool: input.tool ?? null }),
      retryPolicy: input.retryPolicy ?? 'idempotent',
    } as const;
    const [execution, existing] = await Promise.all([store.getExecution(caller, workflowId), store.getStep(caller, workflowId, stepId)]);
    const expectCached = existing !== undefined && existing.gateCount > 0 && request.retryPolicy === 'idempotent';
    const evaluable = (e: Execution | undefined): e is Execution => e !== undefined && e.executionType === 'wcp_workflow' && !isTerminalStatus(e.status);
    // The step's agent, when known before its gate (an agent.handoff or step.started reported for it).
    const agentId = existing?.agentId;
    let fresh = evaluable(execution) && !expectCached ? await this.#evaluate(caller, execution, stepId, input, agentId) : undefined;

    for (let attempt = 0; ; attempt++) {
      let plan: GatePlan | undefined;
      try {
        const result = await writer.append(caller, {
          executionId: workflowId,
          load: { stepIds: [stepId] },
          actor: caller.clientId,
          decide: (current) => {
            plan = planGate(current, request, {
              fresh,
              newApprovalId: () => ids.next('apr'),
              approvalExpiresAt: (ttlMs) => new Date(Date.parse(clock.now()) + (ttlMs ?? this.#o.approvalTtlMs ?? DAY_MS)).toISOString(),
              approvalSlaAt: (slaMs) => new Date(Date.parse(clock.now()) + (slaMs ?? this.#o.approvalSlaMs ?? DEFAULT_SLA_MS)).toISOString(),
            });
            if (plan.kind === 'needs_evaluation') throw new NeedsEvaluation();
            return plan.events;
          },
        });
        const step = result.projection.steps.get(stepId) as Step;
        const before = plan?.kind === 'events' ? plan.before : undefined;
        const priorOutput = options.includePriorOutput && before?.output !== undefined ? await this.#wholeOutput(caller, workflowId, before.output) : undefined;
        return { workflowId, step, cached: plan?.kind === 'events' && plan.cached, retryContext: retryContext(before, step), priorOutput };
      } catch (error) {
        if (!(error instanceof NeedsEvaluation) || attempt > 0) throw error;
        const latest = await store.getExecution(caller, workflowId);
        if (!evaluable(latest)) throw new DomainError('WORKFLOW_NOT_FOUND', { workflowId });
        fresh = await this.#evaluate(caller, latest, stepId, input, agentId);
      }
    }
  }

  async completeStep(
    caller: Caller,
    workflowId: string,
    stepId: string,
    completion: { output?: unknown; tokensIn?: number; tokensOut?: number; costUsd?: number; idempotencyKey?: string },
  ): Promise<Step> {
    const needsPrice = completion.costUsd === undefined && (completion.tokensIn !== undefined || completion.tokensOut !== undefined);
    const prices = needsPrice && this.#o.priceBook ? await this.#o.priceBook.pricesFor(caller) : this.#o.prices;
    const result = await this.#o.writer.append(caller, {
      executionId: workflowId,
      load: { stepIds: [stepId] },
      decide: (current) => planStepCompletion(current, { workflowId, stepId, ...completion }, prices),
    });
    return result.projection.steps.get(stepId) as Step;
  }

  async end(caller: Caller, workflowId: string, end: WorkflowEnd): Promise<Execution> {
    const result = await this.#o.writer.append(caller, { executionId: workflowId, actor: caller.clientId, decide: (current) => planWorkflowEnd(current, workflowId, end) });
    return result.projection.execution as Execution;
  }

  async resume(caller: Caller, workflowId: string): Promise<Execution> {
    const result = await this.#o.writer.append(caller, { executionId: workflowId, decide: (current) => planResume(current, workflowId, caller.clientId) });
    return result.projection.execution as Execution;
  }

  /** The steps a run could resume after: every completed step, in order. */
  async checkpoints(scope: Scope, workflowId: string): Promise<{ execution: Execution; steps: Step[] }> {
    const { execution, steps } = await this.get(scope, workflowId);
    return { execution, steps: steps.filter((step) => step.status === 'completed') };
  }

  #evaluate(caller: Caller, execution: Execution, stepId: string, input: GateInput, stepAgent: string | undefined): Promise<PolicyDecision> {
    const runAgent = execution.metadata['agent_id'];
    return this.#o.evaluator.evaluate({
      orgId: caller.orgId,
      tenantId: caller.tenantId,
      clientId: caller.clientId,
      userId: execution.userId,
      workflow: { executionId: execution.executionId, name: execution.name, source: execution.source },
      metadata: execution.metadata,
      step: { id: stepId, name: input.name ?? stepId, type: input.stepType, input: input.input },
      tool: input.tool,
      agentId: stepAgent ?? (typeof runAgent === 'string' ? runAgent : undefined),
      provider: input.provider,
      model: input.model,
      tokensIn: input.tokensIn,
      tokensOut: input.tokensOut,
      costUsd: input.costUsd,
    });
  }

  /** A preview marker stands for a payload kept whole in the event with that seq. */
  async #wholeOutput(scope: Scope, workflowId: string, output: unknown): Promise<unknown> {
    if (!isTruncated(output)) return output;
    const [event] = await this.#o.store.readEvents(scope, { executionId: workflowId, afterSeq: output.seq - 1, limit: 1 });
    return event && event.seq === output.seq ? (event.data as { output?: unknown }).output : output;
  }
}
