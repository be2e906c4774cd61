import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './audit-entry.js';
import { EMPTY_CHAIN, GENESIS_HASH, chainEntries } from './audit-chain.js';
import type { AuditChainHead, AuditRecord } from './audit-record.js';
import { ChainVerifier } from './chain-verifier.js';

const scope = { orgId: 'acme', tenantId: 'payments' };
const entry = (n: number): AuditEntry => ({ auditId: `aud_${n}`, at: '2026-06-01T08:00:00.000Z', actor: 'ops', action: 'x.y', targetType: 't', targetId: `${n}`, details: {} });
const records = chainEntries(scope, EMPTY_CHAIN, Array.from({ length: 10 }, (_, i) => entry(i + 1))).records;
const headAt = (seq: number): AuditChainHead => (seq === 0 ? EMPTY_CHAIN : { seq, hash: records[seq - 1]!.hash });

/** Runs a verifier over `rows` in pages of 3, with the heads read before and after. */
function verify(before: AuditChainHead | undefined, rows: readonly AuditRecord[], after: AuditChainHead | undefined = before) {
  const verifier = new ChainVerifier(before);
  for (let i = 0; i < rows.length; i += 3) if (!verifier.add(rows.slice(i, i + 3))) break;
  return verifier.finish(after);
}

describe('ChainVerifier', () => {
  it('accepts an intact chain read in pages, and an empty one', () => {
    expect(verify(headAt(10), records)).toEqual({ valid: true, checked: 10, head: headAt(10) });
    expect(verify(undefined, [])).toEqual({ valid: true, checked: 0, head: EMPTY_CHAIN });
  });

  it('accepts records committed by writers while it read (both heads cover them)', () => {
    expect(verify(headAt(6), records, headAt(10))).toEqual({ valid: true, checked: 10, head: headAt(10) });
    // Committed after the last page was read: the later head is further than what was read.
    expect(verify(headAt(6), records.slice(0, 8), headAt(10))).toEqual({ valid: true, checked: 8, head: headAt(8) });
    expect(verify(undefined, records.slice(0, 2), headAt(2))).toMatchObject({ valid: true, checked: 2 });
  });

  it('finds the last records deleted', () => {
    expect(verify(headAt(10), records.slice(0, 8))).toEqual({ valid: false, checked: 8, firstBadSeq: 9, reason: 'head_mismatch' });
    expect(verify(headAt(10), [])).toEqual({ valid: false, checked: 0, firstBadSeq: 1, reason: 'head_mismatch' });
  });

  it('finds a record added past the head, and a head or last record changed', () => {
    const extra = chainEntries(scope, headAt(10), [entry(11)]).records;
    expect(verify(headAt(10), [...records, ...extra])).toEqual({ valid: false, checked: 11, firstBadSeq: 11, reason: 'head_mismatch' });
    expect(verify(undefined, records.slice(0, 1))).toEqual({ valid: false, checked: 1, firstBadSeq: 1, reason: 'head_mismatch' });
    expect(verify({ seq: 10, hash: GENESIS_HASH }, records)).toEqual({ valid: false, checked: 10, firstBadSeq: 10, reason: 'head_mismatch' });
    expect(verify(headAt(8), records, { seq: 10, hash: GENESIS_HASH })).toMatchObject({ valid: false, firstBadSeq: 10, reason: 'head_mismatch' });
  });

  it('reports faults inside the chain and stops reading', () => {
    const edited = records.map((r) => (r.seq === 5 ? { ...r, targetId: 'other' } : r));
    expect(verify(headAt(10), edited)).toEqual({ valid: false, checked: 4, firstBadSeq: 5, reason: 'hash_mismatch' });
    const verifier = new ChainVerifier(headAt(10));
    expect(verifier.add(records.slice(0, 3))).toBe(true);
    expect(verifier.add([records[4]!])).toBe(false);
    expect(verifier.add(records.slice(5))).toBe(false);
    expect(verifier.finish(headAt(10))).toEqual({ valid: false, checked: 3, firstBadSeq: 4, reason: 'seq_gap' });
  });
});
