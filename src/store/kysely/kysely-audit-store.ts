/** @module AuditStore over Kysely: standalone entries, search, a run's records, and the verifier's reads. */
import { type Kysely, sql } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { AuditChainHead, AuditRecord } from '../../core/audit/audit-record.js';
import type { Scope } from '../../core/identity/scope.js';
import type { AuditPage, AuditSearchQuery, AuditStore } from '../../core/ports/audit-store.js';
import { appendAudit } from './append-audit.js';
import { auditRecordOf } from './audit-row.js';
import type { Database } from './database.js';

/** Most records one read returns, whatever the caller asks. */
const MAX_PAGE = 1000;

export class KyselyAuditStore implements AuditStore {
  constructor(private readonly db: Kysely<Database>) {}

  async recordAudit(scope: Scope, entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute((trx) => appendAudit(trx, scope, [entry]));
  }

  async auditForExecution(scope: Scope, executionId: string): Promise<AuditRecord[]> {
    const rows = await this.#scoped(scope).where('execution_id', '=', executionId).orderBy('seq').execute();
    return rows.map(auditRecordOf);
  }

  async searchAudit(scope: Scope, query: AuditSearchQuery): Promise<AuditPage> {
    const limit = Math.min(Math.max(1, query.limit), MAX_PAGE);
    let q = this.#scoped(scope);
    if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
    if (query.action !== undefined) {
      // An action or a dotted prefix of one. substr, not LIKE: LIKE ignores case on SQLite and treats _ and % as wildcards.
      const prefix = `${query.action}.`;
      q = q.where((eb) => eb.or([eb('action', '=', query.action!), eb(sql<string>`substr(action, 1, ${prefix.length})`, '=', prefix)]));
    }
    if (query.executionId !== undefined) q = q.where('execution_id', '=', query.executionId);
    if (query.targetType !== undefined) q = q.where('target_type', '=', query.targetType);
    if (query.targetId !== undefined) q = q.where('target_id', '=', query.targetId);
    if (query.from !== undefined) q = q.where('at', '>=', query.from);
    if (query.to !== undefined) q = q.where('at', '<', query.to);
    if (query.beforeSeq !== undefined) q = q.where('seq', '<', query.beforeSeq);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1).execute();
    const records = rows.slice(0, limit).map(auditRecordOf);
    return rows.length > limit ? { records, nextBeforeSeq: records[records.length - 1]!.seq } : { records };
  }

  async readAuditChain(scope: Scope, query: { readonly afterSeq?: number; readonly limit: number }): Promise<AuditRecord[]> {
    let q = this.#scoped(scope);
    if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
    const rows = await q.orderBy('seq').limit(Math.min(Math.max(1, query.limit), MAX_PAGE)).execute();
    return rows.map(auditRecordOf);
  }

  async auditHead(scope: Scope): Promise<AuditChainHead | undefined> {
    const row = await this.db
      .selectFrom('audit_chain_heads')
      .select(['seq', 'hash'])
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .executeTakeFirst();
    return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  #scoped(scope: Scope) {
    return this.db.selectFrom('audit_log').selectAll().where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId);
  }
}
