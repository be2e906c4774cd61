/**
 * @module 0006: budgets, the alerts they raise, each org's price overrides, and daily usage
 * totals. An alert's primary key is (budget, period start, threshold), so a crossing is recorded
 * once however many replicas see it. `usage_daily` sums usage records per UTC day, workflow,
 * provider, model and agent, kept in the append transaction, so a budget's spend over a whole
 * period is a read of at most one row per day and combination instead of every call.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function budgets(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('budgets')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('scope_id', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('doc', types.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('budgets_pk', ['org_id', 'tenant_id', 'budget_id'])
        .execute();
      // A gate reads the org's enabled `organization` budgets besides its tenant's.
      await db.schema.createIndex('budgets_org_scope_idx').on('budgets').columns(['org_id', 'scope', 'enabled']).execute();

      await db.schema
        .createTable('budget_alerts')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('budget_id', 'text', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('threshold', 'integer', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('doc', types.json, (c) => c.notNull())
        .addPrimaryKeyConstraint('budget_alerts_pk', ['org_id', 'tenant_id', 'budget_id', 'period_start', 'threshold'])
        .execute();
      await db.schema.createIndex('budget_alerts_created_idx').on('budget_alerts').columns(['org_id', 'tenant_id', 'budget_id', 'created_at']).execute();

      await db.schema
        .createTable('price_overrides')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('input_per_1k', types.float, (c) => c.notNull())
        .addColumn('output_per_1k', types.float, (c) => c.notNull())
        .addColumn('cached_input_per_1k', types.float)
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('price_overrides_pk', ['org_id', 'provider', 'model'])
        .execute();

      await db.schema.createIndex('usage_org_at_idx').on('usage_records').columns(['org_id', 'at']).execute();

      await db.schema
        .createTable('usage_daily')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('workflow_name', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        // '' for records without an agent: key columns cannot be NULL.
        .addColumn('agent_key', 'text', (c) => c.notNull())
        .addColumn('cost_usd', types.float, (c) => c.notNull())
        .addColumn('tokens_in', types.int64, (c) => c.notNull())
        .addColumn('tokens_out', types.int64, (c) => c.notNull())
        .addColumn('request_count', types.int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('usage_daily_pk', ['org_id', 'tenant_id', 'day', 'workflow_name', 'provider', 'model', 'agent_key'])
        .execute();
      await db.schema.createIndex('usage_daily_org_day_idx').on('usage_daily').columns(['org_id', 'day']).execute();
      // Usage recorded before this migration (timestamps are UTC text, so the day is the first 10 characters).
      await sql`insert into usage_daily (org_id, tenant_id, day, workflow_name, provider, model, agent_key, cost_usd, tokens_in, tokens_out, request_count)
        select org_id, tenant_id, substr(at, 1, 10), workflow_name, provider, model, coalesce(agent_id, ''), sum(cost_usd), sum(tokens_in), sum(tokens_out), count(*)
        from usage_records group by org_id, tenant_id, substr(at, 1, 10), workflow_name, provider, model, coalesce(agent_id, '')`.execute(db);
    },
  };
}
