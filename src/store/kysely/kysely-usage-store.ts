/**
 * @module UsageStore over Kysely: SUM and COUNT in the store, never rows shipped to the process.
 * A window of whole UTC days (every budget period, and the usage API's default periods) is summed
 * from `usage_daily`, at most one row per day and combination; any other window from
 * `usage_records`, record by record. Both give the same answer (a conformance case checks it).
 * Every query is bounded by org (and tenant, unless it spans the org) and time.
 */
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../../core/identity/scope.js';
import type { UsageGroup, UsageGroupBy, UsageQuery, UsageStore, UsageTotals } from '../../core/ports/usage-store.js';
import type { Database } from './database.js';
import { withUsageDaily, type WithUsageDaily } from './usage-rollup.js';

interface SumRow {
  cost_usd: number | string | null;
  tokens_in: number | string | null;
  tokens_out: number | string | null;
  request_count: number | string | null;
}

/** PostgreSQL returns sum(bigint) as numeric text; either backend returns NULL sums over no rows. */
function totalsOf(row: SumRow | undefined): UsageTotals {
  return {
    // `|| 0`: a bucket emptied by subtraction may sum to -0.
    costUsd: Math.round(Number(row?.cost_usd ?? 0) * 1e9) / 1e9 || 0,
    tokensIn: Number(row?.tokens_in ?? 0),
    tokensOut: Number(row?.tokens_out ?? 0),
    requestCount: Number(row?.request_count ?? 0),
  };
}

const MIDNIGHT = 'T00:00:00.000Z';

/** The days [from, to) cover when both are UTC midnights; undefined otherwise. */
function wholeDays(query: UsageQuery): { first: string; end: string } | undefined {
  if (!query.from.endsWith(MIDNIGHT) || !query.to.endsWith(MIDNIGHT) || query.from.length !== 24 || query.to.length !== 24) return undefined;
  return { first: query.from.slice(0, 10), end: query.to.slice(0, 10) };
}

/** One source of usage: its table, its per-record (or per-bucket) sums, and its group keys. */
interface Source {
  rows(): SelectQueryBuilder<any, any, object>;
  readonly sums: ReturnType<typeof sql<number>>[];
  readonly group: Record<UsageGroupBy, ReturnType<typeof sql<string>>>;
  readonly cost: ReturnType<typeof sql<number>>;
  readonly count: ReturnType<typeof sql<number>>;
}

export class KyselyUsageStore implements UsageStore {
  readonly #db: Kysely<WithUsageDaily>;

  constructor(db: Kysely<Database>) {
    this.#db = withUsageDaily(db);
  }

  #source(scope: Scope, query: UsageQuery): Source {
    const days = wholeDays(query);
    if (days) {
      const rows = () => {
        let q = this.#db.selectFrom('usage_daily').where('org_id', '=', scope.orgId);
        if (!query.acrossTenants) q = q.where('tenant_id', '=', scope.tenantId);
        q = q.where('day', '>=', days.first).where('day', '<', days.end);
        if (query.workflow !== undefined) q = q.where('workflow_name', '=', query.workflow);
        if (query.provider !== undefined) q = q.where('provider', '=', query.provider);
        if (query.model !== undefined) q = q.where('model', '=', query.model);
        if (query.agentId !== undefined) q = q.where('agent_key', '=', query.agentId);
        return q;
      };
      return {
        rows,
        cost: sql<number>`sum(cost_usd)`,
        count: sql<number>`sum(request_count)`,
        sums: [sql<number>`sum(cost_usd)`, sql<number>`sum(tokens_in)`, sql<number>`sum(tokens_out)`, sql<number>`sum(request_count)`],
        group: { workflow: sql`workflow_name`, provider: sql`provider`, model: sql`model`, agent: sql`agent_key`, tenant: sql`tenant_id` },
      };
    }
    const rows = () => {
      let q = this.#db.selectFrom('usage_records').where('org_id', '=', scope.orgId);
      if (!query.acrossTenants) q = q.where('tenant_id', '=', scope.tenantId);
      q = q.where('at', '>=', query.from).where('at', '<', query.to);
      if (query.workflow !== undefined) q = q.where('workflow_name', '=', query.workflow);
      if (query.provider !== undefined) q = q.where('provider', '=', query.provider);
      if (query.model !== undefined) q = q.where('model', '=', query.model);
      if (query.agentId !== undefined) q = q.where('agent_id', '=', query.agentId);
      return q;
    };
    return {
      rows,
      cost: sql<number>`sum(cost_usd)`,
      count: sql<number>`count(*)`,
      sums: [sql<number>`sum(cost_usd)`, sql<number>`sum(tokens_in)`, sql<number>`sum(tokens_out)`, sql<number>`count(*)`],
      group: { workflow: sql`workflow_name`, provider: sql`provider`, model: sql`model`, agent: sql`coalesce(agent_id, '')`, tenant: sql`tenant_id` },
    };
  }

  async usageTotals(scope: Scope, query: UsageQuery): Promise<UsageTotals> {
    const source = this.#source(scope, query);
    const [cost, tokensIn, tokensOut, count] = source.sums;
    const row = (await source
      .rows()
      .select([cost!.as('cost_usd'), tokensIn!.as('tokens_in'), tokensOut!.as('tokens_out'), count!.as('request_count')])
      .executeTakeFirst()) as SumRow | undefined;
    return totalsOf(row);
  }

  async usageBreakdown(scope: Scope, query: UsageQuery, groupBy: UsageGroupBy, limit: number): Promise<UsageGroup[]> {
    const source = this.#source(scope, query);
    const key = source.group[groupBy];
    const [cost, tokensIn, tokensOut, count] = source.sums;
    const rows = (await source
      .rows()
      .select([key.as('group_key'), cost!.as('cost_usd'), tokensIn!.as('tokens_in'), tokensOut!.as('tokens_out'), count!.as('request_count')])
      .groupBy(key)
      // Buckets emptied by a deleted run stay as zero rows; they are not groups.
      .having(source.count, '>', 0)
      .orderBy(source.cost, 'desc')
      .orderBy(key)
      .limit(limit)
      .execute()) as (SumRow & { group_key: string })[];
    const groups = rows.map((row) => ({ key: row.group_key, ...totalsOf(row) }));
    // Ties in cost are ordered by key in code points on both backends (PostgreSQL would use its collation).
    return groups.sort((a, b) => b.costUsd - a.costUsd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
