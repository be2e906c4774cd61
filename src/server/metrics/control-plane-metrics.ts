/**
 * @module The control plane's Prometheus metrics, on one prom-client Registry per app (never the
 * global default registry, so several apps in one process do not collide).
 *
 * - Counters and histograms come from the events **this replica appended** (an EventWriter
 *   observer), so each event counts once across replicas: each replica counts its own writes and
 *   Prometheus sums them.
 * - The approval backlog comes from the store at scrape time (cached for `storeCacheMs`): every
 *   replica sees the same database, so aggregate those gauges with max(), never sum().
 * - Process metrics (prom-client's default collectors) are started on this registry at the first
 *   scrape, so apps that are never scraped (tests) start no event-loop monitor.
 *
 * Client-chosen label values (workflow, policy, provider, model, connector, operation, error type)
 * pass through a LabelCap: the first N of each keep their name, the rest report as "other".
 * Names and labels are listed in docs/metrics.md; deploy/ uses them.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isTerminalStatus } from '../../core/executions/execution-status.js';
import type { PolicyMatch } from '../../core/executions/policy-decision.js';
import type { Clock } from '../../core/ports/clock.js';
import type { PendingApprovalBacklog } from '../../core/ports/approval-store.js';
import type { AppendObservation } from '../../services/event-writer.js';
import { DEFAULT_LABEL_CAP, LabelCap, NONE } from './label-cap.js';

export interface ControlPlaneMetricsOptions {
  /** How many distinct values each client-chosen label keeps before "other". @default 50 */
  readonly labelCap?: number;
  /** Reads the pending approvals of every tenant (the store). */
  readonly backlog: () => Promise<readonly PendingApprovalBacklog[]>;
  /** How long one backlog read serves scrapes. @default 5000 */
  readonly storeCacheMs?: number;
  /** The number of live streams open on this replica. */
  readonly streams: () => number;
  readonly clock: Clock;
  /** Reports a failed backlog read (the gauges keep their last values). */
  readonly onError?: (error: Error) => void;
}

/** Run durations: a few ms (tests, short agents) to a day (runs held by approvals). */
const RUN_BUCKETS = [0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];
/** Reviewer wait: seconds to a day. */
const APPROVAL_BUCKETS = [1, 10, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400];
/** Provider and connector latency as reported with each call. */
const CALL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class ControlPlaneMetrics {
  readonly registry = new Registry();
  readonly #caps: Record<'workflow' | 'policy' | 'provider' | 'model' | 'connector' | 'operation' | 'errorType', LabelCap>;
  readonly #o: ControlPlaneMetricsOptions;
  #processMetrics = false;
  #backlog: { at: number; read: Promise<readonly PendingApprovalBacklog[]> } | undefined;

  readonly #runsStarted: Counter<'type' | 'workflow'>;
  readonly #runsFinished: Counter<'type' | 'status' | 'workflow' | 'failure_class'>;
  readonly #runDuration: Histogram<'type' | 'workflow' | 'status'>;
  readonly #steps: Counter<'step_type' | 'outcome'>;
  readonly #retries: Counter<'workflow' | 'source'>;
  readonly #gateDecisions: Counter<'decision' | 'policy'>;
  readonly #policyMatches: Counter<'policy' | 'action'>;
  readonly #approvalsRequested: Counter<'workflow'>;
  readonly #approvalWait: Histogram<'outcome'>;
  readonly #slaBreaches: Counter<'workflow'>;
  readonly #providerCalls: Counter<'provider' | 'model' | 'outcome'>;
  readonly #providerLatency: Histogram<'provider' | 'model'>;
  readonly #connectorCalls: Counter<'connector' | 'operation' | 'outcome'>;
  readonly #connectorLatency: Histogram<'connector' | 'operation'>;
  readonly #connectorErrors: Counter<'connector' | 'error_type'>;
  readonly #tokens: Counter<'provider' | 'model' | 'direction' | 'workflow'>;
  readonly #cost: Counter<'provider' | 'model' | 'workflow'>;

  constructor(options: ControlPlaneMetricsOptions) {
    this.#o = options;
    const limit = options.labelCap ?? DEFAULT_LABEL_CAP;
    this.#caps = {
      workflow: new LabelCap(limit),
      policy: new LabelCap(limit),
      provider: new LabelCap(limit),
      model: new LabelCap(limit),
      connector: new LabelCap(limit),
      operation: new LabelCap(limit),
      errorType: new LabelCap(limit),
    };
    const registers = [this.registry];
    this.#runsStarted = new Counter({ name: 'axonflow_runs_started_total', help: 'Runs created, by execution type and workflow', labelNames: ['type', 'workflow'], registers });
    this.#runsFinished = new Counter({
      name: 'axonflow_runs_finished_total',
      help: 'Runs that reached a terminal status, by execution type, status, workflow and failure class (none when healthy)',
      labelNames: ['type', 'status', 'workflow', 'failure_class'],
      registers,
    });
    this.#runDuration = new Histogram({ name: 'axonflow_run_duration_seconds', help: 'Start to end of finished runs', labelNames: ['type', 'workflow', 'status'], buckets: RUN_BUCKETS, registers });
    this.#steps = new Counter({ name: 'axonflow_steps_total', help: 'Steps that ended, by step type and outcome (completed, failed, skipped, blocked)', labelNames: ['step_type', 'outcome'], registers });
    this.#retries = new Counter({ name: 'axonflow_retries_total', help: 'Failed attempts that were retried, by workflow and error source (provider, connector, step, …)', labelNames: ['workflow', 'source'], registers });
    this.#gateDecisions = new Counter({
      name: 'axonflow_gate_decisions_total',
      help: 'Gate decisions (one per evaluated gate; cached retries left out), by decision and deciding policy (none for allow, budget for budget blocks)',
      labelNames: ['decision', 'policy'],
      registers,
    });
    this.#policyMatches = new Counter({ name: 'axonflow_policy_matches_total', help: 'Policies that matched at a gate, by policy and its action (block, require_approval, redact, warn, log)', labelNames: ['policy', 'action'], registers });
    this.#approvalsRequested = new Counter({ name: 'axonflow_approvals_requested_total', help: 'Approvals requested, by workflow', labelNames: ['workflow'], registers });
    this.#approvalWait = new Histogram({ name: 'axonflow_approval_wait_seconds', help: 'Request to resolution of approvals, by outcome (approved, rejected, expired)', labelNames: ['outcome'], buckets: APPROVAL_BUCKETS, registers });
    this.#slaBreaches = new Counter({ name: 'axonflow_approval_sla_breaches_total', help: 'Approvals still pending at their SLA time, by workflow', labelNames: ['workflow'], registers });
    this.#providerCalls = new Counter({ name: 'axonflow_provider_calls_total', help: 'LLM provider calls, by provider, model and outcome (ok, error)', labelNames: ['provider', 'model', 'outcome'], registers });
    this.#providerLatency = new Histogram({ name: 'axonflow_provider_call_duration_seconds', help: 'LLM provider call latency as reported', labelNames: ['provider', 'model'], buckets: CALL_BUCKETS, registers });
    this.#connectorCalls = new Counter({ name: 'axonflow_connector_calls_total', help: 'Connector calls, by connector, operation and outcome (ok, error)', labelNames: ['connector', 'operation', 'outcome'], registers });
    this.#connectorLatency = new Histogram({ name: 'axonflow_connector_call_duration_seconds', help: 'Connector call latency as reported', labelNames: ['connector', 'operation'], buckets: CALL_BUCKETS, registers });
    this.#connectorErrors = new Counter({ name: 'axonflow_connector_errors_total', help: 'Failed connector calls, by connector and error type (unknown when not reported)', labelNames: ['connector', 'error_type'], registers });
    this.#tokens = new Counter({ name: 'axonflow_tokens_total', help: 'LLM tokens, by provider, model, direction (in, out, cached) and workflow', labelNames: ['provider', 'model', 'direction', 'workflow'], registers });
    this.#cost = new Counter({ name: 'axonflow_cost_usd_total', help: 'LLM cost in USD, by provider, model and workflow', labelNames: ['provider', 'model', 'workflow'], registers });

    const streams = options.streams;
    new Gauge({
      name: 'axonflow_stream_subscribers',
      help: 'Live SSE streams open on this replica (sum across replicas)',
      registers,
      collect() {
        this.set(streams());
      },
    });
    const backlog = () => this.#readBacklog();
    const workflowCap = this.#caps.workflow;
    const clock = options.clock;
    new Gauge({
      name: 'axonflow_approvals_pending',
      help: 'Pending approvals in the store, by workflow (same on every replica: aggregate with max)',
      labelNames: ['workflow'],
      registers,
      async collect() {
        const rows = await backlog();
        if (!rows) return;
        this.reset();
        const byLabel = new Map<string, number>();
        for (const row of rows) {
          const label = workflowCap.value(row.workflowName);
          byLabel.set(label, (byLabel.get(label) ?? 0) + row.pending);
        }
        for (const [workflow, pending] of byLabel) this.set({ workflow }, pending);
      },
    });
    new Gauge({
      name: 'axonflow_approvals_oldest_pending_age_seconds',
      help: 'Age of the oldest pending approval in the store, 0 when none (same on every replica: aggregate with max)',
      registers,
      async collect() {
        const rows = await backlog();
        if (!rows) return;
        const oldest = rows.reduce<string | undefined>((min, row) => (min === undefined || row.oldestRequestedAt < min ? row.oldestRequestedAt : min), undefined);
        this.set(oldest === undefined ? 0 : Math.max(0, (Date.parse(clock.now()) - Date.parse(oldest)) / 1000));
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text; starts the process collectors on the first call. */
  async scrape(): Promise<string> {
    if (!this.#processMetrics) {
      this.#processMetrics = true;
      collectDefaultMetrics({ register: this.registry });
    }
    return this.registry.metrics();
  }

  /** Undefined when the store could not be read (the gauges keep their last values). */
  async #readBacklog(): Promise<readonly PendingApprovalBacklog[] | undefined> {
    const now = Date.now();
    if (!this.#backlog || now - this.#backlog.at >= (this.#o.storeCacheMs ?? 5000)) {
      this.#backlog = { at: now, read: this.#o.backlog() };
    }
    const current = this.#backlog;
    try {
      return await current.read;
    } catch (error) {
      if (this.#backlog === current) this.#backlog = undefined;
      this.#o.onError?.(error as Error);
      return undefined;
    }
  }

  /** The EventWriter observer: counts one committed append of this replica. */
  readonly observe = (observation: AppendObservation): void => {
    const { written, before, after } = observation;
    const execution = after.execution;
    if (!execution) return;
    const caps = this.#caps;
    const type = execution.executionType;
    const workflow = caps.workflow.value(execution.name);
    for (const event of written) {
      switch (event.type) {
        case 'execution.created':
          this.#runsStarted.inc({ type, workflow });
          break;
        case 'step.gated': {
          const d = event.data;
          if (d.cached) break;
          this.#gateDecisions.inc({ decision: d.decision, policy: d.budgetExceeded ? 'budget' : caps.policy.value(decidingPolicy(d.decision, d.policiesMatched)) });
          for (const match of d.policiesMatched) this.#policyMatches.inc({ policy: caps.policy.value(match.policyId), action: match.action });
          if (d.decision === 'block') this.#steps.inc({ step_type: d.stepType, outcome: 'blocked' });
          break;
        }
        case 'step.completed': {
          const step = after.steps.get(event.data.stepId);
          // A repeated completion of one step is not a second step.
          if (step && step.completionCount === 1) this.#steps.inc({ step_type: step.stepType, outcome: 'completed' });
          break;
        }
        case 'step.failed':
        case 'step.skipped': {
          const step = after.steps.get(event.data.stepId);
          this.#steps.inc({ step_type: step?.stepType ?? NONE, outcome: event.type === 'step.failed' ? 'failed' : 'skipped' });
          break;
        }
        case 'step.attempt_failed':
          this.#retries.inc({ workflow, source: event.data.error.source });
          break;
        case 'provider.called': {
          const d = event.data;
          const labels = { provider: caps.provider.value(d.provider), model: caps.model.value(d.model) };
          this.#providerCalls.inc({ ...labels, outcome: d.outcome });
          this.#providerLatency.observe(labels, d.latencyMs / 1000);
          break;
        }
        case 'connector.called': {
          const d = event.data;
          const connector = caps.connector.value(d.connector);
          const operation = caps.operation.value(d.operation);
          this.#connectorCalls.inc({ connector, operation, outcome: d.outcome });
          this.#connectorLatency.observe({ connector, operation }, d.latencyMs / 1000);
          if (d.outcome === 'error') this.#connectorErrors.inc({ connector, error_type: d.errorType ? caps.errorType.value(d.errorType) : 'unknown' });
          break;
        }
        case 'approval.requested':
          this.#approvalsRequested.inc({ workflow });
          break;
        case 'approval.decided':
        case 'approval.expired': {
          const approval = after.approvals.get(event.data.approvalId) ?? before.approvals.get(event.data.approvalId);
          if (!approval) break;
          const waited = Math.max(0, (Date.parse(event.at) - Date.parse(approval.requestedAt)) / 1000);
          this.#approvalWait.observe({ outcome: event.type === 'approval.decided' ? event.data.decision : 'expired' }, Number.isFinite(waited) ? waited : 0);
          break;
        }
        case 'approval.sla_breached':
          this.#slaBreaches.inc({ workflow });
          break;
        default:
          break;
      }
    }
    // A run finishes once: when this append moved it from open to terminal.
    if (isTerminalStatus(execution.status) && !(before.execution && isTerminalStatus(before.execution.status))) {
      this.#runsFinished.inc({ type, status: execution.status, workflow, failure_class: execution.failureClass ?? NONE });
      this.#runDuration.observe({ type, workflow, status: execution.status }, (execution.durationMs ?? 0) / 1000);
    }
    for (const usage of after.usage) {
      // A step's reported totals (no provider calls) count at its first completion only.
      if (usage.usageId.startsWith('completion:')) {
        const step = usage.stepId ? after.steps.get(usage.stepId) : undefined;
        if (step && step.completionCount !== 1) continue;
      }
      const provider = caps.provider.value(usage.provider);
      const model = caps.model.value(usage.model);
      this.#tokens.inc({ provider, model, direction: 'in', workflow }, usage.tokensIn);
      this.#tokens.inc({ provider, model, direction: 'out', workflow }, usage.tokensOut);
      if (usage.tokensCached > 0) this.#tokens.inc({ provider, model, direction: 'cached', workflow }, usage.tokensCached);
      this.#cost.inc({ provider, model, workflow }, usage.costUsd);
    }
  };
}

/** The policy that decided a block or approval: the first matched policy with that action. */
function decidingPolicy(decision: string, matched: readonly PolicyMatch[]): string | undefined {
  if (decision === 'allow') return undefined;
  return (matched.find((m) => m.action === decision) ?? matched[0])?.policyId;
}
