/** @module The audit_log row of an AuditEntry, for writers that record their audit entry in their own transaction. */
import type { Insertable } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Scope } from '../../core/identity/scope.js';
import type { AuditLogTable } from './database.js';
import { encodeJson } from './json.js';

export function auditRow(scope: Scope, audit: AuditEntry): Insertable<AuditLogTable> {
  return {
    org_id: scope.orgId,
    tenant_id: scope.tenantId,
    audit_id: audit.auditId,
    at: audit.at,
    actor: audit.actor,
    action: audit.action,
    target_type: audit.targetType,
    target_id: audit.targetId,
    details: encodeJson(audit.details),
  };
}
