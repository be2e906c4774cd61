/** The alerts page's wording: units per kind, subjects, where each alert links to, rules as sentences and what an admin changed. */
import { describe, expect, it } from 'vitest';
import type { AlertRules } from '../../../src/sdk/alerts-client.js';
import { alertLink, alertMeasure, alertSubject, changedSettings, ruleText } from './alerts.js';
import { parseFilters } from './filters.js';

const DEFAULTS: AlertRules = {
  failure_rate: { enabled: true, threshold_pct: 25, window_minutes: 10, min_runs: 5 },
  pending_approvals: { enabled: true, max_pending: 20, max_oldest_minutes: 240 },
  connector_errors: { enabled: true, min_errors: 5, window_minutes: 5 },
  retry_loops: { enabled: true, min_retries: 3, window_minutes: 15 },
  cost_growth: { enabled: true, factor: 2, window_minutes: 60, min_cost_usd: 5 },
};

describe('alert wording', () => {
  it('shows each kind in its unit and names its subject', () => {
    expect(alertMeasure('failure_rate', 'refunds', 41.67)).toBe('41.67%');
    expect(alertMeasure('pending_approvals', 'backlog', 21)).toBe('21 pending');
    expect(alertMeasure('pending_approvals', 'oldest_age', 250.5)).toBe('250.5 min');
    expect(alertMeasure('connector_errors', 'crm', 7)).toBe('7 errors');
    expect(alertMeasure('connector_errors', 'crm', 1, 'threshold')).toBe('1 error');
    expect(alertMeasure('retry_loops', 'research', 2)).toBe('2 runs');
    expect(alertMeasure('retry_loops', 'research', 1)).toBe('1 run');
    expect(alertMeasure('retry_loops', 'research', 3, 'threshold')).toBe('3 retries/run');
    expect(alertMeasure('cost_growth', 'tenant', 12.5)).toBe('$12.5');
    expect(alertMeasure('cost_growth', 'tenant', undefined)).toBe('—');
    expect(alertSubject('failure_rate', 'refunds')).toBe('workflow refunds');
    expect(alertSubject('connector_errors', 'crm')).toBe('connector crm');
    expect(alertSubject('pending_approvals', 'oldest_age')).toBe('oldest pending approval');
  });

  it("links a workflow's alert to its runs in the list, filtered through the URL the list reads", () => {
    const link = alertLink({ kind: 'failure_rate', subject: 'refund agent & co' });
    expect(link.label).toBe('Runs of refund agent & co');
    const filters = parseFilters(new URL(link.to, 'http://x').searchParams);
    expect(filters).toMatchObject({ workflow: 'refund agent & co', range: '24h' });
    expect(parseFilters(new URL(alertLink({ kind: 'connector_errors', subject: 'crm' }).to, 'http://x').searchParams).failureClass).toEqual(['connector_failure']);
    expect(alertLink({ kind: 'pending_approvals', subject: 'backlog' }).to).toBe('/approvals');
    expect(alertLink({ kind: 'cost_growth', subject: 'tenant' }).to).toBe('/dashboards');
  });

  it('says each rule in words and lists the settings an admin changed', () => {
    const rules: AlertRules = { ...DEFAULTS, failure_rate: { ...DEFAULTS.failure_rate, threshold_pct: 10, min_runs: 2 }, cost_growth: { ...DEFAULTS.cost_growth, enabled: false } };
    expect(ruleText('failure_rate', rules)).toBe("more than 10% of a workflow's runs that ended in the last 10 min failed (at least 2 ended)");
    expect(ruleText('pending_approvals', rules)).toBe('more than 20 approvals pending, or the oldest waiting more than 240 min');
    expect(ruleText('cost_growth', rules)).toBe('cost in the last 60 min is more than 2× the window before and above $5');
    expect(changedSettings('failure_rate', rules, DEFAULTS)).toEqual(['threshold_pct', 'min_runs']);
    expect(changedSettings('cost_growth', rules, DEFAULTS)).toEqual(['enabled']);
    expect(changedSettings('retry_loops', rules, DEFAULTS)).toEqual([]);
  });
});
