import { describe, expect, it } from 'vitest';
import { asSent, compareRecorded, matchesMasked } from './compare-recorded.js';

describe('compareRecorded', () => {
  it('compares as JSON: key order, undefined members and dates do not count', () => {
    expect(compareRecorded({ a: 1, b: { c: [1, 'x'] } }, { b: { c: [1, 'x'] }, a: 1, gone: undefined })).toEqual([]);
    expect(compareRecorded({ at: '2026-01-02T03:04:05.000Z' }, { at: new Date('2026-01-02T03:04:05.000Z') })).toEqual([]);
    expect(compareRecorded(undefined, undefined)).toEqual([]);
    expect(asSent({ n: NaN, u: undefined })).toEqual({ n: null });
  });

  it('names every path that differs: changed leaves, added and removed keys, array items, types', () => {
    const recorded = { order: { id: 'o-1', amount: 740 }, items: ['a', 'b'], note: 'x' };
    const actual = { order: { id: 'o-1', amount: 984, currency: 'USD' }, items: ['a', 'c', 'd'] };
    // Document order: the recorded value's keys first, then keys only the code's value has.
    expect(compareRecorded(recorded, actual)).toEqual(['$.order.amount', '$.order.currency', '$.items[1]', '$.items[2]', '$.note']);
    expect(compareRecorded({ a: [1] }, { a: { 0: 1 } })).toEqual(['$.a']);
    expect(compareRecorded({ 'first name': 'Ana' }, { 'first name': 'Ben' })).toEqual(['$["first name"]']);
    expect(compareRecorded(1, '1')).toEqual(['$']);
    expect(compareRecorded(undefined, { a: 1 })).toEqual(['$']);
  });

  it('does not count a value a redact policy masked', () => {
    const recorded = { ticket: 'Call me on [REDACTED:phone] or write to [REDACTED:email].', card: '[REDACTED:credit_card]' };
    expect(compareRecorded(recorded, { ticket: 'Call me on +1 415 555 0132 or write to ana@example.com.', card: '4111 1111 1111 1111' })).toEqual([]);
    // Another number in the masked span is still no difference: the recording cannot tell.
    expect(compareRecorded(recorded, { ticket: 'Call me on +44 20 7946 0958 or write to ben@example.org.', card: 'x' })).toEqual([]);
    // The text around the masks is compared.
    expect(compareRecorded(recorded, { ticket: 'Text me on +1 415 555 0132 or write to ana@example.com.', card: 'x' })).toEqual(['$.ticket']);
    // A mask stands for a string, never for a number or an object.
    expect(compareRecorded({ card: '[REDACTED:credit_card]' }, { card: 4111111111111111 })).toEqual(['$.card']);
  });

  it('lets a container masked as too deep match anything', () => {
    expect(compareRecorded({ deep: '[REDACTED:too_deep]' }, { deep: { a: { b: [1, 2] } } })).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(compareRecorded([1, 2, 3, 4], [5, 6, 7, 8], 2)).toEqual(['$[0]', '$[1]']);
  });
});

describe('matchesMasked', () => {
  it('needs each mask to stand for some text, with the literal parts in place', () => {
    expect(matchesMasked('to [REDACTED:email]', 'to ana@example.com')).toBe(true);
    expect(matchesMasked('to [REDACTED:email]', 'to ')).toBe(false);
    expect(matchesMasked('[REDACTED:email]', '')).toBe(false);
    expect(matchesMasked('[REDACTED:phone][REDACTED:email]', 'x')).toBe(false);
    expect(matchesMasked('[REDACTED:phone][REDACTED:email]', 'xy')).toBe(true);
    expect(matchesMasked('a [REDACTED:email] b [REDACTED:phone] c', 'a x b y b z c')).toBe(true);
    expect(matchesMasked('a [REDACTED:email] b [REDACTED:phone] c', 'a x c')).toBe(false);
    expect(matchesMasked('plain', 'plain')).toBe(true);
    expect(matchesMasked('plain', 'plane')).toBe(false);
  });

  it('is linear on long texts with many masks (no backtracking)', () => {
    const recorded = Array.from({ length: 2000 }, () => '[REDACTED:email]').join(' x ');
    const actual = Array.from({ length: 2000 }, (_, i) => `u${i}@example.com`).join(' x ');
    const started = performance.now();
    expect(matchesMasked(recorded, actual)).toBe(true);
    expect(matchesMasked(recorded, `${actual} y`)).toBe(true);
    expect(matchesMasked(`${recorded} z`, actual)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

