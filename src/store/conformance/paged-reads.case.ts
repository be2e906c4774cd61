/**
 * @module Conformance: the paged reads exports are built on. A run read page by page (steps after an
 * index, events after a seq) comes back whole, in order, once, and only inside the caller's scope.
 */
import { expect } from 'vitest';
import type { EventDraft } from '../../core/events/event-catalogue.js';
import type { Step } from '../../core/executions/index.js';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

export function pagedReadCases(ctx: ConformanceContext, it: Register): void {
  it('reads a run’s steps page by page in step order, after an index, never past the run or the scope', async () => {
    const scope = ctx.scope();
    const drafts: EventDraft[] = [ev.created()];
    for (let i = 0; i < 25; i++) drafts.push(ev.stepStarted(`s-${i}`, `step ${i}`), ev.stepCompleted(`s-${i}`));
    await ctx.store().append(scope, { executionId: 'paged', decide: () => drafts });
    await ctx.store().append(scope, { executionId: 'neighbour', decide: () => [ev.created(), ev.stepStarted('n-0')] });

    const seen: Step[] = [];
    for (let page = await ctx.store().readSteps(scope, { executionId: 'paged', limit: 7 }); page.length > 0; ) {
      expect(page.length).toBeLessThanOrEqual(7);
      seen.push(...page);
      page = await ctx.store().readSteps(scope, { executionId: 'paged', afterIndex: page[page.length - 1]!.stepIndex, limit: 7 });
    }
    expect(seen.map((s) => s.stepIndex)).toEqual([...Array(25).keys()]);
    expect(seen.map((s) => s.name)).toEqual((await ctx.store().listSteps(scope, 'paged')).map((s) => s.name));
    expect(seen.every((s) => s.status === 'completed' && s.executionId === 'paged')).toBe(true);

    expect((await ctx.store().readSteps(scope, { executionId: 'paged', afterIndex: 22, limit: 100 })).map((s) => s.stepIndex)).toEqual([23, 24]);
    expect(await ctx.store().readSteps(scope, { executionId: 'paged', afterIndex: 24, limit: 100 })).toEqual([]);
    expect(await ctx.store().readSteps(ctx.scope(), { executionId: 'paged', limit: 100 })).toEqual([]);
    expect(await ctx.store().readSteps({ orgId: scope.orgId, tenantId: 'another-tenant' }, { executionId: 'paged', limit: 100 })).toEqual([]);
  });

  it('caps a step page at 1,000 however many are asked for', async () => {
    const scope = ctx.scope();
    const drafts: EventDraft[] = [ev.created()];
    for (let i = 0; i < 1_005; i++) drafts.push(ev.stepStarted(`s-${i}`));
    await ctx.store().append(scope, { executionId: 'big', decide: () => drafts });
    const first = await ctx.store().readSteps(scope, { executionId: 'big', limit: 50_000 });
    expect(first).toHaveLength(1_000);
    const rest = await ctx.store().readSteps(scope, { executionId: 'big', afterIndex: first[999]!.stepIndex, limit: 50_000 });
    expect(rest.map((s) => s.stepIndex)).toEqual([1_000, 1_001, 1_002, 1_003, 1_004]);
  });

  it('reads one run’s events page by page in seq order while other runs interleave', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'a', decide: () => [ev.created()] });
    for (let i = 0; i < 6; i++) {
      await ctx.store().append(scope, { executionId: 'a', decide: () => [ev.stepStarted(`a-${i}`), ev.stepCompleted(`a-${i}`)] });
      await ctx.store().append(scope, { executionId: 'b', decide: () => (i === 0 ? [ev.created(), ev.stepStarted(`b-${i}`)] : [ev.stepStarted(`b-${i}`)]) });
    }
    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = await ctx.store().readEvents(scope, { executionId: 'a', afterSeq: after, limit: 4 });
      if (page.length === 0) break;
      expect(page.every((e) => e.executionId === 'a')).toBe(true);
      pages.push(page.map((e) => e.seq));
      after = page[page.length - 1]!.seq;
    }
    const seqs = pages.flat();
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 1]);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(13);
    expect(seqs).toEqual((await ctx.store().readEvents(scope, { executionId: 'a' })).map((e) => e.seq));
  });
}
