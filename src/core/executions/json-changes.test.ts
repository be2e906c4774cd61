import { describe, expect, it } from 'vitest';
import { jsonChanges, jsonEqual } from './json-changes.js';

describe('jsonChanges', () => {
  it('finds nothing in equal values, with undefined members treated as missing', () => {
    expect(jsonChanges({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toEqual({ changed: false, paths: [], more: false });
    expect(jsonChanges({ a: 1, gone: undefined }, { a: 1 }).changed).toBe(false);
    expect(jsonChanges(undefined, undefined).changed).toBe(false);
  });

  it('names the leaves that changed, keys only one side has, and array items', () => {
    const a = { order: { id: 'o-1', amount: 740 }, items: ['a', 'b'], note: 'x' };
    const b = { order: { id: 'o-1', amount: 984, currency: 'USD' }, items: ['a', 'c', 'd'] };
    expect(jsonChanges(a, b).paths).toEqual(['$.order.amount', '$.order.currency', '$.items[1]', '$.items[2]', '$.note']);
  });

  it('reports a change of type at the node, and quotes keys that are not identifiers', () => {
    expect(jsonChanges({ 'first name': 'Ana' }, { 'first name': 'Ben' }).paths).toEqual(['$["first name"]']);
    expect(jsonChanges({ a: [1] }, { a: { 0: 1 } }).paths).toEqual(['$.a']);
    expect(jsonChanges('x', 42).paths).toEqual(['$']);
  });

  it('compares a preview marker (payload over the cap) whole', () => {
    const marker = (preview: string) => ({ $truncated: true, size_bytes: 90_000, preview, seq: 4 });
    expect(jsonChanges(marker('{"a":1'), marker('{"a":1')).changed).toBe(false);
    expect(jsonChanges({ big: marker('{"a":1') }, { big: marker('{"a":2') }).paths).toEqual(['$.big']);
  });

  it('stops listing at the limit and says more changed', () => {
    const a = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const b = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, -i - 1]));
    const changes = jsonChanges(a, b, 5);
    expect(changes).toEqual({ changed: true, paths: ['$.k0', '$.k1', '$.k2', '$.k3', '$.k4'], more: true });
  });

  it('jsonEqual ignores key order', () => {
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});
