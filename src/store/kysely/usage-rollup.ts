/**
 * @module usage_daily: usage records summed per UTC day, workflow, provider, model and agent,
 * kept in the same transaction as the records (the append, and a run's deletion), so it always
 * equals grouping `usage_records` by those keys. Writes add deltas: a record replaced by a repeated
 * step completion (the only records the fold replaces, ids `completion:<step>`) is subtracted
 * from its old bucket before the new one is added. Appends already serialise on the seq counter,
 * so the bucket rows add no lock contention of their own.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { UsageRecord } from '../../core/executions/usage-record.js';
import type { Scope } from '../../core/identity/scope.js';
import type { Database, Int64 } from './database.js';

export interface UsageDailyTable {
  org_id: string;
  tenant_id: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  workflow_name: string;
  provider: string;
  model: string;
  /** '' for records without an agent. */
  agent_key: string;
  cost_usd: number;
  tokens_in: Int64;
  tokens_out: Int64;
  request_count: Int64;
}

export type WithUsageDaily = Database & { usage_daily: UsageDailyTable };

export function withUsageDaily(db: Kysely<Database>): Kysely<WithUsageDaily> {
  return db.withTables<{ usage_daily: UsageDailyTable }>();
}

interface Bucketed {
  readonly at: string;
  readonly workflowName: string;
  readonly provider: string;
  readonly model: string;
  readonly agentId?: string | null;
  readonly costUsd: number;
  readonly tokensIn: number;
  readonly tokensOut: number;
}

/** The UTC day of a timestamp (offsets honoured). */
export function utcDay(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at.slice(0, 10) : new Date(ms).toISOString().slice(0, 10);
}

interface Delta {
  day: string;
  workflow_name: string;
  provider: string;
  model: string;
  agent_key: string;
  cost_usd: number;
  tokens_in: number;
  tokens_out: number;
  request_count: number;
}

function accumulate(deltas: Map<string, Delta>, record: Bucketed, sign: 1 | -1): void {
  const key = { day: utcDay(record.at), workflow_name: record.workflowName, provider: record.provider, model: record.model, agent_key: record.agentId ?? '' };
  const id = JSON.stringify(Object.values(key));
  const delta = deltas.get(id) ?? { ...key, cost_usd: 0, tokens_in: 0, tokens_out: 0, request_count: 0 };
  deltas.set(id, {
    ...delta,
    cost_usd: delta.cost_usd + sign * record.costUsd,
    tokens_in: delta.tokens_in + sign * record.tokensIn,
    tokens_out: delta.tokens_out + sign * record.tokensOut,
    request_count: delta.request_count + sign,
  });
}

const CHUNK = 200;

async function applyDeltas(trx: Transaction<Database>, scope: Scope, deltas: Map<string, Delta>): Promise<void> {
  const rows = [...deltas.values()]
    .filter((d) => d.request_count !== 0 || d.cost_usd !== 0 || d.tokens_in !== 0 || d.tokens_out !== 0)
    .map((d) => ({ org_id: scope.orgId, tenant_id: scope.tenantId, ...d }));
  const db = trx.withTables<{ usage_daily: UsageDailyTable }>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('usage_daily')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['org_id', 'tenant_id', 'day', 'workflow_name', 'provider', 'model', 'agent_key']).doUpdateSet({
          cost_usd: sql`usage_daily.cost_usd + excluded.cost_usd`,
          tokens_in: sql`usage_daily.tokens_in + excluded.tokens_in`,
          tokens_out: sql`usage_daily.tokens_out + excluded.tokens_out`,
          request_count: sql`usage_daily.request_count + excluded.request_count`,
        }),
      )
      .execute();
  }
}

async function storedRecords(trx: Transaction<Database>, scope: Scope, executionId: string, usageIds?: readonly string[]): Promise<Bucketed[]> {
  let q = trx
    .selectFrom('usage_records')
    .select(['at', 'workflow_name', 'provider', 'model', 'agent_id', 'cost_usd', 'tokens_in', 'tokens_out'])
    .where('org_id', '=', scope.orgId)
    .where('tenant_id', '=', scope.tenantId)
    .where('execution_id', '=', executionId);
  if (usageIds) q = q.where('usage_id', 'in', usageIds);
  const rows = await q.execute();
  return rows.map((r) => ({
    at: r.at,
    workflowName: r.workflow_name,
    provider: r.provider,
    model: r.model,
    agentId: r.agent_id,
    costUsd: Number(r.cost_usd),
    tokensIn: Number(r.tokens_in),
    tokensOut: Number(r.tokens_out),
  }));
}

/** Call before one run's new records are written: adds them to their buckets, taking out what they replace. */
export async function rollUpUsage(trx: Transaction<Database>, scope: Scope, records: readonly UsageRecord[]): Promise<void> {
  const executionId = records[0]?.executionId;
  if (executionId === undefined) return;
  const deltas = new Map<string, Delta>();
  const replaceable = records.filter((r) => r.usageId.startsWith('completion:')).map((r) => r.usageId);
  for (let i = 0; i < replaceable.length; i += 500) {
    for (const old of await storedRecords(trx, scope, executionId, replaceable.slice(i, i + 500))) accumulate(deltas, old, -1);
  }
  for (const record of records) accumulate(deltas, record, 1);
  await applyDeltas(trx, scope, deltas);
}

/** Call before a run's records are deleted: takes all of them out of their buckets. */
export async function removeRunUsage(trx: Transaction<Database>, scope: Scope, executionId: string): Promise<void> {
  const deltas = new Map<string, Delta>();
  for (const old of await storedRecords(trx, scope, executionId)) accumulate(deltas, old, -1);
  await applyDeltas(trx, scope, deltas);
}
