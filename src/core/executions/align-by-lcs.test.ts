import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignByLcs, type AlignedRow } from './align-by-lcs.js';

/** The textbook O(n·m) table, to check the length of what alignByLcs matches. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

const show = (rows: AlignedRow[], a: readonly string[], b: readonly string[]) => rows.map((r) => (r.a !== undefined && r.b !== undefined ? `=${a[r.a]}` : r.a !== undefined ? `-${a[r.a]}` : `+${b[r.b!]}`));

describe('alignByLcs', () => {
  it('matches identical sequences row by row', () => {
    expect(alignByLcs(['x', 'y', 'z'], ['x', 'y', 'z'])).toEqual([{ a: 0, b: 0 }, { a: 1, b: 1 }, { a: 2, b: 2 }]);
  });

  it('handles empty sides', () => {
    expect(alignByLcs([], [])).toEqual([]);
    expect(alignByLcs(['x', 'y'], [])).toEqual([{ a: 0 }, { a: 1 }]);
    expect(alignByLcs([], ['x'])).toEqual([{ b: 0 }]);
  });

  it('reports a step one run stopped before (a failed run) and a step inserted in the middle', () => {
    const a = ['triage', 'search', 'draft', 'review'];
    expect(show(alignByLcs(a, ['triage', 'search', 'draft']), a, [])).toEqual(['=triage', '=search', '=draft', '-review']);
    const b = ['triage', 'search', 'search', 'draft', 'review'];
    expect(show(alignByLcs(a, b), a, b)).toEqual(['=triage', '=search', '+search', '=draft', '=review']);
  });

  it('puts the rows only a has before the rows only b has within a gap', () => {
    const a = ['start', 'p', 'q', 'end'];
    const b = ['start', 'r', 'end'];
    expect(show(alignByLcs(a, b), a, b)).toEqual(['=start', '-p', '-q', '+r', '=end']);
    expect(alignByLcs(a, b)).toEqual([{ a: 0, b: 0 }, { a: 1 }, { a: 2 }, { b: 1 }, { a: 3, b: 2 }]);
  });

  it('takes the earliest match among alignments of the same length', () => {
    const a = ['x', 'y'];
    const b = ['y', 'x'];
    expect(show(alignByLcs(a, b), a, b)).toEqual(['-x', '=y', '+x']);
  });

  it('is a maximal, order-preserving alignment that covers both sides exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 40 }), (a, b) => {
        const rows = alignByLcs(a, b);
        const as = rows.filter((r) => r.a !== undefined).map((r) => r.a);
        const bs = rows.filter((r) => r.b !== undefined).map((r) => r.b);
        expect(as).toEqual(a.map((_, i) => i));
        expect(bs).toEqual(b.map((_, i) => i));
        const matched = rows.filter((r) => r.a !== undefined && r.b !== undefined);
        for (const r of matched) expect(a[r.a!]).toBe(b[r.b!]);
        expect(matched.length).toBe(lcsLength(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('aligns two 5,000-step runs that differ in the middle quickly', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `step-${i % 97}`);
    const b = a.map((k, i) => (i % 50 === 7 ? `other-${i}` : k));
    const started = performance.now();
    const rows = alignByLcs(a, b);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(rows.filter((r) => r.a !== undefined && r.b !== undefined).length).toBeGreaterThanOrEqual(4900);
  });
});
