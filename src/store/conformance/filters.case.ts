/** @module Conformance: every list filter, search, sort, cursor and count, on one seeded tenant. */
import { expect } from 'vitest';
import type { Scope } from '../../core/identity/scope.js';
import type { ListExecutionsQuery } from '../../core/ports/execution-store.js';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const at = (minute: number, second = 0) => `2026-04-01T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;

function step(stepId: string, provider: string, model: string, input: unknown, agentId?: string) {
  return { type: 'step.started' as const, data: { stepId, name: stepId, stepType: 'llm_call' as const, provider, model, input, agentId } };
}

async function seed(ctx: ConformanceContext): Promise<Scope> {
  const scope = ctx.scope();
  const store = ctx.store();
  await store.append(scope, {
    executionId: 'r1',
    decide: () => [
      ev.created('support-triage', { at: at(1), source: 'crewai', traceId: 't1', metadata: { region: 'eu', tier: 'gold' } }),
      step('s1', 'openai', 'gpt-4o', { text: 'Die Rückerstattung für Bestellung 1182' }, 'triage-agent'),
      ev.provider('s1', 1000, 500, 0.5),
      ev.stepCompleted('s1', { output: { reply: 'erledigt' } }),
      ev.completed({ at: at(1, 2) }),
    ],
  });
  await store.append(scope, {
    executionId: 'r2',
    decide: () => [
      ev.created('refund-agent', { at: at(2), source: 'langgraph', metadata: { region: 'apac', tier: 'gold' } }),
      step('s1', 'anthropic', 'claude-sonnet-4', { text: '注文1182の返金を処理してください' }),
      ev.gated('pay', 'require_approval', 'over limit'),
      ev.approvalRequested('apr', 'pay'),
    ],
  });
  await store.append(scope, {
    executionId: 'r3',
    decide: () => [
      ev.created('research-agent', { at: at(3), source: 'langgraph' }),
      step('s1', 'openai', 'gpt-4o-mini', { q: '100% of "quoted" terms_x' }),
      ev.provider('s1', 200, 100, 0.05, { outcome: 'error', error: 'rate limited 429' }),
      ev.stepFailed('s1', 'provider'),
      ev.failed('s1', { at: at(3, 9) }),
    ],
  });
  await store.append(scope, {
    executionId: 'r4',
    decide: () => [ev.created('support-triage', { at: at(4), source: 'crewai', metadata: { region: 'us' } }), ev.connector('lookup', 'error'), ev.stepFailed('lookup', 'connector'), ev.failed('lookup', { at: at(4, 0) })],
  });
  await store.append(scope, { executionId: 'r5', decide: () => [ev.created('data-ops', { at: at(5), source: 'external' }), step('s1', 'openai', 'gpt-4o', { q: 'select 1' })] });
  await store.append(scope, { executionId: 'r6', decide: () => [ev.created('data-ops', { at: at(6), source: 'external' }), ev.cancelled({ at: at(6, 1) })] });
  return scope;
}

export function filterCases(ctx: ConformanceContext, it: Register): void {
  let seeded: Promise<Scope> | undefined;
  const scope = () => (seeded ??= seed(ctx));
  const ids = async (query: Partial<ListExecutionsQuery>) => {
    const page = await ctx.store().listExecutions(await scope(), { limit: 100, ...query });
    const count = await ctx.store().countExecutions(await scope(), query);
    expect(page.total).toBe(count);
    return page.executions.map((e) => e.executionId);
  };

  it('filters by status, type, name, source and trace id', async () => {
    expect(await ids({ statuses: ['failed'] })).toEqual(['r4', 'r3']);
    expect(await ids({ statuses: ['running', 'cancelled'] })).toEqual(['r6', 'r5', 'r2']);
    expect(await ids({ executionType: 'wcp_workflow' })).toEqual([]);
    expect(await ids({ name: 'support-triage' })).toEqual(['r4', 'r1']);
    expect(await ids({ source: 'langgraph' })).toEqual(['r3', 'r2']);
    expect(await ids({ traceId: 't1' })).toEqual(['r1']);
  });

  it('filters by failure class and attention, including stuck runs', async () => {
    expect(await ids({ failureClasses: ['provider_failure', 'connector_failure'] })).toEqual(['r4', 'r3']);
    expect(await ids({ failureClasses: ['approval_pending'] })).toEqual(['r2']);
    expect(await ids({ failureClasses: ['cancelled'] })).toEqual(['r6']);
    expect(await ids({ attention: ['approval_pending'] })).toEqual(['r2']);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await ids({ attention: ['stuck'], stuckBefore: future })).toEqual(['r5']);
    expect(await ids({ attention: ['stuck'], stuckBefore: '2000-01-01T00:00:00.000Z' })).toEqual([]);
    expect(await ids({ attention: ['stuck', 'approval_pending'], stuckBefore: future })).toEqual(['r5', 'r2']);
    // A stuck run without a class of its own is a workflow logic bug, in filters as when shown.
    expect(await ids({ failureClasses: ['workflow_logic_bug'], stuckBefore: future })).toEqual(['r5']);
    expect(await ids({ failureClasses: ['workflow_logic_bug'] })).toEqual([]);
  });

  it('filters by provider, model and agent of any step', async () => {
    expect(await ids({ provider: 'openai' })).toEqual(['r5', 'r3', 'r1']);
    expect(await ids({ model: 'gpt-4o' })).toEqual(['r5', 'r1']);
    expect(await ids({ provider: 'anthropic', model: 'claude-sonnet-4' })).toEqual(['r2']);
    expect(await ids({ agentId: 'triage-agent' })).toEqual(['r1']);
  });

  it('filters by metadata key=value pairs', async () => {
    expect(await ids({ metadata: [{ key: 'tier', value: 'gold' }] })).toEqual(['r2', 'r1']);
    expect(await ids({ metadata: [{ key: 'tier', value: 'gold' }, { key: 'region', value: 'eu' }] })).toEqual(['r1']);
    expect(await ids({ metadata: [{ key: 'region', value: 'mars' }] })).toEqual([]);
  });

  it('filters by cost, token, duration and start-time ranges', async () => {
    expect(await ids({ costUsd: { min: 0.1 } })).toEqual(['r1']);
    expect(await ids({ costUsd: { max: 0.1 } })).toEqual(['r6', 'r5', 'r4', 'r3', 'r2']);
    expect(await ids({ tokens: { min: 300, max: 300 } })).toEqual(['r3']);
    expect(await ids({ durationMs: { min: 1000 } })).toEqual(['r6', 'r3', 'r1']);
    expect(await ids({ durationMs: { max: 1500 } })).toEqual(['r6', 'r4']);
    expect(await ids({ startedFrom: at(2), startedTo: at(4) })).toEqual(['r4', 'r3', 'r2']);
  });

  it('searches step inputs, outputs and errors as case-insensitive substrings in any language', async () => {
    expect(await ids({ search: 'rückerstattung' })).toEqual(['r1']);
    expect(await ids({ search: 'RÜCKERSTATTUNG' })).toEqual(['r1']);
    expect(await ids({ search: '返金を処理' })).toEqual(['r2']);
    expect(await ids({ search: '返金' })).toEqual(['r2']);
    expect(await ids({ search: 'Rü' })).toEqual(['r1']);
    expect(await ids({ search: '1182' })).toEqual(['r2', 'r1']);
    expect(await ids({ search: 'erledigt' })).toEqual(['r1']);
    expect(await ids({ search: 's1 failed' })).toEqual(['r3']);
    expect(await ids({ search: '100% of "quoted"' })).toEqual(['r3']);
    expect(await ids({ search: 'terms_x' })).toEqual(['r3']);
    expect(await ids({ search: 'no such text anywhere' })).toEqual([]);
    expect(await ids({ search: '1182', provider: 'anthropic' })).toEqual(['r2']);
  });

  it('sorts by start time, duration or cost, either way', async () => {
    expect(await ids({ sort: { field: 'started_at', direction: 'asc' } })).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(await ids({ sort: { field: 'duration', direction: 'desc' } })).toEqual(['r3', 'r1', 'r6', 'r4', 'r5', 'r2']);
    expect((await ids({ sort: { field: 'cost', direction: 'desc' } })).slice(0, 2)).toEqual(['r1', 'r3']);
  });

  it('pages with cursors through every run exactly once, and refuses a cursor of another sort', async () => {
    for (const sort of [{ field: 'cost', direction: 'desc' }, { field: 'started_at', direction: 'asc' }, { field: 'duration', direction: 'asc' }] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await ctx.store().listExecutions(await scope(), { limit: 2, sort, cursor });
        seen.push(...page.executions.map((e) => e.executionId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, `${sort.field} ${sort.direction}`).toEqual(await ids({ sort }));
    }
    const first = await ctx.store().listExecutions(await scope(), { limit: 2, sort: { field: 'cost', direction: 'desc' } });
    await expect(ctx.store().listExecutions(await scope(), { limit: 2, sort: { field: 'started_at', direction: 'desc' }, cursor: first.nextCursor })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(ctx.store().listExecutions(await scope(), { limit: 2, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('counts without listing, and sees nothing of other tenants', async () => {
    expect(await ctx.store().countExecutions(await scope(), {})).toBe(6);
    expect(await ctx.store().countExecutions(await scope(), { statuses: ['failed'], source: 'langgraph' })).toBe(1);
    expect(await ctx.store().countExecutions(ctx.scope(), { search: '1182' })).toBe(0);
  });
}
