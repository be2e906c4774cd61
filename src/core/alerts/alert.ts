/**
 * @module Built-in alerts (docs/alerts.md): five kinds of rule per tenant, the signals they are
 * computed from, and what one evaluation wants firing. Pure: the evaluator service reads the
 * signals from the store and records the transitions.
 *
 * An alert is one firing episode of (kind, subject): the subject is the workflow (failure rate,
 * retry loops), the connector (connector errors), `backlog` / `oldest_age` (pending approvals) or
 * `tenant` (cost growth). It is `firing` from `firedAt` until a later evaluation finds the
 * condition gone and marks it `resolved`; a new episode is a new alert. The rows are the history.
 */

export const ALERT_KINDS = ['failure_rate', 'pending_approvals', 'connector_errors', 'retry_loops', 'cost_growth'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATES = ['firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface FailureRateRule {
  readonly enabled: boolean;
  /** Fires when more than this percent of a workflow's runs that ended in the window failed, were aborted or expired. */
  readonly thresholdPct: number;
  readonly windowMinutes: number;
  /** …and at least this many of its runs ended in the window. */
  readonly minRuns: number;
}
export interface PendingApprovalsRule {
  readonly enabled: boolean;
  /** Fires (`backlog`) when more than this many approvals are pending. */
  readonly maxPending: number;
  /** Fires (`oldest_age`) when the oldest pending approval has waited longer than this. */
  readonly maxOldestMinutes: number;
}
export interface ConnectorErrorsRule {
  readonly enabled: boolean;
  /** Fires for a connector with at least this many failed calls in the window. */
  readonly minErrors: number;
  readonly windowMinutes: number;
}
export interface RetryLoopsRule {
  readonly enabled: boolean;
  /** A run is looping when it recorded at least this many retried attempts (step.attempt_failed) in the window. */
  readonly minRetries: number;
  readonly windowMinutes: number;
}
export interface CostGrowthRule {
  readonly enabled: boolean;
  /** Fires when the tenant's cost in the window is more than `factor` × the cost of the window before… */
  readonly factor: number;
  readonly windowMinutes: number;
  /** …and above this many USD (a quiet tenant's first dollar is not growth). */
  readonly minCostUsd: number;
}

export interface AlertRules {
  readonly failureRate: FailureRateRule;
  readonly pendingApprovals: PendingApprovalsRule;
  readonly connectorErrors: ConnectorErrorsRule;
  readonly retryLoops: RetryLoopsRule;
  readonly costGrowth: CostGrowthRule;
}

/** The same thresholds as deploy/prometheus/rules.yml, where a rule there has one. */
export const DEFAULT_ALERT_RULES: AlertRules = {
  failureRate: { enabled: true, thresholdPct: 25, windowMinutes: 10, minRuns: 5 },
  pendingApprovals: { enabled: true, maxPending: 20, maxOldestMinutes: 240 },
  connectorErrors: { enabled: true, minErrors: 5, windowMinutes: 5 },
  retryLoops: { enabled: true, minRetries: 3, windowMinutes: 15 },
  costGrowth: { enabled: true, factor: 2, windowMinutes: 60, minCostUsd: 5 },
};

/** A stored rules document: any kind left out keeps its default. */
export type AlertRulesPatch = { readonly [K in keyof AlertRules]?: Partial<AlertRules[K]> };

export function mergeRules(base: AlertRules, patch: AlertRulesPatch | undefined): AlertRules {
  if (!patch) return base;
  return {
    failureRate: { ...base.failureRate, ...patch.failureRate },
    pendingApprovals: { ...base.pendingApprovals, ...patch.pendingApprovals },
    connectorErrors: { ...base.connectorErrors, ...patch.connectorErrors },
    retryLoops: { ...base.retryLoops, ...patch.retryLoops },
    costGrowth: { ...base.costGrowth, ...patch.costGrowth },
  };
}

export interface Alert {
  readonly alertId: string;
  readonly orgId: string;
  readonly tenantId: string;
  readonly kind: AlertKind;
  readonly subject: string;
  readonly state: AlertState;
  readonly firedAt: string;
  readonly resolvedAt?: string;
  /** The measured value when it fired (percent, count, minutes or USD) and the threshold it crossed. */
  readonly value: number;
  readonly threshold: number;
  readonly summary: string;
  /** The value measured by the evaluation that resolved it. */
  readonly resolvedValue?: number;
}

/** What one evaluation measured for a tenant at `now`. */
export interface AlertSignals {
  readonly now: string;
  /** Runs that ended in the failure-rate window, per workflow. */
  readonly runOutcomes: readonly { readonly workflowName: string; readonly total: number; readonly failed: number }[];
  readonly pendingApprovals: { readonly pending: number; readonly oldestRequestedAt?: string };
  readonly connectorCalls: readonly { readonly connector: string; readonly calls: number; readonly errors: number }[];
  /** Runs with at least `minRetries` retried attempts in the window. */
  readonly retriedRuns: readonly { readonly executionId: string; readonly workflowName: string; readonly retries: number }[];
  readonly costUsd: { readonly current: number; readonly previous: number };
}

/** One condition that holds now: the alert (kind, subject) should be firing. */
export interface AlertCondition {
  readonly kind: AlertKind;
  readonly subject: string;
  readonly value: number;
  readonly threshold: number;
  readonly summary: string;
}

export const conditionKey = (c: { kind: AlertKind; subject: string }) => `${c.kind}\u0000${c.subject}`;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The conditions that hold under `rules` given `signals`. Disabled kinds hold none (their alerts resolve). */
export function conditionsOf(rules: AlertRules, signals: AlertSignals): AlertCondition[] {
  const out: AlertCondition[] = [];
  const fr = rules.failureRate;
  if (fr.enabled) {
    for (const w of signals.runOutcomes) {
      const pct = w.total === 0 ? 0 : (100 * w.failed) / w.total;
      if (w.total >= fr.minRuns && pct > fr.thresholdPct) {
        out.push({ kind: 'failure_rate', subject: w.workflowName, value: round(pct), threshold: fr.thresholdPct, summary: `${w.failed} of ${w.total} runs of ${w.workflowName} failed in the last ${fr.windowMinutes} min (${round(pct, 1)}% > ${fr.thresholdPct}%)` });
      }
    }
  }
  const pa = rules.pendingApprovals;
  if (pa.enabled) {
    const { pending, oldestRequestedAt } = signals.pendingApprovals;
    if (pending > pa.maxPending) out.push({ kind: 'pending_approvals', subject: 'backlog', value: pending, threshold: pa.maxPending, summary: `${pending} approvals are pending (> ${pa.maxPending})` });
    if (oldestRequestedAt !== undefined) {
      const minutes = (Date.parse(signals.now) - Date.parse(oldestRequestedAt)) / 60_000;
      if (minutes > pa.maxOldestMinutes) out.push({ kind: 'pending_approvals', subject: 'oldest_age', value: round(minutes), threshold: pa.maxOldestMinutes, summary: `The oldest pending approval has waited ${round(minutes, 1)} min (> ${pa.maxOldestMinutes} min)` });
    }
  }
  const ce = rules.connectorErrors;
  if (ce.enabled) {
    for (const c of signals.connectorCalls) {
      if (c.errors >= ce.minErrors) out.push({ kind: 'connector_errors', subject: c.connector, value: c.errors, threshold: ce.minErrors, summary: `Connector ${c.connector} failed ${c.errors} of ${c.calls} calls in the last ${ce.windowMinutes} min` });
    }
  }
  const rl = rules.retryLoops;
  if (rl.enabled) {
    const byWorkflow = new Map<string, { runs: number; retries: number }>();
    for (const r of signals.retriedRuns) {
      if (r.retries < rl.minRetries) continue;
      const w = byWorkflow.get(r.workflowName) ?? { runs: 0, retries: 0 };
      byWorkflow.set(r.workflowName, { runs: w.runs + 1, retries: w.retries + r.retries });
    }
    for (const [workflow, w] of byWorkflow) {
      out.push({ kind: 'retry_loops', subject: workflow, value: w.runs, threshold: rl.minRetries, summary: `${w.runs} run(s) of ${workflow} retried ${rl.minRetries}+ times in the last ${rl.windowMinutes} min (${w.retries} retries)` });
    }
  }
  const cg = rules.costGrowth;
  if (cg.enabled) {
    const { current, previous } = signals.costUsd;
    if (current > cg.minCostUsd && current > cg.factor * previous) {
      out.push({ kind: 'cost_growth', subject: 'tenant', value: round(current, 6), threshold: round(cg.factor * previous, 6), summary: `Cost in the last ${cg.windowMinutes} min is $${round(current, 4)}, more than ${cg.factor}× the window before ($${round(previous, 4)})` });
    }
  }
  return out;
}

/** The webhook body of a transition: `{event, timestamp, data}` like the log events' (no inputs, no outputs). */
export function alertPayload(alert: Alert, event: 'alert.firing' | 'alert.resolved'): { event: string; timestamp: string; data: Record<string, unknown> } {
  return {
    event,
    timestamp: event === 'alert.firing' ? alert.firedAt : (alert.resolvedAt ?? alert.firedAt),
    data: {
      org_id: alert.orgId,
      tenant_id: alert.tenantId,
      alert_id: alert.alertId,
      kind: alert.kind,
      subject: alert.subject,
      state: alert.state,
      value: alert.value,
      threshold: alert.threshold,
      summary: alert.summary,
      fired_at: alert.firedAt,
      resolved_at: alert.resolvedAt,
      resolved_value: alert.resolvedValue,
      links: { alert: `/api/v1/alerts/${encodeURIComponent(alert.alertId)}` },
    },
  };
}
