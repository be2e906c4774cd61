/** @module Conformance: concurrent writers, on one store and (where supported) on several replicas. */
import { expect } from 'vitest';
import type { ExecutionEvent } from '../../core/index.js';
import type { Store } from '../../core/ports/store.js';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';
import { uniqueScope } from './conformance-context.js';

export function concurrencyCases(ctx: ConformanceContext, it: Register): void {
  it('keeps every one of 40 concurrent appends to one run, with consistent projections', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created()] });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => ctx.store().append(scope, { executionId: 'run', decide: () => [ev.provider(`s${i % 4}`, 10, 1, 0.001)] })),
    );
    const execution = await ctx.store().getExecution(scope, 'run');
    expect(execution).toMatchObject({ eventCount: 41, providerCalls: 40, tokensIn: 400, stepCount: 4, costUsd: 0.04 });
    const steps = await ctx.store().listSteps(scope, 'run');
    expect(steps.map((s) => s.providerCalls.length)).toEqual([10, 10, 10, 10]);
    expect(new Set(steps.map((s) => s.stepIndex))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('lets exactly one of several concurrent creations of a run win', async () => {
    const scope = ctx.scope();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(`wf-${i}`, { eventId: `c${i}` })] })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'EXECUTION_ALREADY_EXISTS' });
    expect(await ctx.store().readEvents(scope, {})).toHaveLength(1);
  });

  it('writes a concurrently retried event once', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created()] });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => ctx.store().append(scope, { executionId: 'run', decide: () => [ev.provider('s', 100, 0, 0.01, { eventId: 'once' })] })),
    );
    expect(results.filter((r) => !r.events[0]!.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0]!.event.seq)).size).toBe(1);
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ tokensIn: 100, providerCalls: 1 });
  });

  it('lets a polling reader see every event exactly once while writers commit concurrently', async () => {
    const location = ctx.location();
    const writerA = ctx.track(location.open());
    await writerA.migrate();
    // A second replica where the backend allows several processes; one store otherwise.
    const writerB = ctx.kind === 'postgres' ? ctx.track(location.open()) : writerA;
    const scope = uniqueScope();
    await writerA.append(scope, { executionId: 'run', decide: () => [ev.created()] });
    const seen: ExecutionEvent[] = [];
    let cursor = 0;
    let writing = true;
    const reader = (async () => {
      while (writing || seen.length < 81) {
        const batch = await writerA.readEvents(scope, { afterSeq: cursor });
        for (const event of batch) seen.push(event);
        if (batch.length > 0) cursor = batch[batch.length - 1]!.seq;
        if (!writing && batch.length === 0) break;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const write = (store: Store, n: number) =>
      Promise.all(Array.from({ length: n }, () => store.append(scope, { executionId: 'run', decide: () => [ev.connector('s', 'ok')] })));
    await Promise.all([write(writerA, 40), write(writerB, 40)]);
    writing = false;
    await reader;
    const all = await writerA.readEvents(scope, {});
    expect(all).toHaveLength(81);
    expect(seen.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
  });
}
