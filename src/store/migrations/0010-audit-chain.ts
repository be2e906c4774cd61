/**
 * @module 0010: the audit log becomes a per-tenant hash chain (docs/audit.md, decision 0012).
 *
 * The table is rebuilt (SQLite cannot add NOT NULL columns without defaults or change a primary
 * key): `audit_log` keyed by (org, tenant, seq) with `prev_hash`, `hash` and `execution_id`, and
 * `audit_chain_heads`, one row per tenant. Rows written before the chain existed are chained here
 * per tenant in (at, audit_id) order, page by page, with the same function writers use, so the
 * result depends only on the rows. Old entries about an execution are filed under it.
 */
import type { Kysely, Migration } from 'kysely';
import { EMPTY_CHAIN, chainEntries } from '../../core/audit/audit-chain.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { AuditChainHead } from '../../core/audit/audit-record.js';
import type { ColumnTypes } from './column-types.js';
import { auditRow } from '../kysely/audit-row.js';
import { decodeJson } from '../kysely/json.js';

const PAGE = 500;

export function auditChain(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_log_chained')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('seq', types.int64, (c) => c.notNull())
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text')
        .addColumn('details', types.json, (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_log_chain_pk', ['org_id', 'tenant_id', 'seq'])
        .execute();
      await db.schema
        .createTable('audit_chain_heads')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('seq', types.int64, (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_chain_heads_pk', ['org_id', 'tenant_id'])
        .execute();

      const tenants = await db.selectFrom('audit_log').select(['org_id', 'tenant_id']).distinct().orderBy('org_id').orderBy('tenant_id').execute();
      for (const { org_id: orgId, tenant_id: tenantId } of tenants as { org_id: string; tenant_id: string }[]) {
        const scope = { orgId, tenantId };
        let head: AuditChainHead = EMPTY_CHAIN;
        let after: { at: string; id: string } | undefined;
        for (;;) {
          let page = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId).where('tenant_id', '=', tenantId);
          if (after) {
            const { at, id } = after;
            page = page.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('audit_id', '>', id)])]));
          }
          const rows = await page.orderBy('at').orderBy('audit_id').limit(PAGE).execute();
          if (rows.length === 0) break;
          const entries: AuditEntry[] = rows.map((row) => ({
            auditId: row.audit_id,
            at: row.at,
            actor: row.actor,
            action: row.action,
            targetType: row.target_type,
            targetId: row.target_id,
            details: decodeJson<Record<string, unknown>>(row.details),
          }));
          const chained = chainEntries(scope, head, entries);
          await db.insertInto('audit_log_chained').values(chained.records.map(auditRow)).execute();
          head = chained.head;
          const last = rows[rows.length - 1]!;
          after = { at: last.at, id: last.audit_id };
        }
        await db.insertInto('audit_chain_heads').values({ org_id: orgId, tenant_id: tenantId, seq: head.seq, hash: head.hash }).execute();
      }

      await db.schema.dropTable('audit_log').execute();
      await db.schema.alterTable('audit_log_chained').renameTo('audit_log').execute();
      await db.schema.createIndex('audit_log_id_uq').unique().on('audit_log').columns(['org_id', 'tenant_id', 'audit_id']).execute();
      await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['org_id', 'tenant_id', 'at']).execute();
      await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['org_id', 'tenant_id', 'target_type', 'target_id', 'seq']).execute();
      await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['org_id', 'tenant_id', 'actor', 'seq']).execute();
      await db.schema.createIndex('audit_log_execution_idx').on('audit_log').columns(['org_id', 'tenant_id', 'execution_id', 'seq']).execute();
    },
  };
}
