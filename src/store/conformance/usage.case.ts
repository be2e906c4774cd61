/**
 * @module Conformance: usage totals and breakdowns (SQL aggregates over the usage projection):
 * the time window is half-open, filters narrow, tenants stay apart unless the query spans the org,
 * and every grouping sums and orders the same on both stores.
 */
import { expect } from 'vitest';
import type { EventDraft } from '../../core/events/event-catalogue.js';
import type { Scope } from '../../core/identity/scope.js';
import type { UsageQuery } from '../../core/ports/usage-store.js';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const APRIL: UsageQuery = { from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' };

function stepOf(stepId: string, agentId?: string, provider?: string, model?: string): EventDraft {
  return { type: 'step.started', data: { stepId, name: stepId, stepType: 'llm_call', agentId, provider, model } };
}

function call(stepId: string, provider: string, model: string, tokensIn: number, tokensOut: number, costUsd: number, at: string): EventDraft {
  return { type: 'provider.called', data: { stepId, provider, model, tokensIn, tokensOut, latencyMs: 100, outcome: 'ok', costUsd }, at };
}

interface Seeded {
  readonly a: Scope;
  readonly b: Scope;
}

async function seed(ctx: ConformanceContext): Promise<Seeded> {
  const store = ctx.store();
  const a = ctx.scope();
  const b: Scope = { orgId: a.orgId, tenantId: `${a.tenantId}-b` };
  const other = ctx.scope();
  const run = (scope: Scope, executionId: string, name: string, events: EventDraft[]) =>
    store.append(scope, { executionId, decide: () => [ev.created(name, { at: '2026-03-30T00:00:00.000Z' }), ...events] });
  await run(a, 'a1', 'support', [
    stepOf('s1', 'triage'),
    call('s1', 'openai', 'gpt-4o', 1000, 500, 0.5, '2026-04-01T00:00:00.000Z'),
    call('s1', 'openai', 'gpt-4o', 200, 100, 0.25, '2026-04-03T12:00:00.000Z'),
  ]);
  await run(a, 'a2', 'refund', [stepOf('s1', 'payer'), call('s1', 'anthropic', 'claude-sonnet-4', 2000, 1000, 1.5, '2026-04-10T08:00:00.000Z')]);
  // A step that reported totals at completion, without provider calls: one usage record.
  await run(a, 'a3', 'support', [stepOf('s1', undefined, 'openai', 'gpt-4o-mini'), ev.stepCompleted('s1', { tokensIn: 300, tokensOut: 100, costUsd: 0.2, at: '2026-04-15T09:30:00.000Z' })]);
  // Just outside the window on both sides.
  await run(a, 'a4', 'support', [
    stepOf('s1', 'triage'),
    call('s1', 'openai', 'gpt-4o', 100, 100, 9, '2026-03-31T23:59:59.999Z'),
    call('s1', 'openai', 'gpt-4o', 100, 100, 7, '2026-05-01T00:00:00.000Z'),
  ]);
  await run(b, 'b1', 'support', [stepOf('s1', 'triage'), call('s1', 'openai', 'gpt-4o', 500, 500, 3, '2026-04-05T00:00:00.000Z')]);
  await run(other, 'x1', 'support', [stepOf('s1', 'triage'), call('s1', 'openai', 'gpt-4o', 500, 500, 100, '2026-04-05T00:00:00.000Z')]);
  return { a, b };
}

export function usageCases(ctx: ConformanceContext, it: Register): void {
  let seeded: Promise<Seeded> | undefined;
  const scopes = () => (seeded ??= seed(ctx));

  it('sums cost, tokens and records of a tenant over a half-open window', async () => {
    const { a } = await scopes();
    expect(await ctx.store().usageTotals(a, APRIL)).toEqual({ costUsd: 2.45, tokensIn: 3500, tokensOut: 1700, requestCount: 4 });
    expect(await ctx.store().usageTotals(a, { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' })).toEqual({
      costUsd: 9,
      tokensIn: 100,
      tokensOut: 100,
      requestCount: 1,
    });
  });

  it('answers zeros for a window, tenant or filter with no usage', async () => {
    const { a } = await scopes();
    const zero = { costUsd: 0, tokensIn: 0, tokensOut: 0, requestCount: 0 };
    expect(await ctx.store().usageTotals(a, { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' })).toEqual(zero);
    expect(await ctx.store().usageTotals(ctx.scope(), APRIL)).toEqual(zero);
    expect(await ctx.store().usageTotals(a, { ...APRIL, provider: 'mistral' })).toEqual(zero);
    expect(await ctx.store().usageBreakdown(a, { ...APRIL, provider: 'mistral' }, 'model', 100)).toEqual([]);
  });

  it('narrows by provider, model, agent and workflow, alone and together', async () => {
    const { a } = await scopes();
    const totals = (q: Partial<UsageQuery>) => ctx.store().usageTotals(a, { ...APRIL, ...q });
    expect(await totals({ provider: 'openai' })).toEqual({ costUsd: 0.95, tokensIn: 1500, tokensOut: 700, requestCount: 3 });
    expect(await totals({ model: 'gpt-4o' })).toEqual({ costUsd: 0.75, tokensIn: 1200, tokensOut: 600, requestCount: 2 });
    expect(await totals({ agentId: 'payer' })).toEqual({ costUsd: 1.5, tokensIn: 2000, tokensOut: 1000, requestCount: 1 });
    expect(await totals({ workflow: 'support' })).toEqual({ costUsd: 0.95, tokensIn: 1500, tokensOut: 700, requestCount: 3 });
    expect(await totals({ workflow: 'support', provider: 'openai', model: 'gpt-4o-mini' })).toEqual({ costUsd: 0.2, tokensIn: 300, tokensOut: 100, requestCount: 1 });
    expect((await totals({ workflow: 'refund', provider: 'openai' })).requestCount).toBe(0);
  });

  it('spans every tenant of the org, and only that org, when asked', async () => {
    const { a, b } = await scopes();
    expect(await ctx.store().usageTotals(a, { ...APRIL, acrossTenants: true })).toEqual({ costUsd: 5.45, tokensIn: 4000, tokensOut: 2200, requestCount: 5 });
    expect(await ctx.store().usageTotals(b, APRIL)).toEqual({ costUsd: 3, tokensIn: 500, tokensOut: 500, requestCount: 1 });
  });

  it('breaks usage down by provider, model, workflow and agent, most expensive first', async () => {
    const { a } = await scopes();
    const keys = async (groupBy: 'provider' | 'model' | 'workflow' | 'agent') =>
      (await ctx.store().usageBreakdown(a, APRIL, groupBy, 100)).map((g) => [g.key, g.costUsd, g.tokensIn, g.tokensOut, g.requestCount]);
    expect(await keys('provider')).toEqual([
      ['anthropic', 1.5, 2000, 1000, 1],
      ['openai', 0.95, 1500, 700, 3],
    ]);
    expect(await keys('model')).toEqual([
      ['claude-sonnet-4', 1.5, 2000, 1000, 1],
      ['gpt-4o', 0.75, 1200, 600, 2],
      ['gpt-4o-mini', 0.2, 300, 100, 1],
    ]);
    expect(await keys('workflow')).toEqual([
      ['refund', 1.5, 2000, 1000, 1],
      ['support', 0.95, 1500, 700, 3],
    ]);
    // The step with no agent groups under the empty string.
    expect(await keys('agent')).toEqual([
      ['payer', 1.5, 2000, 1000, 1],
      ['triage', 0.75, 1200, 600, 2],
      ['', 0.2, 300, 100, 1],
    ]);
  });

  it('breaks usage down by tenant across the org, and applies filters and the group limit', async () => {
    const { a, b } = await scopes();
    const byTenant = await ctx.store().usageBreakdown(a, { ...APRIL, acrossTenants: true }, 'tenant', 100);
    expect(byTenant.map((g) => [g.key, g.costUsd, g.requestCount])).toEqual([
      [b.tenantId, 3, 1],
      [a.tenantId, 2.45, 4],
    ]);
    // Within one tenant, grouping by tenant is that tenant alone.
    expect((await ctx.store().usageBreakdown(a, APRIL, 'tenant', 100)).map((g) => g.key)).toEqual([a.tenantId]);
    expect((await ctx.store().usageBreakdown(a, { ...APRIL, provider: 'openai' }, 'model', 100)).map((g) => g.key)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    expect((await ctx.store().usageBreakdown(a, APRIL, 'model', 2)).map((g) => g.key)).toEqual(['claude-sonnet-4', 'gpt-4o']);
  });

  it('sums a window of whole days (daily totals) and any other window (records) alike', async () => {
    const { a } = await scopes();
    const store = ctx.store();
    // Not midnight-aligned, so summed record by record; no record falls in the missing millisecond.
    const byRecords: UsageQuery = { from: APRIL.from, to: '2026-04-30T23:59:59.999Z' };
    expect(await store.usageTotals(a, byRecords)).toEqual(await store.usageTotals(a, APRIL));
    expect(await store.usageTotals(a, { ...byRecords, acrossTenants: true })).toEqual(await store.usageTotals(a, { ...APRIL, acrossTenants: true }));
    for (const groupBy of ['workflow', 'provider', 'model', 'agent', 'tenant'] as const) {
      expect(await store.usageBreakdown(a, byRecords, groupBy, 100), groupBy).toEqual(await store.usageBreakdown(a, APRIL, groupBy, 100));
    }
    expect(await store.usageTotals(a, { ...byRecords, agentId: 'triage' })).toEqual(await store.usageTotals(a, { ...APRIL, agentId: 'triage' }));
    // A window inside days counts records by their exact time: start inclusive, end exclusive.
    expect(await store.usageTotals(a, { from: '2026-04-03T12:00:00.000Z', to: '2026-04-10T08:00:00.001Z' })).toEqual({ costUsd: 1.75, tokensIn: 2200, tokensOut: 1100, requestCount: 2 });
    expect(await store.usageTotals(a, { from: '2026-04-03T12:00:00.001Z', to: '2026-04-10T08:00:00.000Z' })).toEqual({ costUsd: 0, tokensIn: 0, tokensOut: 0, requestCount: 0 });
  });

  it('keeps daily totals right when a step completion repeats and when a run is deleted', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    const JUNE: UsageQuery = { from: '2026-06-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' };
    const day = (d: string, next: string): UsageQuery => ({ from: `2026-06-${d}T00:00:00.000Z`, to: `2026-06-${next}T00:00:00.000Z` });
    await store.append(scope, {
      executionId: 'rep',
      decide: () => [ev.created('repeats'), stepOf('s1', 'agent-1', 'openai', 'gpt-4o'), ev.stepCompleted('s1', { tokensIn: 10, tokensOut: 5, costUsd: 1, at: '2026-06-02T10:00:00.000Z' })],
    });
    // The repeated completion replaces the step's totals, on the day it was reported.
    await store.append(scope, { executionId: 'rep', decide: () => [ev.stepCompleted('s1', { tokensIn: 30, tokensOut: 15, costUsd: 3, at: '2026-06-03T10:00:00.000Z' })] });
    await store.append(scope, { executionId: 'rep', decide: () => [call('s1', 'openai', 'gpt-4o', 1, 1, 0.5, '2026-06-03T11:00:00.000Z')] });
    expect(await store.usageTotals(scope, JUNE)).toEqual({ costUsd: 3.5, tokensIn: 31, tokensOut: 16, requestCount: 2 });
    expect(await store.usageTotals(scope, day('02', '03'))).toEqual({ costUsd: 0, tokensIn: 0, tokensOut: 0, requestCount: 0 });
    expect(await store.usageTotals(scope, day('03', '04'))).toEqual({ costUsd: 3.5, tokensIn: 31, tokensOut: 16, requestCount: 2 });
    expect((await store.usageBreakdown(scope, day('02', '03'), 'model', 10))).toEqual([]);
    expect(await store.usageTotals(scope, { from: JUNE.from, to: '2026-06-30T23:59:59.999Z' })).toEqual(await store.usageTotals(scope, JUNE));

    const audit = { auditId: 'aud-usage-delete', at: '2026-06-04T00:00:00.000Z', actor: 'admin', action: 'execution.delete', targetType: 'execution', targetId: 'rep', details: {} };
    expect(await store.deleteExecution(scope, 'rep', audit)).toBe(true);
    expect(await store.usageTotals(scope, JUNE)).toEqual({ costUsd: 0, tokensIn: 0, tokensOut: 0, requestCount: 0 });
    expect(await store.usageBreakdown(scope, JUNE, 'agent', 10)).toEqual([]);
  });

  it('orders groups of equal cost by key', async () => {
    const scope = ctx.scope();
    for (const [id, name] of [['e1', 'zeta'], ['e2', 'alpha'], ['e3', 'Mid']] as const) {
      await ctx.store().append(scope, {
        executionId: id,
        decide: () => [ev.created(name), stepOf('s1'), call('s1', 'openai', 'gpt-4o', 1, 1, 0.1, '2026-04-02T00:00:00.000Z')],
      });
    }
    expect((await ctx.store().usageBreakdown(scope, APRIL, 'workflow', 10)).map((g) => g.key)).toEqual(['Mid', 'alpha', 'zeta']);
  });
}
