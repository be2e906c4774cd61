/**
 * @module Audit records and chain verification on the wire (snake_case). `details` is passed as
 * stored, keys unchanged: it is part of what `hash` covers, so a reader can recompute the hash.
 */
import type { AuditRecord } from '../../core/audit/audit-record.js';
import type { ChainVerification } from '../../core/audit/chain-verifier.js';

export function presentAuditRecord(r: AuditRecord) {
  return {
    seq: r.seq,
    id: r.auditId,
    org_id: r.orgId,
    tenant_id: r.tenantId,
    at: r.at,
    actor: r.actor,
    action: r.action,
    target_type: r.targetType,
    target_id: r.targetId,
    ...(r.executionId !== undefined ? { execution_id: r.executionId } : {}),
    details: r.details as Record<string, unknown>,
    prev_hash: r.prevHash,
    hash: r.hash,
  };
}

export function presentVerification(v: ChainVerification) {
  return v.valid
    ? { valid: true, checked: v.checked, head_seq: v.head.seq, head_hash: v.head.hash }
    : { valid: false, checked: v.checked, first_bad_seq: v.firstBadSeq, reason: v.reason };
}
