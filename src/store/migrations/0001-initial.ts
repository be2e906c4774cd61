/** @module 0001: identity, the event log with its global seq counter, and the projections. */
import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function initial(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('orgs')
        .addColumn('org_id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tenants')
        .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.org_id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tenants_pk', ['org_id', 'tenant_id'])
        .execute();

      await db.schema
        .createTable('credentials')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('secret_lookup', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('revoked_at', 'text')
        .addForeignKeyConstraint('credentials_tenant_fk', ['org_id', 'tenant_id'], 'tenants', ['org_id', 'tenant_id'])
        .execute();
      await db.schema.createIndex('credentials_lookup_idx').on('credentials').column('secret_lookup').execute();
      await db.schema.createIndex('credentials_scope_idx').on('credentials').columns(['org_id', 'tenant_id', 'created_at']).execute();

      // One row holding the last assigned seq. Appends take it with UPDATE … RETURNING, which
      // serialises writers until commit, so seq order is commit order and a reader that has seen
      // seq N can never later find a smaller seq appear.
      await db.schema
        .createTable('event_seq')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('value', types.int64, (c) => c.notNull())
        .execute();
      await db.insertInto('event_seq').values({ id: 1, value: 0 }).execute();

      await db.schema
        .createTable('events')
        .addColumn('seq', types.int64, (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('data', types.json, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('events_event_id_uq')
        .on('events')
        .columns(['org_id', 'tenant_id', 'execution_id', 'event_id'])
        .unique()
        .execute();
      await db.schema.createIndex('events_scope_seq_idx').on('events').columns(['org_id', 'tenant_id', 'seq']).execute();
      await db.schema
        .createIndex('events_execution_seq_idx')
        .on('events')
        .columns(['org_id', 'tenant_id', 'execution_id', 'seq'])
        .execute();

      await db.schema
        .createTable('executions')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('execution_type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('trace_id', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', types.int64)
        .addColumn('tokens_total', types.int64, (c) => c.notNull())
        .addColumn('cost_usd', types.float, (c) => c.notNull())
        .addColumn('attention', 'text', (c) => c.notNull())
        .addColumn('failure_class', 'text')
        .addColumn('last_seq', types.int64, (c) => c.notNull())
        .addColumn('doc', types.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('executions_pk', ['org_id', 'tenant_id', 'execution_id'])
        .execute();
      await db.schema
        .createIndex('executions_started_idx')
        .on('executions')
        .columns(['org_id', 'tenant_id', 'started_at', 'execution_id'])
        .execute();
      await db.schema
        .createIndex('executions_status_idx')
        .on('executions')
        .columns(['org_id', 'tenant_id', 'status', 'started_at'])
        .execute();

      await db.schema
        .createTable('steps')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('step_index', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('step_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('provider', 'text')
        .addColumn('model', 'text')
        .addColumn('updated_seq', types.int64, (c) => c.notNull())
        .addColumn('doc', types.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('steps_pk', ['org_id', 'tenant_id', 'execution_id', 'step_id'])
        .execute();
      await db.schema
        .createIndex('steps_index_idx')
        .on('steps')
        .columns(['org_id', 'tenant_id', 'execution_id', 'step_index'])
        .execute();

      await db.schema
        .createTable('approvals')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('approval_id', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('updated_seq', types.int64, (c) => c.notNull())
        .addColumn('doc', types.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('approvals_pk', ['org_id', 'tenant_id', 'approval_id'])
        .execute();
      await db.schema
        .createIndex('approvals_status_idx')
        .on('approvals')
        .columns(['org_id', 'tenant_id', 'status', 'requested_at'])
        .execute();
      await db.schema
        .createIndex('approvals_execution_idx')
        .on('approvals')
        .columns(['org_id', 'tenant_id', 'execution_id'])
        .execute();

      await db.schema
        .createTable('usage_records')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('usage_id', 'text', (c) => c.notNull())
        .addColumn('seq', types.int64, (c) => c.notNull())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('workflow_name', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('tokens_in', types.int64, (c) => c.notNull())
        .addColumn('tokens_out', types.int64, (c) => c.notNull())
        .addColumn('tokens_cached', types.int64, (c) => c.notNull())
        .addColumn('cost_usd', types.float, (c) => c.notNull())
        .addPrimaryKeyConstraint('usage_records_pk', ['org_id', 'tenant_id', 'execution_id', 'usage_id'])
        .execute();
      await db.schema.createIndex('usage_at_idx').on('usage_records').columns(['org_id', 'tenant_id', 'at']).execute();
      await db.schema
        .createIndex('usage_execution_idx')
        .on('usage_records')
        .columns(['org_id', 'tenant_id', 'execution_id'])
        .execute();
    },
  };
}
