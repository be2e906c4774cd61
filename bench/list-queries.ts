/**
 * Execution lists at scale: a list with three filters plus search (status, provider, time range,
 * a word in 2% of step texts) over 100k and 1M runs, beside the raw time of the same page SQL run directly on the
 * driver; and the read of a 1,000-step run. Rows are seeded straight into the projection tables
 * (the fold is benchmarked elsewhere), with realistic document sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Execution, Step } from '../src/core/executions/index.js';
import type { Store } from '../src/core/ports/store.js';
import type { Database as Schema } from '../src/store/kysely/database.js';
import { filterExpression, sortExpression } from '../src/store/kysely/execution-query.js';
import { executionRow, stepRow } from '../src/store/kysely/rows.js';
import { stepSearchText } from '../src/store/kysely/step-search-text.js';
import type { StoreDialect } from '../src/store/kysely/store-dialect.js';
import { createPostgresStore, postgresStoreDialect } from '../src/store/postgres/postgres-store.js';
import { createSqliteStore, sqliteStoreDialect } from '../src/store/sqlite/sqlite-store.js';
import type { ExecutionFilter } from '../src/core/ports/execution-store.js';

const SCOPE = { orgId: 'bench', tenantId: 'bench' };
const WORDS = ['invoice', 'pricing', 'onboarding', 'refund', 'export', 'latency', 'contract', 'renewal', 'shipping', 'password'];
const PROVIDERS = [['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4'], ['google', 'gemini-2.0-flash']] as const;
const STATUSES = ['completed', 'completed', 'completed', 'completed', 'failed', 'running', 'cancelled'] as const;
const SAMPLES = 30;

export interface ListResult {
  readonly store: 'sqlite' | 'postgres';
  readonly executions: number;
  readonly matching: number;
  readonly list_p50_ms: number;
  readonly list_p95_ms: number;
  readonly raw_page_p50_ms: number;
  readonly raw_page_p95_ms: number;
  readonly list_to_raw_p50_ratio: number;
  readonly get_1000_steps_p50_ms: number;
  readonly get_1000_steps_p95_ms: number;
  readonly raw_steps_p50_ms: number;
  readonly seed_seconds: number;
}

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function template(i: number, r: () => number): { execution: Execution; steps: Step[] } {
  const started = new Date(Date.UTC(2026, 0, 1) + i * 30_000).toISOString();
  const status = STATUSES[Math.floor(r() * STATUSES.length)]!;
  const [provider, model] = PROVIDERS[Math.floor(r() * PROVIDERS.length)]!;
  const executionId = `run-${String(i).padStart(8, '0')}`;
  // About 2% of texts mention a chargeback: the search term, as selective as a real one.
  const words = () => Array.from({ length: 12 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ') + (r() < 0.02 ? ' chargeback dispute' : '');
  const steps: Step[] = [0, 1].map((index) => ({
    executionId,
    stepId: `s${index}`,
    stepIndex: index,
    name: index === 0 ? 'triage' : 'draft reply',
    stepType: 'llm_call',
    status: status === 'failed' && index === 1 ? 'failed' : 'completed',
    input: { ticket: words() },
    output: { reply: words() },
    provider,
    model,
    policiesEvaluated: [],
    policiesMatched: [],
    redactions: [],
    gateCount: 1,
    completionCount: 1,
    attempts: [],
    providerCalls: [],
    connectorCalls: [],
    tokensIn: 800,
    tokensOut: 200,
    tokensCached: 0,
    costUsd: 0.004,
    firstAttemptAt: started,
    lastAttemptAt: started,
    updatedSeq: i * 10 + index,
  }));
  const execution = {
    orgId: SCOPE.orgId, tenantId: SCOPE.tenantId, executionId, executionType: 'reported', name: ['support-triage', 'refund-agent', 'research-agent'][i % 3]!, source: 'crewai',
    status, metadata: { region: r() < 0.5 ? 'eu' : 'us' }, createdAt: started, startedAt: started, updatedAt: started,
    completedAt: status === 'running' ? undefined : started, durationMs: status === 'running' ? undefined : Math.floor(r() * 60_000),
    totalSteps: 2, stepCount: 2, currentStepIndex: 1, completedSteps: 2, failedSteps: status === 'failed' ? 1 : 0, blockedSteps: 0, pendingApprovals: 0, pendingApprovalSteps: [],
    retryCount: 0, retrying: false, providerCalls: 2, providerErrors: status === 'failed' ? 1 : 0, connectorCalls: 0, connectorErrors: 0, tokensIn: 1600, tokensOut: 400, tokensCached: 0,
    costUsd: Math.round(r() * 1e6) / 1e6, attention: 'none', failureClass: status === 'failed' ? 'provider_failure' : status === 'cancelled' ? 'cancelled' : undefined,
    lastSeq: i * 10 + 2, eventCount: 6,
  } as unknown as Execution;
  return { execution, steps };
}

async function seed(db: Kysely<Schema>, dialect: StoreDialect, count: number): Promise<void> {
  const r = random(42);
  const CHUNK = 400;
  for (let start = 0; start < count; start += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => template(start + k, r));
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('executions').values(batch.map((b) => executionRow(b.execution))).execute();
      await trx.insertInto('steps').values(batch.flatMap((b) => b.steps.map((s) => stepRow(SCOPE, s)))).execute();
      if (dialect.columnTypes.search === 'fts5') {
        for (const b of batch) for (const s of b.steps) await dialect.writeStepSearch(trx, SCOPE, s.executionId, s.stepId, stepSearchText(s));
      } else {
        await trx.insertInto('step_search').values(batch.flatMap((b) => b.steps.map((s) => ({ org_id: SCOPE.orgId, tenant_id: SCOPE.tenantId, execution_id: s.executionId, step_id: s.stepId, body: stepSearchText(s) })))).execute();
      }
    });
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

async function time(work: () => Promise<unknown>): Promise<number[]> {
  await work();
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    await work();
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return out;
}

async function measure(kind: ListResult['store'], store: Store, db: Kysely<Schema>, dialect: StoreDialect, count: number): Promise<ListResult> {
  await store.migrate();
  const seedStart = process.hrtime.bigint();
  await seed(db, dialect, count);
  if (kind === 'postgres') await sql`analyze`.execute(db);
  const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;

  const filter: ExecutionFilter = { statuses: ['failed'], provider: 'anthropic', startedFrom: new Date(Date.UTC(2026, 0, 1) + count * 15_000).toISOString(), search: 'chargeback' };
  const listQuery = { ...filter, limit: 50 };
  const page = await store.listExecutions(SCOPE, listQuery);
  const list = await time(() => store.listExecutions(SCOPE, listQuery));
  const key = sortExpression('started_at');
  const raw = db
    .selectFrom('executions')
    .select(['doc', 'execution_id'])
    .where((eb) => filterExpression(eb, dialect, SCOPE, filter))
    .orderBy(key, 'desc')
    .orderBy('execution_id', 'desc')
    .limit(51)
    .compile();
  const rawPage = await time(() => db.executeQuery(raw));

  // A 1,000-step run, appended the way clients write it.
  await store.append(SCOPE, { executionId: 'big', decide: () => [{ type: 'execution.created', data: { executionType: 'reported', name: 'big', source: 'bench' } }] });
  for (let b = 0; b < 10; b++) {
    await store.append(SCOPE, {
      executionId: 'big',
      decide: () => Array.from({ length: 100 }, (_, i) => ({ type: 'step.started' as const, data: { stepId: `s${b * 100 + i}`, name: 'tool call', stepType: 'tool_call' as const, input: { n: b * 100 + i } } })),
    });
  }
  const getBig = await time(async () => Promise.all([store.getExecution(SCOPE, 'big'), store.listSteps(SCOPE, 'big')]));
  const rawSteps = db.selectFrom('steps').select('doc').where('org_id', '=', SCOPE.orgId).where('tenant_id', '=', SCOPE.tenantId).where('execution_id', '=', 'big').orderBy('step_index').compile();
  const rawStepTimes = await time(() => db.executeQuery(rawSteps));

  return {
    store: kind,
    executions: count,
    matching: page.total,
    list_p50_ms: percentile(list, 50),
    list_p95_ms: percentile(list, 95),
    raw_page_p50_ms: percentile(rawPage, 50),
    raw_page_p95_ms: percentile(rawPage, 95),
    list_to_raw_p50_ratio: Math.round((percentile(list, 50) / percentile(rawPage, 50)) * 100) / 100,
    get_1000_steps_p50_ms: percentile(getBig, 50),
    get_1000_steps_p95_ms: percentile(getBig, 95),
    raw_steps_p50_ms: percentile(rawStepTimes, 50),
    seed_seconds: Math.round(seedSeconds),
  };
}

export async function benchSqliteList(count: number): Promise<ListResult> {
  const dir = mkdtempSync(join(tmpdir(), 'axonflow-bench-list-'));
  try {
    const path = join(dir, 'list.db');
    const store = createSqliteStore({ path });
    await store.migrate();
    const raw = new Database(path);
    raw.pragma('busy_timeout = 10000');
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      return await measure('sqlite', store, db, sqliteStoreDialect, count);
    } finally {
      await db.destroy();
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPostgresList(connectionString: string, count: number): Promise<ListResult> {
  const schema = `axbench_list_${Date.now()}`;
  const store = createPostgresStore({ connectionString, schema });
  const pool = new pg.Pool({ connectionString, options: `-c search_path=${schema}`, max: 2 });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    return await measure('postgres', store, db, postgresStoreDialect(schema), count);
  } finally {
    await db.destroy();
    await store.close();
    // BENCH_LIST_KEEP_SCHEMA=1 leaves the seeded data for EXPLAIN ANALYZE.
    if (process.env.BENCH_LIST_KEEP_SCHEMA === '1') console.log(`kept schema ${schema}`);
    else {
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  }
}

