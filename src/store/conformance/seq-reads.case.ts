/** @module Conformance: where a scope's log stands (latestSeq), the start of a live stream without a cursor. */
import { expect } from 'vitest';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

export function seqReadCases(ctx: ConformanceContext, it: Register): void {
  it('answers 0 for an empty scope and the last seq of the scope afterwards, unmoved by other scopes', async () => {
    const scope = ctx.scope();
    const other = ctx.scope();
    expect(await ctx.store().latestSeq(scope)).toBe(0);
    const written = await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('s1')] });
    const last = written.events[written.events.length - 1]!.event.seq;
    expect(await ctx.store().latestSeq(scope)).toBe(last);
    const elsewhere = await ctx.store().append(other, { executionId: 'run', decide: () => [ev.created()] });
    expect(elsewhere.events[0]!.event.seq).toBeGreaterThan(last);
    expect(await ctx.store().latestSeq(scope)).toBe(last);
    const next = await ctx.store().append(scope, { executionId: 'second', decide: () => [ev.created()] });
    expect(await ctx.store().latestSeq(scope)).toBe(next.events[0]!.event.seq);
  });
}
