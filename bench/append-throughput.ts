/**
 * Append throughput: step events in batches of 100 through `store.append` (one transaction per
 * batch: dedupe check, seq, fold, log and projection writes), beside the raw INSERT rate of the
 * very same event rows, 100 per transaction, with the same driver and the same indexes on the
 * log table. The ratio is our overhead over writing the log alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { EventDraft, ExecutionEvent } from '../src/core/index.js';
import type { Store } from '../src/core/ports/store.js';
import { eventRow } from '../src/store/kysely/rows.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const RUNS = 40;
const BATCHES_PER_RUN = 10;
const BATCH = 100;

export interface AppendResult {
  readonly store: 'sqlite' | 'postgres';
  readonly events: number;
  readonly append_events_per_s: number;
  readonly raw_insert_events_per_s: number;
  /** raw / append: how many times faster writing the bare rows is. */
  readonly overhead_ratio: number;
}

/** One batch of a realistic run: steps started, a provider call each, completed. */
function batch(run: number, index: number): EventDraft[] {
  const drafts: EventDraft[] = [];
  if (index === 0) drafts.push({ type: 'execution.created', data: { executionType: 'reported', name: `bench-${run % 5}`, source: 'bench' } });
  let step = index * 34;
  while (drafts.length < BATCH) {
    const stepId = `s${step++}`;
    drafts.push({ type: 'step.started', data: { stepId, name: 'draft reply', stepType: 'llm_call', input: { prompt: 'Summarise the ticket and propose a reply.', ticket: 4711 } } });
    if (drafts.length < BATCH)
      drafts.push({ type: 'provider.called', data: { stepId, provider: 'openai', model: 'gpt-4o', tokensIn: 812, tokensOut: 164, latencyMs: 930, outcome: 'ok', costUsd: 0.00367 } });
    if (drafts.length < BATCH) drafts.push({ type: 'step.completed', data: { stepId, output: { reply: 'Thanks for reaching out…' } } });
  }
  return drafts;
}

async function appendAll(store: Store): Promise<{ seconds: number; events: ExecutionEvent[] }> {
  const scope = { orgId: 'bench', tenantId: 'bench' };
  const events: ExecutionEvent[] = [];
  const start = process.hrtime.bigint();
  for (let run = 0; run < RUNS; run++) {
    for (let b = 0; b < BATCHES_PER_RUN; b++) {
      const result = await store.append(scope, { executionId: `run-${run}`, decide: () => batch(run, b) });
      for (const e of result.events) events.push(e.event);
    }
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, events };
}

const RAW_TABLE = `create table raw_events (seq bigint primary key, org_id text not null, tenant_id text not null, execution_id text not null,
  event_id text not null, type text not null, at text not null, recorded_at text not null, data JSONTYPE not null)`;
const RAW_INDEXES = [
  'create unique index raw_uq on raw_events (org_id, tenant_id, execution_id, event_id)',
  'create index raw_scope on raw_events (org_id, tenant_id, seq)',
  'create index raw_exec on raw_events (org_id, tenant_id, execution_id, seq)',
];

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

function rawSqlite(path: string, events: ExecutionEvent[]): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_TABLE.replace('JSONTYPE', 'text'));
  for (const ddl of RAW_INDEXES) db.exec(ddl);
  const insert = db.prepare('insert into raw_events values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const rows = events.map(eventRow);
  const write = db.transaction((chunk: typeof rows) => {
    for (const r of chunk) insert.run(r.seq, r.org_id, r.tenant_id, r.execution_id, r.event_id, r.type, r.at, r.recorded_at, r.data);
  });
  const start = process.hrtime.bigint();
  for (const chunk of chunks(rows)) write(chunk);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return seconds;
}

async function rawPostgres(connectionString: string, schema: string, events: ExecutionEvent[]): Promise<number> {
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query(RAW_TABLE.replace('JSONTYPE', 'jsonb'));
  for (const ddl of RAW_INDEXES) await client.query(ddl);
  const rows = events.map(eventRow);
  const start = process.hrtime.bigint();
  for (const chunk of chunks(rows)) {
    const values: unknown[] = [];
    const tuples = chunk.map((r, i) => {
      values.push(r.seq, r.org_id, r.tenant_id, r.execution_id, r.event_id, r.type, r.at, r.recorded_at, r.data);
      return `(${Array.from({ length: 9 }, (_, k) => `$${i * 9 + k + 1}`).join(', ')})`;
    });
    await client.query('begin');
    await client.query(`insert into raw_events values ${tuples.join(', ')}`, values);
    await client.query('commit');
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await client.end();
  return seconds;
}

function result(store: AppendResult['store'], events: number, appendSeconds: number, rawSeconds: number): AppendResult {
  const append = events / appendSeconds;
  const raw = events / rawSeconds;
  return { store, events, append_events_per_s: Math.round(append), raw_insert_events_per_s: Math.round(raw), overhead_ratio: Math.round((raw / append) * 100) / 100 };
}

export async function benchSqliteAppend(): Promise<AppendResult> {
  const dir = mkdtempSync(join(tmpdir(), 'axonflow-bench-'));
  try {
    const store = createSqliteStore({ path: join(dir, 'store.db') });
    await store.migrate();
    const { seconds, events } = await appendAll(store);
    await store.close();
    return result('sqlite', events.length, seconds, rawSqlite(join(dir, 'raw.db'), events));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPostgresAppend(connectionString: string): Promise<AppendResult> {
  const schema = `axbench_${Date.now()}`;
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  try {
    const store = createPostgresStore({ connectionString, schema });
    await store.migrate();
    const { seconds, events } = await appendAll(store);
    await store.close();
    return result('postgres', events.length, seconds, await rawPostgres(connectionString, schema, events));
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}
