import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './audit-entry.js';
import { EMPTY_CHAIN, GENESIS_HASH, chainEntries, chainHash, verifyChain } from './audit-chain.js';
import type { AuditRecord } from './audit-record.js';

const scope = { orgId: 'acme', tenantId: 'payments' };

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  auditId: `aud_${n}`,
  at: `2026-06-01T08:00:0${n % 10}.000Z`,
  actor: 'ops-1',
  action: 'budget.update',
  targetType: 'budget',
  targetId: 'monthly',
  details: { limit: n * 10, note: { b: 1, a: [1, 2] } },
  ...extra,
});

function chainOf(n: number): AuditRecord[] {
  return chainEntries(scope, EMPTY_CHAIN, Array.from({ length: n }, (_, i) => entry(i + 1))).records;
}

describe('chainEntries', () => {
  it('numbers records from the head, links each to the one before and hashes the canonical form', () => {
    const { records, head } = chainEntries(scope, EMPTY_CHAIN, [entry(1), entry(2)]);
    expect(records.map((r) => r.seq)).toEqual([1, 2]);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
    expect(head).toEqual({ seq: 2, hash: records[1]!.hash });
    const r = records[0]!;
    const canonical =
      '{"action":"budget.update","actor":"ops-1","at":"2026-06-01T08:00:01.000Z","auditId":"aud_1","details":{"limit":10,"note":{"a":[1,2],"b":1}},' +
      `"executionId":null,"orgId":"acme","prevHash":"${GENESIS_HASH}","seq":1,"targetId":"monthly","targetType":"budget","tenantId":"payments","v":1}`;
    expect(r.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('continues an existing chain and gives the same hashes for the same input', () => {
    const first = chainEntries(scope, EMPTY_CHAIN, [entry(1)]);
    const second = chainEntries(scope, first.head, [entry(2)]);
    expect(second.records[0]).toMatchObject({ seq: 2, prevHash: first.head.hash });
    expect([...first.records, ...second.records]).toEqual(chainOf(2));
  });

  it('files an entry about an execution under it, and makes strings storable before hashing', () => {
    const [record] = chainEntries(scope, EMPTY_CHAIN, [entry(1, { targetType: 'execution', targetId: 'wf_1', actor: 'nul\0here', details: { gone: undefined, lone: '\ud800' } })]).records;
    expect(record).toMatchObject({ executionId: 'wf_1', actor: 'nul\uFFFDhere', details: { lone: '\uFFFD' } });
    expect(Object.keys(record!.details)).toEqual(['lone']);
    const { hash, ...rest } = record!;
    expect(chainHash(rest)).toBe(hash);
  });

  it('puts scope and position inside the hash', () => {
    const [a] = chainEntries(scope, EMPTY_CHAIN, [entry(1)]).records;
    const [b] = chainEntries({ ...scope, tenantId: 'other' }, EMPTY_CHAIN, [entry(1)]).records;
    const [c] = chainEntries(scope, { seq: 7, hash: GENESIS_HASH }, [entry(1)]).records;
    expect(new Set([a!.hash, b!.hash, c!.hash]).size).toBe(3);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain, whole or page by page', () => {
    const records = chainOf(7);
    expect(verifyChain(records)).toEqual({ valid: true, checked: 7, end: { seq: 7, hash: records[6]!.hash } });
    const first = verifyChain(records.slice(0, 3));
    expect(first.valid).toBe(true);
    if (!first.valid) return;
    expect(verifyChain(records.slice(3), first.end)).toEqual({ valid: true, checked: 4, end: { seq: 7, hash: records[6]!.hash } });
    expect(verifyChain([])).toEqual({ valid: true, checked: 0, end: EMPTY_CHAIN });
  });

  it('finds an edited record: hash_mismatch at it', () => {
    const records = chainOf(5);
    records[2] = { ...records[2]!, actor: 'mallory' };
    expect(verifyChain(records)).toEqual({ valid: false, checked: 2, firstBadSeq: 3, reason: 'hash_mismatch' });
    const edited = chainOf(5);
    edited[1] = { ...edited[1]!, details: { limit: 1_000_000, note: { a: [1, 2], b: 1 } } };
    expect(verifyChain(edited)).toMatchObject({ valid: false, firstBadSeq: 2, reason: 'hash_mismatch' });
  });

  it('finds an edited record whose hash was recomputed: prev_hash_mismatch at the next one', () => {
    const records = chainOf(5);
    const { hash: _old, ...rest } = { ...records[2]!, actor: 'mallory' };
    records[2] = { ...rest, hash: chainHash(rest) };
    expect(verifyChain(records)).toEqual({ valid: false, checked: 3, firstBadSeq: 4, reason: 'prev_hash_mismatch' });
  });

  it('finds a deleted record (seq_gap at the missing seq) and an inserted one', () => {
    const records = chainOf(5);
    expect(verifyChain([...records.slice(0, 2), ...records.slice(3)])).toEqual({ valid: false, checked: 2, firstBadSeq: 3, reason: 'seq_gap' });
    // Inserted between 2 and 3, numbered 3, with a correct hash: the old 3 no longer follows it.
    const forged = chainEntries(scope, { seq: 2, hash: records[1]!.hash }, [entry(9, { actor: 'mallory' })]).records[0]!;
    const renumbered = records.slice(2).map((r) => ({ ...r, seq: r.seq + 1 }));
    expect(verifyChain([...records.slice(0, 2), forged, ...renumbered])).toEqual({ valid: false, checked: 3, firstBadSeq: 4, reason: 'prev_hash_mismatch' });
    // Inserted before the first record.
    const early = { ...records[0]!, seq: 0 };
    expect(verifyChain([early, ...records])).toMatchObject({ valid: false, firstBadSeq: 0, reason: 'seq_gap' });
  });
});
