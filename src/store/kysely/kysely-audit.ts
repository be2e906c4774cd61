/** @module Deleting a run (with its audit entry, atomically) and reading the audit log. */
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Scope } from '../../core/identity/scope.js';
import { appendAudit } from './append-audit.js';
import { auditRecordOf } from './audit-row.js';
import type { Database } from './database.js';
import { removeRunUsage } from './usage-rollup.js';

const RUN_TABLES = ['events', 'steps', 'approvals', 'approval_policies', 'usage_records', 'step_search'] as const;

export async function deleteExecution(db: Kysely<Database>, scope: Scope, executionId: string, audit: AuditEntry): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('executions')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    // The daily usage totals lose the run's records in the same transaction.
    await removeRunUsage(trx, scope, executionId);
    for (const table of RUN_TABLES) {
      await trx.deleteFrom(table).where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).where('execution_id', '=', executionId).execute();
    }
    await appendAudit(trx, scope, [audit]);
    return true;
  });
}

/** Audit entries about one object, newest first (the chain's fields left out: see KyselyAuditStore). */
export async function listAudit(db: Kysely<Database>, scope: Scope, query: { targetType?: string; targetId?: string; limit: number }): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId);
  if (query.targetType) q = q.where('target_type', '=', query.targetType);
  if (query.targetId) q = q.where('target_id', '=', query.targetId);
  const rows = await q.orderBy('seq', 'desc').limit(query.limit).execute();
  return rows.map((row) => {
    const { orgId: _org, tenantId: _tenant, seq: _seq, prevHash: _prev, hash: _hash, ...entry } = auditRecordOf(row);
    return entry;
  });
}
