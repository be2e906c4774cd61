/** @module Conformance: appending to the log. */
import { expect } from 'vitest';
import { DomainError } from '../../core/errors/domain-error.js';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

export function appendCases(ctx: ConformanceContext, it: Register): void {
  it('appends a batch and gives each event a seq in order', async () => {
    const scope = ctx.scope();
    const result = await ctx.store().append(scope, { executionId: 'run-1', decide: () => [ev.created(), ev.stepStarted('s1'), ev.stepCompleted('s1')] });
    const seqs = result.events.map((e) => e.event.seq);
    expect(seqs).toHaveLength(3);
    expect(seqs[1]).toBe(seqs[0]! + 1);
    expect(seqs[2]).toBe(seqs[1]! + 1);
    expect(result.events.map((e) => e.event.type)).toEqual(['execution.created', 'step.started', 'step.completed']);
    expect(result.events.every((e) => !e.duplicate)).toBe(true);
  });

  it('assigns event ids and times when the draft has none, and keeps them when it has', async () => {
    const scope = ctx.scope();
    const result = await ctx.store().append(scope, {
      executionId: 'run-1',
      decide: () => [ev.created('wf', { eventId: 'client-1', at: '2026-03-01T10:00:00.000Z' }), ev.started()],
    });
    const [first, second] = result.events.map((e) => e.event);
    expect(first!.eventId).toBe('client-1');
    expect(first!.at).toBe('2026-03-01T10:00:00.000Z');
    expect(second!.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(Number.isNaN(Date.parse(second!.at))).toBe(false);
    expect(second!.recordedAt).toBe(first!.recordedAt);
  });

  it('gives seqs that grow across executions and tenants', async () => {
    const a = ctx.scope();
    const b = ctx.scope();
    const first = await ctx.store().append(a, { executionId: 'x', decide: () => [ev.created()] });
    const second = await ctx.store().append(b, { executionId: 'x', decide: () => [ev.created()] });
    const third = await ctx.store().append(a, { executionId: 'y', decide: () => [ev.created()] });
    expect(second.events[0]!.event.seq).toBeGreaterThan(first.events[0]!.event.seq);
    expect(third.events[0]!.event.seq).toBeGreaterThan(second.events[0]!.event.seq);
  });

  it('lets decide see the current execution and the steps it asks for', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('s1')] });
    let seen: { status?: string; step?: string } = {};
    await ctx.store().append(scope, {
      executionId: 'run',
      load: { stepIds: ['s1'] },
      decide: (current) => {
        seen = { status: current.execution?.status, step: current.steps.get('s1')?.status };
        return [];
      },
    });
    expect(seen).toEqual({ status: 'running', step: 'running' });
  });

  it('appends nothing when decide returns no events', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created()] });
    const result = await ctx.store().append(scope, { executionId: 'run', decide: () => [] });
    expect(result.events).toEqual([]);
    expect(result.projection.execution?.eventCount).toBe(1);
    expect(await ctx.store().readEvents(scope, { executionId: 'run' })).toHaveLength(1);
  });

  it('writes nothing when decide throws', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created()] });
    const attempt = ctx.store().append(scope, {
      executionId: 'run',
      decide: () => {
        throw new DomainError('EXECUTION_NOT_FOUND', { executionId: 'run' });
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
    expect(await ctx.store().readEvents(scope, { executionId: 'run' })).toHaveLength(1);
  });

  it('refuses events for an execution that was never created, and writes none of them', async () => {
    const scope = ctx.scope();
    const attempt = ctx.store().append(scope, { executionId: 'ghost', decide: () => [ev.stepStarted('s1')] });
    await expect(attempt).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
    expect(await ctx.store().readEvents(scope, {})).toEqual([]);
    expect(await ctx.store().getExecution(scope, 'ghost')).toBeUndefined();
  });

  it('refuses a second execution.created with another event id', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created('wf', { eventId: 'c1' })] });
    const again = ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created('wf', { eventId: 'c2' })] });
    await expect(again).rejects.toMatchObject({ code: 'EXECUTION_ALREADY_EXISTS' });
  });

  it('writes none of a batch whose last event is refused', async () => {
    const scope = ctx.scope();
    const attempt = ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.created('wf', { eventId: 'c1' }), ev.stepStarted('s1'), ev.stepCompleted('s1'), ev.created('wf', { eventId: 'c2' })],
    });
    await expect(attempt).rejects.toMatchObject({ code: 'EXECUTION_ALREADY_EXISTS' });
    expect(await ctx.store().getExecution(scope, 'run')).toBeUndefined();
    expect(await ctx.store().listSteps(scope, 'run')).toEqual([]);
    expect(await ctx.store().readEvents(scope, {})).toEqual([]);
  });

  it('stores NUL characters and lone surrogates as U+FFFD in every string', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.created('wf', { input: { text: 'a\u0000b', broken: 'x\ud800y', nested: ['\u0000'] } })],
    });
    const execution = await ctx.store().getExecution(scope, 'run');
    expect(execution?.input).toEqual({ text: 'a\uFFFDb', broken: 'x\uFFFDy', nested: ['\uFFFD'] });
    const [event] = await ctx.store().readEvents(scope, { executionId: 'run' });
    expect((event!.data as { input: unknown }).input).toEqual(execution?.input);
  });

  it('appends 1,200 events in one batch, in order', async () => {
    const scope = ctx.scope();
    const drafts = [ev.created()];
    for (let i = 0; i < 1199; i++) drafts.push(ev.provider(`s${i % 40}`, 1, 1, 0.000001));
    const result = await ctx.store().append(scope, { executionId: 'big', decide: () => drafts });
    expect(result.events).toHaveLength(1200);
    const stored = await ctx.store().readEvents(scope, { executionId: 'big' });
    expect(stored.map((e) => e.seq)).toEqual(result.events.map((e) => e.event.seq));
    const execution = await ctx.store().getExecution(scope, 'big');
    expect(execution).toMatchObject({ providerCalls: 1199, tokensIn: 1199, stepCount: 40 });
    expect(await ctx.store().listUsage(scope, 'big')).toHaveLength(1199);
  });
}
