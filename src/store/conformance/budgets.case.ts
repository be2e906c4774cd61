/**
 * @module Conformance: budgets (CRUD, tenant isolation, what a gate reads) and budget alerts,
 * recorded once per (budget, period, threshold) even when replicas race.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Budget, BudgetAlert } from '../../core/budgets/budget.js';
import type { Scope } from '../../core/identity/scope.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const AT = '2026-04-01T10:00:00.000Z';

function budget(scope: Scope, budgetId: string, extra: Partial<Budget> = {}): Budget {
  return {
    budgetId,
    orgId: scope.orgId,
    tenantId: scope.tenantId,
    name: `Budget ${budgetId}`,
    scope: 'tenant',
    scopeId: scope.tenantId,
    limitUsd: 40,
    period: 'monthly',
    onExceed: 'block',
    alertThresholds: [50, 80, 100],
    enabled: true,
    createdAt: AT,
    createdBy: 'admin',
    updatedAt: AT,
    updatedBy: 'admin',
    ...extra,
  };
}

function audit(action: string, targetId: string): AuditEntry {
  return { auditId: `aud_${randomBytes(6).toString('hex')}`, at: AT, actor: 'admin', action, targetType: 'budget', targetId, details: {} };
}

function alert(budgetId: string, threshold: number, periodStart = '2026-04-01T00:00:00.000Z', createdAt = AT): BudgetAlert {
  return {
    alertId: `alr_${randomBytes(6).toString('hex')}`,
    budgetId,
    periodStart,
    threshold,
    percentageReached: threshold,
    amountUsd: (40 * threshold) / 100,
    limitUsd: 40,
    alertType: threshold >= 100 ? 'budget_exceeded' : 'threshold_reached',
    message: `reached ${threshold}%`,
    createdAt,
  };
}

export function budgetCases(ctx: ConformanceContext, it: Register): void {
  it('stores, reads, replaces and deletes a budget, each with its audit entry', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    const created = budget(scope, 'b1', { description: 'support spend', scope: 'workflow', scopeId: 'support', alertThresholds: [25, 100] });
    expect(await store.insertBudget(scope, created, audit('budget.create', 'b1'))).toBe(true);
    expect(await store.getBudget(scope, 'b1')).toEqual(created);
    const changed: Budget = { ...created, limitUsd: 55.5, enabled: false, onExceed: 'warn', updatedAt: '2026-04-02T00:00:00.000Z' };
    expect(await store.updateBudget(scope, changed, audit('budget.update', 'b1'))).toBe(true);
    expect(await store.getBudget(scope, 'b1')).toEqual(changed);
    expect(await store.deleteBudget(scope, 'b1', audit('budget.delete', 'b1'))).toBe(true);
    expect(await store.getBudget(scope, 'b1')).toBeUndefined();
    expect(await store.deleteBudget(scope, 'b1', audit('budget.delete', 'b1'))).toBe(false);
    expect(await store.updateBudget(scope, changed, audit('budget.update', 'b1'))).toBe(false);
    const trail = await store.listAudit(scope, { targetType: 'budget', targetId: 'b1', limit: 10 });
    expect(trail.map((e) => e.action).sort()).toEqual(['budget.create', 'budget.delete', 'budget.update']);
  });

  it('refuses a second budget with the same id in a tenant, writing nothing', async () => {
    const scope = ctx.scope();
    const first = budget(scope, 'dup');
    expect(await ctx.store().insertBudget(scope, first, audit('budget.create', 'dup'))).toBe(true);
    expect(await ctx.store().insertBudget(scope, { ...first, name: 'other' }, audit('budget.create', 'dup'))).toBe(false);
    expect((await ctx.store().getBudget(scope, 'dup'))?.name).toBe(first.name);
    expect(await ctx.store().listAudit(scope, { targetType: 'budget', targetId: 'dup', limit: 10 })).toHaveLength(1);
  });

  it("keeps tenants apart: another tenant's budget cannot be read, changed or deleted", async () => {
    const mine = ctx.scope();
    const theirs: Scope = { orgId: mine.orgId, tenantId: `${mine.tenantId}-other` };
    await ctx.store().insertBudget(mine, budget(mine, 'shared-id'), audit('budget.create', 'shared-id'));
    expect(await ctx.store().getBudget(theirs, 'shared-id')).toBeUndefined();
    expect(await ctx.store().updateBudget(theirs, budget(theirs, 'shared-id'), audit('budget.update', 'shared-id'))).toBe(false);
    expect(await ctx.store().deleteBudget(theirs, 'shared-id', audit('budget.delete', 'shared-id'))).toBe(false);
    expect((await ctx.store().listBudgets(theirs, { limit: 10, offset: 0 })).total).toBe(0);
    // The same id is free in the other tenant.
    expect(await ctx.store().insertBudget(theirs, budget(theirs, 'shared-id'), audit('budget.create', 'shared-id'))).toBe(true);
    expect((await ctx.store().getBudget(mine, 'shared-id'))?.tenantId).toBe(mine.tenantId);
  });

  it('lists oldest first with filters, a total and offset paging', async () => {
    const scope = ctx.scope();
    const rows = [
      budget(scope, 'l1', { scope: 'workflow', scopeId: 'support', createdAt: '2026-04-01T00:00:01.000Z' }),
      budget(scope, 'l2', { scope: 'agent', scopeId: 'triage', enabled: false, createdAt: '2026-04-01T00:00:02.000Z' }),
      budget(scope, 'l3', { scope: 'workflow', scopeId: 'refund', createdAt: '2026-04-01T00:00:03.000Z' }),
      budget(scope, 'l4', { scope: 'organization', scopeId: undefined, createdAt: '2026-04-01T00:00:04.000Z' }),
    ];
    for (const b of rows) await ctx.store().insertBudget(scope, b, audit('budget.create', b.budgetId));
    const ids = async (q: Partial<Parameters<ReturnType<ConformanceContext['store']>['listBudgets']>[1]>) => {
      const page = await ctx.store().listBudgets(scope, { limit: 50, offset: 0, ...q });
      return [page.budgets.map((b) => b.budgetId), page.total];
    };
    expect(await ids({})).toEqual([['l1', 'l2', 'l3', 'l4'], 4]);
    expect(await ids({ scope: 'workflow' })).toEqual([['l1', 'l3'], 2]);
    expect(await ids({ scope: 'workflow', scopeId: 'refund' })).toEqual([['l3'], 1]);
    expect(await ids({ enabled: false })).toEqual([['l2'], 1]);
    expect(await ids({ enabled: true, limit: 2, offset: 1 })).toEqual([['l3', 'l4'], 3]);
  });

  it("gives a gate its tenant's enabled budgets and the org's enabled organization budgets, nothing else", async () => {
    const mine = ctx.scope();
    const sibling: Scope = { orgId: mine.orgId, tenantId: `${mine.tenantId}-sib` };
    const stranger = ctx.scope();
    const add = (scope: Scope, id: string, extra: Partial<Budget> = {}) => ctx.store().insertBudget(scope, budget(scope, id, extra), audit('budget.create', id));
    await add(mine, 'g-tenant');
    await add(mine, 'g-off', { enabled: false });
    await add(sibling, 'g-sibling-tenant');
    await add(sibling, 'g-sibling-org', { scope: 'organization', scopeId: undefined });
    await add(sibling, 'g-sibling-org-off', { scope: 'organization', scopeId: undefined, enabled: false });
    await add(stranger, 'g-stranger-org', { scope: 'organization', scopeId: undefined });
    expect((await ctx.store().listGateBudgets(mine)).map((b) => b.budgetId).sort()).toEqual(['g-sibling-org', 'g-tenant']);
    expect((await ctx.store().listGateBudgets(sibling)).map((b) => b.budgetId).sort()).toEqual(['g-sibling-org', 'g-sibling-tenant']);
  });

  it('records an alert once per budget, period and threshold, and lists the newest first', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    await store.insertBudget(scope, budget(scope, 'a1'), audit('budget.create', 'a1'));
    expect(await store.recordBudgetAlert(scope, alert('a1', 50, undefined, '2026-04-01T10:00:00.000Z'))).toBe(true);
    expect(await store.recordBudgetAlert(scope, alert('a1', 50, undefined, '2026-04-01T11:00:00.000Z'))).toBe(false);
    expect(await store.recordBudgetAlert(scope, alert('a1', 80, undefined, '2026-04-01T12:00:00.000Z'))).toBe(true);
    // The next period alerts again; another tenant's budget of the same id is another budget.
    expect(await store.recordBudgetAlert(scope, alert('a1', 50, '2026-05-01T00:00:00.000Z', '2026-05-01T01:00:00.000Z'))).toBe(true);
    expect(await store.recordBudgetAlert({ ...scope, tenantId: `${scope.tenantId}-x` }, alert('a1', 50))).toBe(true);
    const listed = await store.listBudgetAlerts(scope, 'a1', 20);
    expect(listed.map((a) => [a.periodStart.slice(0, 7), a.threshold])).toEqual([
      ['2026-05', 50],
      ['2026-04', 80],
      ['2026-04', 50],
    ]);
    expect(listed[2]).toMatchObject({ budgetId: 'a1', threshold: 50, alertType: 'threshold_reached', createdAt: '2026-04-01T10:00:00.000Z' });
    expect(await store.listBudgetAlerts(scope, 'a1', 1)).toHaveLength(1);
    // Deleting the budget deletes its alerts: a budget created again under the id starts clean.
    await store.deleteBudget(scope, 'a1', audit('budget.delete', 'a1'));
    expect(await store.listBudgetAlerts(scope, 'a1', 20)).toEqual([]);
  });

  it('records a crossing exactly once when replicas race to record it', async () => {
    const location = ctx.location();
    const a = ctx.track(location.open());
    await a.migrate();
    // A second replica where the backend allows several processes; one store otherwise.
    const b = ctx.kind === 'postgres' ? ctx.track(location.open()) : a;
    const scope = ctx.scope();
    await a.insertBudget(scope, budget(scope, 'race'), audit('budget.create', 'race'));
    const stored = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).recordBudgetAlert(scope, alert('race', 100))));
    expect(stored.filter(Boolean)).toHaveLength(1);
    expect(await b.listBudgetAlerts(scope, 'race', 20)).toHaveLength(1);
  });
}
