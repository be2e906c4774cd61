/** @module Alerts and alert rules on the wire (snake_case). */
import type { Alert, AlertRules, AlertRulesPatch } from '../../core/alerts/alert.js';
import type { z } from 'zod';
import type { AlertRulesWire, PutAlertRulesRequest } from '../../shared/alerts.js';

export function presentAlert(a: Alert) {
  return {
    id: a.alertId,
    tenant_id: a.tenantId,
    kind: a.kind,
    subject: a.subject,
    state: a.state,
    value: a.value,
    threshold: a.threshold,
    summary: a.summary,
    fired_at: a.firedAt,
    ...(a.resolvedAt !== undefined ? { resolved_at: a.resolvedAt } : {}),
    ...(a.resolvedValue !== undefined ? { resolved_value: a.resolvedValue } : {}),
  };
}

function rulesWire(r: AlertRules): z.infer<typeof AlertRulesWire> {
  return {
    failure_rate: { enabled: r.failureRate.enabled, threshold_pct: r.failureRate.thresholdPct, window_minutes: r.failureRate.windowMinutes, min_runs: r.failureRate.minRuns },
    pending_approvals: { enabled: r.pendingApprovals.enabled, max_pending: r.pendingApprovals.maxPending, max_oldest_minutes: r.pendingApprovals.maxOldestMinutes },
    connector_errors: { enabled: r.connectorErrors.enabled, min_errors: r.connectorErrors.minErrors, window_minutes: r.connectorErrors.windowMinutes },
    retry_loops: { enabled: r.retryLoops.enabled, min_retries: r.retryLoops.minRetries, window_minutes: r.retryLoops.windowMinutes },
    cost_growth: { enabled: r.costGrowth.enabled, factor: r.costGrowth.factor, window_minutes: r.costGrowth.windowMinutes, min_cost_usd: r.costGrowth.minCostUsd },
  };
}

export function presentRules(tenantId: string, rules: AlertRules, defaults: AlertRules) {
  return { tenant_id: tenantId, rules: rulesWire(rules), defaults: rulesWire(defaults) };
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function rulesPatchOf(b: Omit<z.infer<typeof PutAlertRulesRequest>, 'tenant_id'>): AlertRulesPatch {
  const out: { -readonly [K in keyof AlertRulesPatch]: AlertRulesPatch[K] } = {};
  if (b.failure_rate) out.failureRate = defined({ enabled: b.failure_rate.enabled, thresholdPct: b.failure_rate.threshold_pct, windowMinutes: b.failure_rate.window_minutes, minRuns: b.failure_rate.min_runs });
  if (b.pending_approvals) out.pendingApprovals = defined({ enabled: b.pending_approvals.enabled, maxPending: b.pending_approvals.max_pending, maxOldestMinutes: b.pending_approvals.max_oldest_minutes });
  if (b.connector_errors) out.connectorErrors = defined({ enabled: b.connector_errors.enabled, minErrors: b.connector_errors.min_errors, windowMinutes: b.connector_errors.window_minutes });
  if (b.retry_loops) out.retryLoops = defined({ enabled: b.retry_loops.enabled, minRetries: b.retry_loops.min_retries, windowMinutes: b.retry_loops.window_minutes });
  if (b.cost_growth) out.costGrowth = defined({ enabled: b.cost_growth.enabled, factor: b.cost_growth.factor, windowMinutes: b.cost_growth.window_minutes, minCostUsd: b.cost_growth.min_cost_usd });
  return out;
}
