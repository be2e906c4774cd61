/**
 * @module ChainVerifier: checks a tenant's stored audit chain page by page (bounded memory) while
 * writers may keep appending, and tells an edited, inserted or deleted record from a new one.
 *
 * The caller reads the head, then every record in seq order (all of them, including any past
 * that head), then the head again, and hands them in in that order. Writers move the head in the
 * transaction that adds the records, so:
 * - every record up to the first head was committed when it was read: fewer records, or a last
 *   one with another hash, means records were deleted (or the head was changed): `head_mismatch`;
 * - every record read after it belongs under the second head, read later: a record past that
 *   head was put there without going through the writers: `head_mismatch`.
 * Faults inside the chain are `verifyChain`'s: `hash_mismatch`, `prev_hash_mismatch`, `seq_gap`.
 */
import { EMPTY_CHAIN, verifyChain } from './audit-chain.js';
import type { AuditChainHead, AuditRecord, ChainFault } from './audit-record.js';

export type ChainVerification =
  | { readonly valid: true; readonly checked: number; readonly head: AuditChainHead }
  | { readonly valid: false; readonly checked: number; readonly firstBadSeq: number; readonly reason: ChainFault };

export class ChainVerifier {
  readonly #before: AuditChainHead;
  #end: AuditChainHead = EMPTY_CHAIN;
  #checked = 0;
  /** The hash of the record at the first head's seq, once seen. */
  #atBefore: string | undefined;
  #fault: { readonly firstBadSeq: number; readonly reason: ChainFault } | undefined;

  /** @param before the head as read before the first page (undefined: no head row). */
  constructor(before: AuditChainHead | undefined) {
    this.#before = before ?? EMPTY_CHAIN;
    if (this.#before.seq === 0) this.#atBefore = EMPTY_CHAIN.hash;
  }

  /** Feeds the next page, in seq order. False once a fault is found: reading further is pointless. */
  add(records: readonly AuditRecord[]): boolean {
    if (this.#fault) return false;
    const check = verifyChain(records, this.#end);
    this.#checked += check.checked;
    if (!check.valid) {
      this.#fault = { firstBadSeq: check.firstBadSeq, reason: check.reason };
      return false;
    }
    const atBefore = records.find((r) => r.seq === this.#before.seq);
    if (atBefore) this.#atBefore = atBefore.hash;
    this.#end = check.end;
    return true;
  }

  /** @param after the head as read after the last page. */
  finish(after: AuditChainHead | undefined): ChainVerification {
    const checked = this.#checked;
    if (this.#fault) return { valid: false, checked, ...this.#fault };
    const end = this.#end;
    const before = this.#before;
    if (end.seq < before.seq) return { valid: false, checked, firstBadSeq: end.seq + 1, reason: 'head_mismatch' };
    if (this.#atBefore !== before.hash) return { valid: false, checked, firstBadSeq: Math.max(1, before.seq), reason: 'head_mismatch' };
    const later = after ?? EMPTY_CHAIN;
    if (end.seq > before.seq) {
      if (later.seq < end.seq) return { valid: false, checked, firstBadSeq: later.seq + 1, reason: 'head_mismatch' };
      if (later.seq === end.seq && later.hash !== end.hash) return { valid: false, checked, firstBadSeq: end.seq, reason: 'head_mismatch' };
    }
    return { valid: true, checked, head: end };
  }
}
