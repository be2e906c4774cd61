import { describe, expect, it } from 'vitest';
import type { Budget } from './budget.js';
import { budgetAlert, budgetApplies, budgetDecision, budgetMatch, budgetStanding, formatUsd, reachedThresholds } from './check-budget.js';

const WINDOW = { start: '2026-05-01T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' };

function budget(extra: Partial<Budget> = {}): Budget {
  return {
    budgetId: 'support-monthly',
    orgId: 'acme',
    tenantId: 'payments',
    name: 'Support monthly',
    scope: 'workflow',
    scopeId: 'support',
    limitUsd: 40,
    period: 'monthly',
    onExceed: 'block',
    alertThresholds: [50, 80, 100],
    enabled: true,
    createdAt: '2026-05-01T00:00:00.000Z',
    createdBy: 'admin',
    updatedAt: '2026-05-01T00:00:00.000Z',
    updatedBy: 'admin',
    ...extra,
  };
}

describe('budgetApplies', () => {
  const facts = { tenantId: 'payments', workflow: 'support', agentId: 'triage', provider: 'openai' };

  it('matches each scope against its gate fact, within the budget tenant', () => {
    expect(budgetApplies(budget(), facts)).toBe(true);
    expect(budgetApplies(budget({ scopeId: 'refund' }), facts)).toBe(false);
    expect(budgetApplies(budget({ scope: 'tenant', scopeId: 'payments' }), facts)).toBe(true);
    expect(budgetApplies(budget({ scope: 'agent', scopeId: 'triage' }), facts)).toBe(true);
    expect(budgetApplies(budget({ scope: 'agent', scopeId: 'triage' }), { ...facts, agentId: undefined })).toBe(false);
    expect(budgetApplies(budget({ scope: 'provider', scopeId: 'openai' }), facts)).toBe(true);
    expect(budgetApplies(budget({ scope: 'provider', scopeId: 'anthropic' }), facts)).toBe(false);
    expect(budgetApplies(budget(), { ...facts, tenantId: 'other' })).toBe(false);
  });

  it('applies organization budgets in every tenant, and disabled budgets nowhere', () => {
    expect(budgetApplies(budget({ scope: 'organization', scopeId: undefined }), { ...facts, tenantId: 'other' })).toBe(true);
    expect(budgetApplies(budget({ enabled: false }), facts)).toBe(false);
  });
});

describe('budgetStanding', () => {
  it('reports used, remaining and percentage; exceeded at the limit; blocked only for block budgets', () => {
    expect(budgetStanding(budget(), 41.2, WINDOW)).toEqual({
      budget: budget(),
      usedUsd: 41.2,
      remainingUsd: 0,
      percentage: 103,
      periodStart: WINDOW.start,
      periodEnd: WINDOW.end,
      isExceeded: true,
      isBlocked: true,
    });
    expect(budgetStanding(budget(), 40, WINDOW)).toMatchObject({ isExceeded: true, remainingUsd: 0, percentage: 100 });
    expect(budgetStanding(budget(), 12.345, WINDOW)).toMatchObject({ isExceeded: false, isBlocked: false, remainingUsd: 27.655, percentage: 30.86 });
    expect(budgetStanding(budget({ onExceed: 'warn' }), 50, WINDOW)).toMatchObject({ isExceeded: true, isBlocked: false });
  });
});

describe('budgetMatch and budgetDecision', () => {
  it('words the reason with the spend, the limit, the whole percent (rounded down) and the period', () => {
    expect(budgetMatch({ budget: budget(), usedUsd: 41.2 })).toEqual({
      policyId: 'budget:support-monthly',
      policyName: 'Support monthly',
      action: 'block',
      severity: 'high',
      reason: "Budget 'Support monthly' used $41.20 of $40.00 (103%) this monthly period",
      matchedRule: 'monthly spend >= $40.00',
      description: undefined,
    });
    expect(budgetMatch({ budget: budget(), usedUsd: 39.99 }).reason).toContain('(99%)');
    expect(budgetMatch({ budget: budget({ onExceed: 'warn' }), usedUsd: 1 }).severity).toBe('medium');
    expect(budgetMatch({ budget: budget(), usedUsd: 39, declaredUsd: 2 }).reason).toBe(
      "Budget 'Support monthly' used $39.00 of $40.00 (97%) this monthly period; this step's declared $2.00 brings it to $41.00 (102%)",
    );
  });

  it('evaluates every budget, matches the exceeded ones, and lets the most restrictive decide', () => {
    const warn = { budget: budget({ budgetId: 'w', name: 'W', onExceed: 'warn' }), usedUsd: 50 };
    const block = { budget: budget({ budgetId: 'b', name: 'B' }), usedUsd: 45 };
    const fine = { budget: budget({ budgetId: 'f', name: 'F' }), usedUsd: 1 };
    const decision = budgetDecision([warn, fine, block]);
    expect(decision.decision).toBe('block');
    expect(decision.budgetExceeded).toBe(true);
    expect(decision.reason).toBe("Budget 'B' used $45.00 of $40.00 (112%) this monthly period");
    expect(decision.policiesEvaluated.map((m) => m.policyId)).toEqual(['budget:w', 'budget:f', 'budget:b']);
    expect(decision.policiesMatched.map((m) => m.policyId)).toEqual(['budget:w', 'budget:b']);
    expect(decision.warnings).toEqual(["Budget 'W' used $50.00 of $40.00 (125%) this monthly period"]);

    const approval = budgetDecision([warn, { budget: budget({ budgetId: 'a', onExceed: 'require_approval' }), usedUsd: 40 }]);
    expect(approval).toMatchObject({ decision: 'require_approval' });
    expect(approval.budgetExceeded).toBeUndefined();
    expect(budgetDecision([warn])).toMatchObject({ decision: 'allow', reason: "Budget 'W' used $50.00 of $40.00 (125%) this monthly period" });
    expect(budgetDecision([fine])).toMatchObject({ decision: 'allow', reason: 'No budget is exceeded', policiesMatched: [] });
    expect(budgetDecision([])).toMatchObject({ decision: 'allow', reason: 'No budget applies', policiesEvaluated: [] });
  });

  it('counts a declared cost toward the limit', () => {
    expect(budgetDecision([{ budget: budget(), usedUsd: 39, declaredUsd: 0.99 }]).decision).toBe('allow');
    expect(budgetDecision([{ budget: budget(), usedUsd: 39, declaredUsd: 1 }]).decision).toBe('block');
  });
});

describe('alert thresholds', () => {
  it('lists the thresholds a spend has reached, exactly at the boundary and despite float noise', () => {
    expect(reachedThresholds(budget(), 19.99)).toEqual([]);
    expect(reachedThresholds(budget(), 20)).toEqual([50]);
    expect(reachedThresholds(budget(), 32)).toEqual([50, 80]);
    expect(reachedThresholds(budget(), 40)).toEqual([50, 80, 100]);
    expect(reachedThresholds(budget({ limitUsd: 1, alertThresholds: [29] }), 0.29)).toEqual([29]);
    expect(reachedThresholds(budget({ alertThresholds: [120, 50] }), 100)).toEqual([50, 120]);
  });

  it('types an alert at 100% or more as budget_exceeded and words its message', () => {
    expect(budgetAlert(budget(), 80, 32.1, WINDOW, { alertId: 'alr_1', at: '2026-05-20T00:00:00.000Z' })).toEqual({
      alertId: 'alr_1',
      budgetId: 'support-monthly',
      periodStart: WINDOW.start,
      threshold: 80,
      percentageReached: 80.25,
      amountUsd: 32.1,
      limitUsd: 40,
      alertType: 'threshold_reached',
      message: "Budget 'Support monthly' reached 80% of its limit: $32.10 of $40.00 (80%) used this monthly period",
      createdAt: '2026-05-20T00:00:00.000Z',
    });
    expect(budgetAlert(budget(), 100, 41, WINDOW, { alertId: 'a', at: 'x' }).alertType).toBe('budget_exceeded');
  });

  it('shows sub-cent amounts with two significant digits', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0034)).toBe('$0.0034');
    expect(formatUsd(0.012)).toBe('$0.01');
    expect(formatUsd(1234.5)).toBe('$1234.50');
  });
});
