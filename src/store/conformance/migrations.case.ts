/** @module Conformance: migrations from empty, restarts, and replicas starting together. */
import { expect } from 'vitest';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';
import { uniqueScope } from './conformance-context.js';
import { migrationProvider } from '../migrations/index.js';

const ALL = async () => Object.keys(await migrationProvider({ json: 'text', int64: 'integer', float: 'real', search: 'fts5' }).getMigrations()).sort();

export function migrationCases(ctx: ConformanceContext, it: Register): void {
  it('migrates an empty database, then finds nothing left to apply', async () => {
    const store = ctx.track(ctx.location().open());
    expect((await store.migrate()).applied).toEqual(await ALL());
    expect(await ALL()).toContain('0002-execution-filters');
    expect((await store.migrate()).applied).toEqual([]);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('keeps every event and projection across close and reopen', async () => {
    const location = ctx.location();
    const scope = uniqueScope();
    const first = location.open();
    await first.migrate();
    await first.append(scope, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('s1'), ev.provider('s1', 3, 4, 0.5)] });
    const before = await first.getExecution(scope, 'run');
    await first.close();
    const second = ctx.track(location.open());
    expect((await second.migrate()).applied).toEqual([]);
    expect(await second.getExecution(scope, 'run')).toEqual(before);
    expect(await second.readEvents(scope, {})).toHaveLength(3);
    const next = await second.append(scope, { executionId: 'run', decide: () => [ev.completed()] });
    expect(next.events[0]!.event.seq).toBe(4);
  });

  it('migrates once when two replicas start on an empty database at the same moment', async () => {
    const location = ctx.location();
    const a = ctx.track(location.open());
    const b = ctx.track(location.open());
    const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
    expect([...ra.applied, ...rb.applied].sort()).toEqual(await ALL());
    const scope = uniqueScope();
    await a.append(scope, { executionId: 'run', decide: () => [ev.created()] });
    expect(await b.getExecution(scope, 'run')).toMatchObject({ executionId: 'run' });
  });
}
