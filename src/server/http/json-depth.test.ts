import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

const nested = (levels: number) => `${'{"a":['.repeat(levels / 2)}1${']}'.repeat(levels / 2)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects inside each other, up to the limit and one past it', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 2))).toBe(true);
    expect(nestsDeeperThan(nested(10_000))).toBe(true);
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '['.repeat(500), b: '"\\"{{{{'.repeat(200), c: [[1]] });
    expect(nestsDeeperThan(text, 3)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'x\\', b: [[[[1]]]] }), 4)).toBe(true);
  });

  it('reads wide documents as shallow however long they are', () => {
    expect(nestsDeeperThan(JSON.stringify({ events: Array.from({ length: 10_000 }, (_, i) => ({ i, data: { x: [i] } })) }))).toBe(false);
  });
});
