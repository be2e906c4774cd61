/** @module Conformance: reads of the log and the projections. */
import { expect } from 'vitest';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

export function readCases(ctx: ConformanceContext, it: Register): void {
  it('reads events after a seq, for one execution, up to a limit', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'a', decide: () => [ev.created(), ev.stepStarted('s1'), ev.stepCompleted('s1')] });
    await ctx.store().append(scope, { executionId: 'b', decide: () => [ev.created()] });
    const all = await ctx.store().readEvents(scope, {});
    expect(all.map((e) => e.executionId)).toEqual(['a', 'a', 'a', 'b']);
    const after = await ctx.store().readEvents(scope, { afterSeq: all[1]!.seq });
    expect(after.map((e) => e.seq)).toEqual([all[2]!.seq, all[3]!.seq]);
    expect(await ctx.store().readEvents(scope, { executionId: 'b' })).toEqual([all[3]]);
    expect(await ctx.store().readEvents(scope, { limit: 2 })).toEqual(all.slice(0, 2));
  });

  it('lists executions newest first, filtered by status, with total, limit and offset', async () => {
    const scope = ctx.scope();
    const at = (minute: number) => `2026-04-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
    await ctx.store().append(scope, { executionId: 'r1', decide: () => [ev.created('wf', { at: at(1) }), ev.completed()] });
    await ctx.store().append(scope, { executionId: 'r2', decide: () => [ev.created('wf', { at: at(2) })] });
    await ctx.store().append(scope, { executionId: 'r3', decide: () => [ev.created('wf', { at: at(3) }), ev.failed()] });
    await ctx.store().append(scope, { executionId: 'r4', decide: () => [ev.created('wf', { at: at(4) }), ev.completed()] });
    const page = await ctx.store().listExecutions(scope, { limit: 2, offset: 1 });
    expect(page.executions.map((e) => e.executionId)).toEqual(['r3', 'r2']);
    expect(page.total).toBe(4);
    const done = await ctx.store().listExecutions(scope, { statuses: ['completed', 'failed'], limit: 10, offset: 0 });
    expect(done.executions.map((e) => e.executionId)).toEqual(['r4', 'r3', 'r1']);
    expect(done.total).toBe(3);
  });

  it('filters executions by type, source and trace id', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'w1', decide: () => [ev.created('wf', { executionType: 'wcp_workflow', source: 'crewai', traceId: 'trace-a' })] });
    await ctx.store().append(scope, { executionId: 'w2', decide: () => [ev.created('wf', { executionType: 'wcp_workflow', source: 'langgraph', traceId: 'trace-b' })] });
    await ctx.store().append(scope, { executionId: 'r1', decide: () => [ev.created('wf', { source: 'crewai', traceId: 'trace-a' })] });
    const ids = async (query: object) => (await ctx.store().listExecutions(scope, { limit: 10, offset: 0, ...query })).executions.map((e) => e.executionId).sort();
    expect(await ids({ executionType: 'wcp_workflow' })).toEqual(['w1', 'w2']);
    expect(await ids({ source: 'crewai' })).toEqual(['r1', 'w1']);
    expect(await ids({ traceId: 'trace-a', executionType: 'wcp_workflow' })).toEqual(['w1']);
    expect(await ids({ traceId: 'nope' })).toEqual([]);
  });

  it('lists steps in step order and keeps each step’s attempts and calls', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [
        ev.created(),
        ev.stepStarted('third-id', 'plan'),
        ev.stepStarted('first-id', 'search'),
        ev.attemptFailed('first-id', 1),
        ev.attemptFailed('first-id', 2),
        ev.connector('first-id', 'ok'),
      ],
    });
    const steps = await ctx.store().listSteps(scope, 'run');
    expect(steps.map((s) => [s.stepIndex, s.stepId, s.name])).toEqual([
      [0, 'third-id', 'plan'],
      [1, 'first-id', 'search'],
    ]);
    expect(steps[1]!.attempts.map((a) => [a.attempt, a.backoffMs, a.error?.message])).toEqual([
      [1, 100, 'attempt 1 failed'],
      [2, 200, 'attempt 2 failed'],
    ]);
    expect(steps[1]!.connectorCalls).toHaveLength(1);
  });

  it('finds stored events by client event id within one execution and scope', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'a', decide: () => [ev.created('wf', { eventId: 'x1' }), ev.stepStarted('s', 's', { eventId: 'x2' })] });
    await ctx.store().append(scope, { executionId: 'b', decide: () => [ev.created('wf', { eventId: 'x3' })] });
    const found = await ctx.store().findEvents(scope, 'a', ['x2', 'x3', 'nope']);
    expect(found.map((e) => e.eventId)).toEqual(['x2']);
    expect(await ctx.store().findEvents(ctx.scope(), 'a', ['x1'])).toEqual([]);
  });

  it('reads several executions by id, within the scope only', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'a', decide: () => [ev.created('wf-a')] });
    await ctx.store().append(scope, { executionId: 'b', decide: () => [ev.created('wf-b')] });
    const found = await ctx.store().getExecutions(scope, ['a', 'b', 'missing']);
    expect(found.map((e) => e.name).sort()).toEqual(['wf-a', 'wf-b']);
    expect(await ctx.store().getExecutions(ctx.scope(), ['a', 'b'])).toEqual([]);
  });

  it('answers reads of an unknown execution with nothing', async () => {
    const scope = ctx.scope();
    expect(await ctx.store().getExecution(scope, 'nope')).toBeUndefined();
    expect(await ctx.store().listSteps(scope, 'nope')).toEqual([]);
    expect(await ctx.store().readEvents(scope, { executionId: 'nope' })).toEqual([]);
  });
}
