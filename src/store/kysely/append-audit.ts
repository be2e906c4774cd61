/**
 * @module appendAudit: the one writer of audit_log. It chains entries under the tenant's head in
 * the caller's transaction, so they commit with the action they record or not at all.
 *
 * The head row is taken first with `UPDATE … SET seq = seq + n RETURNING`: on PostgreSQL that
 * row lock is held to commit, so writers of one tenant (on any replica) queue there and each sees
 * the head the previous one committed; the chain cannot fork. (SQLite has one writer.) The unique
 * (org, tenant, seq) key is the backstop. Lock order is always "the writer's own rows, then the
 * head", and nothing takes a head before other rows, so the head adds no deadlock.
 */
import type { Kysely } from 'kysely';
import { EMPTY_CHAIN, chainEntries } from '../../core/audit/audit-chain.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { AuditChainHead, AuditRecord } from '../../core/audit/audit-record.js';
import type { Scope } from '../../core/identity/scope.js';
import { auditRow } from './audit-row.js';
import type { Database } from './database.js';

/** Rows per multi-row INSERT: well under both backends' bound-parameter limits. */
const INSERT_CHUNK = 200;

/** Any transaction whose schema includes the audit tables (stores add their own tables to Database). */
type AuditTransaction = Pick<Kysely<Database>, 'insertInto' | 'updateTable'>;

export async function appendAudit(trx: AuditTransaction, scope: Scope, entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
  if (entries.length === 0) return [];
  const head = await takeHead(trx, scope, entries.length);
  const chained = chainEntries(scope, head, entries);
  for (let i = 0; i < chained.records.length; i += INSERT_CHUNK) {
    await trx.insertInto('audit_log').values(chained.records.slice(i, i + INSERT_CHUNK).map(auditRow)).execute();
  }
  await trx.updateTable('audit_chain_heads').set({ hash: chained.head.hash }).where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).execute();
  return chained.records;
}

/** Locks the head and moves its seq past `count` new records; answers where the chain stood. */
async function takeHead(trx: AuditTransaction, scope: Scope, count: number): Promise<AuditChainHead> {
  for (let attempt = 0; ; attempt++) {
    const row = await trx
      .updateTable('audit_chain_heads')
      .set((eb) => ({ seq: eb('seq', '+', count) }))
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
    if (row) return { seq: Number(row.seq) - count, hash: row.hash };
    if (attempt > 0) throw new Error(`audit chain head of ${scope.orgId}/${scope.tenantId} could not be created`);
    // The tenant's first record. Two first writers: one inserts, the other's insert waits for it to
    // commit and does nothing; both then take the row's lock above, in turn.
    await trx
      .insertInto('audit_chain_heads')
      .values({ org_id: scope.orgId, tenant_id: scope.tenantId, seq: EMPTY_CHAIN.seq, hash: EMPTY_CHAIN.hash })
      .onConflict((oc) => oc.columns(['org_id', 'tenant_id']).doNothing())
      .execute();
  }
}
