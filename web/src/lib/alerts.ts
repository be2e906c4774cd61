/**
 * @module How the alerts page words built-in alerts (docs/alerts.md): the unit each kind measures
 * in, what its subject is, where in the viewer to look at it, and each rule as a sentence. The
 * same wording as the Slack messages (src/core/webhooks/slack-payload.ts), which the UI may not
 * import.
 */
import type { Alert, AlertKind, AlertRules } from '../../../src/sdk/alerts-client.js';

// Values only (the shared module would bring zod into the bundle); the type keeps them in step.
export const ALERT_KINDS: readonly AlertKind[] = ['failure_rate', 'pending_approvals', 'connector_errors', 'retry_loops', 'cost_growth'];

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A measured value or threshold in the kind's unit: `41.67%`, `3 pending`, `12.5 min`, `$1.25`.
 * Retry loops count runs, against a threshold of retries per run.
 */
export function alertMeasure(kind: AlertKind, subject: string, value: number | undefined, which: 'value' | 'threshold' = 'value'): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  switch (kind) {
    case 'failure_rate':
      return `${value}%`;
    case 'pending_approvals':
      return subject === 'oldest_age' ? `${value} min` : `${value} pending`;
    case 'connector_errors':
      return count(value, 'error', 'errors');
    case 'retry_loops':
      return which === 'threshold' ? `${count(value, 'retry', 'retries')}/run` : count(value, 'run', 'runs');
    case 'cost_growth':
      return `$${value}`;
  }
}

/** `workflow refund-agent`, `connector crm`, `approval backlog`… */
export function alertSubject(kind: AlertKind, subject: string): string {
  switch (kind) {
    case 'failure_rate':
    case 'retry_loops':
      return `workflow ${subject}`;
    case 'connector_errors':
      return `connector ${subject}`;
    case 'pending_approvals':
      return subject === 'oldest_age' ? 'oldest pending approval' : 'approval backlog';
    case 'cost_growth':
      return 'tenant cost';
  }
}

/** Where to look at what the alert is about: a viewer path (under /ui) and its label. */
export function alertLink(alert: Pick<Alert, 'kind' | 'subject'>): { to: string; label: string } {
  switch (alert.kind) {
    case 'failure_rate':
    case 'retry_loops':
      return { to: `/executions?${new URLSearchParams({ workflow: alert.subject, range: '24h' })}`, label: `Runs of ${alert.subject}` };
    case 'connector_errors':
      return { to: '/executions?failure_class=connector_failure&range=24h', label: 'Connector failures' };
    case 'pending_approvals':
      return { to: '/approvals', label: 'Approvals inbox' };
    case 'cost_growth':
      return { to: '/dashboards', label: 'Cost dashboards' };
  }
}

/** A rule in words, e.g. "more than 25% of a workflow's runs that ended in 10 min failed (at least 5 ended)". */
export function ruleText(kind: AlertKind, rules: AlertRules): string {
  switch (kind) {
    case 'failure_rate': {
      const r = rules.failure_rate;
      return `more than ${r.threshold_pct}% of a workflow's runs that ended in the last ${r.window_minutes} min failed (at least ${r.min_runs} ended)`;
    }
    case 'pending_approvals': {
      const r = rules.pending_approvals;
      return `more than ${r.max_pending} approvals pending, or the oldest waiting more than ${r.max_oldest_minutes} min`;
    }
    case 'connector_errors': {
      const r = rules.connector_errors;
      return `a connector failed ${r.min_errors} or more calls in the last ${r.window_minutes} min`;
    }
    case 'retry_loops': {
      const r = rules.retry_loops;
      return `a run of a workflow retried ${r.min_retries} or more times in the last ${r.window_minutes} min`;
    }
    case 'cost_growth': {
      const r = rules.cost_growth;
      return `cost in the last ${r.window_minutes} min is more than ${r.factor}× the window before and above $${r.min_cost_usd}`;
    }
  }
}

/** The settings of a kind that differ from the defaults (an admin changed them). */
export function changedSettings(kind: AlertKind, rules: AlertRules, defaults: AlertRules): string[] {
  const now = rules[kind] as Record<string, unknown>;
  const base = defaults[kind] as Record<string, unknown>;
  return Object.keys(now).filter((key) => now[key] !== base[key]);
}
