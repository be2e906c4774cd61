/**
 * @module The audit hash chain (docs/audit.md, decision 0012), as pure functions: how records are
 * numbered and hashed when they are appended, and how a stored chain is checked.
 *
 * hash = sha256 hex of the canonical JSON (keys sorted, undefined dropped) of
 * `{v: 1, orgId, tenantId, seq, auditId, at, actor, action, targetType, targetId, executionId
 * (null when none), details, prevHash}`. Scope and seq are inside the hash, so a record cannot be
 * moved to another tenant or position without its hash changing.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../events/canonical-json.js';
import { normaliseJson } from '../events/storable-json.js';
import type { Scope } from '../identity/scope.js';
import type { AuditEntry } from './audit-entry.js';
import type { AuditChainHead, AuditRecord, ChainFault } from './audit-record.js';

/** The prevHash of a tenant's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The head of a chain with no records. */
export const EMPTY_CHAIN: AuditChainHead = { seq: 0, hash: GENESIS_HASH };

/** The hashed form's version, inside every hash: a later format can be told apart. */
const FORMAT = 1;

/** The hash a record must carry: over every field but `hash` itself. */
export function chainHash(record: Omit<AuditRecord, 'hash'>): string {
  const body = {
    v: FORMAT,
    orgId: record.orgId,
    tenantId: record.tenantId,
    seq: record.seq,
    auditId: record.auditId,
    at: record.at,
    actor: record.actor,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    executionId: record.executionId ?? null,
    details: record.details,
    prevHash: record.prevHash,
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * Numbers and links entries after `head`, in order. Values are first made storable (NUL and lone
 * surrogates become U+FFFD, undefined members go), so the hash covers exactly what the store will
 * read back. An entry about an execution with no `executionId` is filed under that execution.
 */
export function chainEntries(scope: Scope, head: AuditChainHead, entries: readonly AuditEntry[]): { records: AuditRecord[]; head: AuditChainHead } {
  const records: AuditRecord[] = [];
  let { seq, hash } = head;
  for (const entry of entries) {
    const clean = normaliseJson(entry);
    const executionId = clean.executionId ?? (clean.targetType === 'execution' ? clean.targetId : undefined);
    seq += 1;
    const unhashed = {
      orgId: scope.orgId,
      tenantId: scope.tenantId,
      seq,
      auditId: clean.auditId,
      at: clean.at,
      actor: clean.actor,
      action: clean.action,
      targetType: clean.targetType,
      targetId: clean.targetId,
      ...(executionId === undefined ? {} : { executionId }),
      details: clean.details ?? {},
      prevHash: hash,
    };
    hash = chainHash(unhashed);
    records.push({ ...unhashed, hash });
  }
  return { records, head: { seq, hash } };
}

export type ChainCheck =
  | { readonly valid: true; readonly checked: number; readonly end: AuditChainHead }
  | { readonly valid: false; readonly checked: number; readonly firstBadSeq: number; readonly reason: ChainFault };

/**
 * Checks records in seq order that continue the chain at `from` (EMPTY_CHAIN for the start): each
 * must have the next seq, carry the previous record's hash, and hash to its own `hash`. Stops at the
 * first fault. `checked` counts the records that passed. A page-by-page walk passes each page's
 * `end` as the next page's `from`, so memory stays one page.
 *
 * A missing seq is `seq_gap` at the first missing seq; a seq that goes backwards (a record inserted
 * outside 1..n) is `seq_gap` at that seq.
 */
export function verifyChain(records: Iterable<AuditRecord>, from: AuditChainHead = EMPTY_CHAIN): ChainCheck {
  let checked = 0;
  let { seq, hash } = from;
  for (const record of records) {
    const expected = seq + 1;
    if (record.seq !== expected) return { valid: false, checked, firstBadSeq: Math.min(record.seq, expected), reason: 'seq_gap' };
    if (record.prevHash !== hash) return { valid: false, checked, firstBadSeq: record.seq, reason: 'prev_hash_mismatch' };
    const { hash: stored, ...unhashed } = record;
    if (chainHash(unhashed) !== stored) return { valid: false, checked, firstBadSeq: record.seq, reason: 'hash_mismatch' };
    seq = record.seq;
    hash = stored;
    checked += 1;
  }
  return { valid: true, checked, end: { seq, hash } };
}
