/**
 * @module 0002: what execution lists filter and search on. Steps get their agent; a search table
 * holds each step's text (input, output, error): an FTS5 trigram table on SQLite, a pg_trgm
 * indexed table on PostgreSQL. Both match substrings case-insensitively in any language.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function executionFilters(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('steps').addColumn('agent_id', 'text').execute();
      // Ending in execution_id, so the per-run EXISTS of a provider/model/agent filter is one seek.
      await db.schema.createIndex('steps_provider_idx').on('steps').columns(['org_id', 'tenant_id', 'provider', 'execution_id']).execute();
      await db.schema.createIndex('steps_model_idx').on('steps').columns(['org_id', 'tenant_id', 'model', 'execution_id']).execute();
      await db.schema.createIndex('steps_agent_idx').on('steps').columns(['org_id', 'tenant_id', 'agent_id', 'execution_id']).execute();
      await db.schema.createIndex('executions_updated_idx').on('executions').columns(['org_id', 'tenant_id', 'status', 'updated_at']).execute();
      await db.schema.createIndex('executions_cost_idx').on('executions').columns(['org_id', 'tenant_id', 'cost_usd']).execute();
      await db.schema.createIndex('executions_duration_idx').on('executions').columns(['org_id', 'tenant_id', 'duration_ms']).execute();
      await db.schema.createIndex('executions_failure_idx').on('executions').columns(['org_id', 'tenant_id', 'failure_class', 'started_at']).execute();
      await db.schema.createIndex('executions_trace_idx').on('executions').columns(['org_id', 'tenant_id', 'trace_id']).execute();

      if (types.search === 'fts5') {
        // rowid = the step row's rowid, so a step's text is replaced in place.
        await sql`create virtual table step_search using fts5(org_id unindexed, tenant_id unindexed, execution_id unindexed, step_id unindexed, body, tokenize = 'trigram')`.execute(db);
        return;
      }
      await db.schema
        .createTable('step_search')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addColumn('step_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('step_search_pk', ['org_id', 'tenant_id', 'execution_id', 'step_id'])
        .execute();
      // pg_trgm lives in `public` for the whole database (schemas of one database share it); two
      // schemas migrating at once may race to create it, which a savepoint absorbs.
      const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
      if ((available.rows[0]?.n ?? 0) > 0) {
        await sql`savepoint trgm`.execute(db);
        try {
          await sql`create extension if not exists pg_trgm schema public`.execute(db);
          await sql`release savepoint trgm`.execute(db);
        } catch {
          await sql`rollback to savepoint trgm`.execute(db);
        }
        const installed = await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`.execute(db);
        if ((installed.rows[0]?.n ?? 0) > 0) {
          await sql`create index step_search_trgm_idx on step_search using gin (body public.gin_trgm_ops)`.execute(db);
        }
      }
    },
  };
}
