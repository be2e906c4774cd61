/** @module Conformance: client event ids make retried writes harmless. */
import { expect } from 'vitest';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

export function idempotencyCases(ctx: ConformanceContext, it: Register): void {
  it('answers a re-appended event with the stored one, marked duplicate, with no new seq', async () => {
    const scope = ctx.scope();
    const first = await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created('wf', { eventId: 'e1' })] });
    const again = await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created('wf', { eventId: 'e1' })] });
    expect(again.events).toEqual([{ event: first.events[0]!.event, duplicate: true }]);
    expect(await ctx.store().readEvents(scope, {})).toHaveLength(1);
  });

  it('changes nothing when a whole batch is sent twice', async () => {
    const scope = ctx.scope();
    const batch = () => [
      ev.created('wf', { eventId: 'b1' }),
      ev.stepStarted('s1', 's1', { eventId: 'b2' }),
      ev.provider('s1', 100, 20, 0.01, { eventId: 'b3' }),
      ev.stepCompleted('s1', { eventId: 'b4' }),
    ];
    await ctx.store().append(scope, { executionId: 'run', decide: batch });
    const before = { execution: await ctx.store().getExecution(scope, 'run'), steps: await ctx.store().listSteps(scope, 'run'), usage: await ctx.store().listUsage(scope, 'run') };
    const again = await ctx.store().append(scope, { executionId: 'run', decide: batch });
    expect(again.events.every((e) => e.duplicate)).toBe(true);
    expect(await ctx.store().getExecution(scope, 'run')).toEqual(before.execution);
    expect(await ctx.store().listSteps(scope, 'run')).toEqual(before.steps);
    expect(await ctx.store().listUsage(scope, 'run')).toEqual(before.usage);
    expect(await ctx.store().readEvents(scope, {})).toHaveLength(4);
  });

  it('refuses an event id reused with other content, and writes nothing of that batch', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('s1', 's1', { eventId: 'k' })] });
    const attempt = ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.stepStarted('s2', 's2', { eventId: 'fresh' }), ev.stepStarted('s9', 's9', { eventId: 'k' })],
    });
    await expect(attempt).rejects.toMatchObject({ code: 'EVENT_ID_CONFLICT', details: { eventId: 'k', executionId: 'run' } });
    expect(await ctx.store().readEvents(scope, {})).toHaveLength(2);
  });

  it('treats the same data with keys in another order as the same event', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created('wf', { eventId: 'e1', metadata: { a: 1, b: { c: 2, d: 3 } } })] });
    const again = await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [{ type: 'execution.created', eventId: 'e1', data: { metadata: { b: { d: 3, c: 2 }, a: 1 }, source: 'langgraph', name: 'wf', executionType: 'reported' } }],
    });
    expect(again.events[0]!.duplicate).toBe(true);
  });

  it('writes an event id repeated within one batch once', async () => {
    const scope = ctx.scope();
    const result = await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.created(), ev.provider('s1', 5, 5, 0.001, { eventId: 'p' }), ev.provider('s1', 5, 5, 0.001, { eventId: 'p' })],
    });
    expect(result.events.map((e) => e.duplicate)).toEqual([false, false, true]);
    expect(result.events[2]!.event.seq).toBe(result.events[1]!.event.seq);
    expect(await ctx.store().listUsage(scope, 'run')).toHaveLength(1);
    expect((await ctx.store().getExecution(scope, 'run'))?.tokensIn).toBe(5);
  });

  it('scopes event ids to their execution', async () => {
    const scope = ctx.scope();
    const a = await ctx.store().append(scope, { executionId: 'a', decide: () => [ev.created('wf', { eventId: 'same' })] });
    const b = await ctx.store().append(scope, { executionId: 'b', decide: () => [ev.created('wf', { eventId: 'same' })] });
    expect(a.events[0]!.duplicate).toBe(false);
    expect(b.events[0]!.duplicate).toBe(false);
    expect(b.events[0]!.event.seq).not.toBe(a.events[0]!.event.seq);
  });

  it('appends only the new events of a partly retried batch and answers in request order', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created('wf', { eventId: 'm1' }), ev.stepStarted('s1', 's1', { eventId: 'm2' })] });
    const result = await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.stepStarted('s1', 's1', { eventId: 'm2' }), ev.stepCompleted('s1', { eventId: 'm3' }), ev.created('wf', { eventId: 'm1' })],
    });
    expect(result.events.map((e) => [e.event.eventId, e.duplicate])).toEqual([
      ['m2', true],
      ['m3', false],
      ['m1', true],
    ]);
    expect((await ctx.store().readEvents(scope, {})).map((e) => e.eventId)).toEqual(['m1', 'm2', 'm3']);
  });
}
