/** @module audit_log rows to and from AuditRecords (the chained form; entries are chained by append-audit.ts). */
import type { Insertable, Selectable } from 'kysely';
import type { AuditRecord } from '../../core/audit/audit-record.js';
import type { AuditLogTable } from './database.js';
import { decodeJson, encodeJson } from './json.js';

export function auditRow(record: AuditRecord): Insertable<AuditLogTable> {
  return {
    org_id: record.orgId,
    tenant_id: record.tenantId,
    seq: record.seq,
    audit_id: record.auditId,
    at: record.at,
    actor: record.actor,
    action: record.action,
    target_type: record.targetType,
    target_id: record.targetId,
    execution_id: record.executionId ?? null,
    details: encodeJson(record.details),
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

export function auditRecordOf(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    orgId: row.org_id,
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    auditId: row.audit_id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    ...(row.execution_id === null ? {} : { executionId: row.execution_id }),
    details: decodeJson<Record<string, unknown>>(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
