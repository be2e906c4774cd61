/**
 * @module 0012: re-runs. `rerun_targets` holds one target (URL + secret, stored as given: HMAC
 * needs the key itself) per workflow name of a tenant. `executions.parent_execution_id` becomes a
 * column with an index, so an original finds the runs its re-runs started without a scan; runs
 * stored before carry it only in `doc`, and are filled in here.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function rerunTargets(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('rerun_targets')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('workflow_name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rerun_targets_pk', ['org_id', 'tenant_id', 'workflow_name'])
        .execute();

      await db.schema.alterTable('executions').addColumn('parent_execution_id', 'text').execute();
      const parent = types.json === 'jsonb' ? sql`doc->>'parentExecutionId'` : sql`json_extract(doc, '$.parentExecutionId')`;
      await sql`update executions set parent_execution_id = ${parent} where ${parent} is not null`.execute(db);
      await db.schema.createIndex('executions_parent_idx').on('executions').columns(['org_id', 'tenant_id', 'parent_execution_id', 'started_at']).execute();
    },
  };
}
