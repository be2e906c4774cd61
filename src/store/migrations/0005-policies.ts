/**
 * @module 0005: policies written through the API. `policy_versions` is append-only (every version
 * stays readable); `policy_heads` holds each policy's latest version and is the row a writer locks.
 */
import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function policies(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('policy_versions')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('spec', types.json)
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_versions_pk', ['org_id', 'policy_id', 'version'])
        .execute();
      await db.schema
        .createTable('policy_heads')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('policy_heads_pk', ['org_id', 'policy_id'])
        .execute();
    },
  };
}
