/** @module Conformance: deployment keys that replicas share (ensureServerKey). */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { ConformanceContext, Register } from './conformance-context.js';

const keyName = () => `test-key-${randomBytes(4).toString('hex')}`;

export function serverKeyCases(ctx: ConformanceContext, it: Register): void {
  it('stores the first candidate for a name and returns it to every later caller, whatever they offer', async () => {
    const name = keyName();
    const other = keyName();
    expect(await ctx.store().ensureServerKey(name, 'first')).toBe('first');
    expect(await ctx.store().ensureServerKey(name, 'second')).toBe('first');
    expect(await ctx.store().ensureServerKey(other, 'another')).toBe('another');
    expect(await ctx.store().ensureServerKey(name, 'third')).toBe('first');
  });

  it('gives concurrent callers with different candidates the same key, on every replica and after a restart', async () => {
    const location = ctx.location();
    const a = ctx.track(location.open());
    await a.migrate();
    // A second replica where the backend allows several processes; one store otherwise.
    const b = ctx.kind === 'postgres' ? ctx.track(location.open()) : a;
    const name = keyName();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).ensureServerKey(name, `candidate-${i}`)));
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^candidate-\d$/);
    await a.close();
    const reopened = ctx.track(location.open());
    expect(await reopened.ensureServerKey(name, 'late')).toBe(answers[0]);
  });
}
