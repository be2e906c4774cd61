/**
 * @module 0009: built-in alerts (docs/alerts.md).
 * - `alert_rules`: one document per tenant with what an admin changed (defaults fill the rest).
 * - `alerts`: one row per firing episode, kept after it resolves (the history). The partial unique
 *   index allows one firing row per (tenant, kind, subject): replicas that evaluate together insert
 *   `ON CONFLICT DO NOTHING` and exactly one wins; resolving is `UPDATE … WHERE state = 'firing'`.
 * - `events_type_at_idx`: the evaluator's window reads (connector calls, retried attempts).
 * - `executions_completed_idx`: runs that ended in a window.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function alerts(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('alert_rules')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('doc', types.json, (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('alert_rules_pk', ['org_id', 'tenant_id'])
        .execute();
      await db.schema
        .createTable('alerts')
        .addColumn('alert_id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('fired_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('doc', types.json, (c) => c.notNull())
        .execute();
      await sql`create unique index alerts_firing_uq on alerts (org_id, tenant_id, kind, subject) where state = 'firing'`.execute(db);
      await db.schema.createIndex('alerts_list_idx').on('alerts').columns(['org_id', 'tenant_id', 'fired_at']).execute();
      await db.schema.createIndex('events_type_at_idx').on('events').columns(['org_id', 'tenant_id', 'type', 'at']).execute();
      await db.schema.createIndex('executions_completed_idx').on('executions').columns(['org_id', 'tenant_id', 'completed_at']).execute();
    },
  };
}
