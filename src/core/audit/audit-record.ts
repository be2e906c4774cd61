/**
 * @module AuditRecord: an AuditEntry as its tenant's audit chain holds it: numbered (`seq`, 1..n
 * per tenant, no gaps) and linked (`prevHash` is the hash of record seq-1, or GENESIS_HASH for
 * the first; `hash` covers every field of the record and `prevHash`). AuditChainHead is the
 * chain's last position, kept beside the chain so the deletion of its last records shows.
 */
import type { AuditEntry } from './audit-entry.js';

export interface AuditRecord extends AuditEntry {
  readonly orgId: string;
  readonly tenantId: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditChainHead {
  /** The seq of the last record; 0 for an empty chain. */
  readonly seq: number;
  /** The hash of the last record; GENESIS_HASH for an empty chain. */
  readonly hash: string;
}

/** Why a chain failed verification (docs/audit.md). */
export const CHAIN_FAULTS = ['hash_mismatch', 'seq_gap', 'prev_hash_mismatch', 'head_mismatch'] as const;
export type ChainFault = (typeof CHAIN_FAULTS)[number];
