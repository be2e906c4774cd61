/** @module 0003: the audit log of operator actions (who did what to which object, when). */
import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function auditLog(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit_log')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('audit_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('details', types.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_log_pk', ['org_id', 'tenant_id', 'audit_id'])
        .execute();
      await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['org_id', 'tenant_id', 'at']).execute();
      await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['org_id', 'tenant_id', 'target_type', 'target_id']).execute();
    },
  };
}
