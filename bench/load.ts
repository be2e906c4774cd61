/**
 * `npm run bench:load` (not part of CI): the load run of bench/load-run.ts on each store, then
 * bench/results/load.json and load.md. Needs `npm run build` first (it spawns dist/server/main.js).
 *
 * Environment: BENCH_LOAD_DURATION (per store; `10m`, `180s`, …; default 10m), BENCH_LOAD_WORKFLOWS
 * (concurrent agents; default 50), BENCH_LOAD_SUBSCRIBERS (live streams; default 200),
 * BENCH_LOAD_STORES (default `sqlite,postgres`), AXONFLOW_BENCH_PG_URL (default the test database;
 * the run uses a schema of its own and drops it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDuration } from '../src/server/config/duration.js';
import { dropSchemas, newSchemaName } from '../src/test-support/postgres.js';
import { benchEnvironment, formatRate } from './bench-env.js';
import { runLoad, type LoadResult } from './load-run.js';

const durationMs = parseDuration(process.env.BENCH_LOAD_DURATION ?? '10m');
const workflows = Number(process.env.BENCH_LOAD_WORKFLOWS ?? 50);
const subscribers = Number(process.env.BENCH_LOAD_SUBSCRIBERS ?? 200);
const stores = (process.env.BENCH_LOAD_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];
const pgUrl = process.env.AXONFLOW_BENCH_PG_URL ?? process.env.AXONFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const environment = benchEnvironment();
const results: LoadResult[] = [];
for (const store of stores) {
  console.log(`${store}: ${workflows} agents, ${subscribers} streams, ${durationMs / 1000} s`);
  if (store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'axonflow-load-'));
    try {
      results.push(await runLoad({ store, db: `sqlite:${join(dir, 'axonflow.db')}`, durationMs, workflows, subscribers, log: console.log }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const schema = newSchemaName();
    const url = new URL(pgUrl);
    url.searchParams.set('schema', schema);
    try {
      results.push(await runLoad({ store, db: url.toString(), durationMs, workflows, subscribers, log: console.log }));
    } finally {
      await dropSchemas([schema]).catch(() => undefined);
    }
  }
}

writeFileSync(new URL('./results/load.json', import.meta.url), `${JSON.stringify({ environment, results }, null, 2)}\n`);
const mib = (r: LoadResult, which: 'first' | 'last' | 'max', key: 'rss_mib' | 'heap_used_mib') =>
  which === 'max' ? Math.max(...r.memory.map((m) => m[key])) : (which === 'first' ? r.memory[0]! : r.memory[r.memory.length - 1]!)[key];
const percent = (x: number) => `${(x * 100).toFixed(x === 0 ? 0 : 3)}%`;
const lines = [
  '# Load: agents and live streams together',
  '',
  `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}:`,
  `${Math.round(durationMs / 1000)} s per store, ${workflows} agents, ${subscribers} live streams.`,
  '',
  'The built server (`dist/server/main.js serve`) runs as its own process; the agents and streams run in the',
  'benchmark process beside it (same machine, same cores; PostgreSQL too). Each agent has its own',
  'operator credential and runs WCP workflows through the SDK workflow helper without pause: start, three',
  'steps (gate, an LLM call and a connector call ingested as one batch, step completion), complete. The',
  'streams follow the tenant\'s list stream (`/api/v1/unified/executions/stream`) on raw sockets.',
  '',
  '| store | runs | requests | failed ops | error rate | HTTP errors | gate p50 ms | gate p99 ms | complete p99 ms | ingest p99 ms | ingest events/s | appended events/s |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.store} | ${formatRate(r.runs_completed)} | ${formatRate(r.requests)} | ${r.failed_operations} | ${percent(r.error_rate)} | ${r.http_errors} | ${r.gate_p50_ms} | ${r.gate_p99_ms} | ${r.complete_step_p99_ms} | ${r.ingest_p99_ms} | ${formatRate(r.ingest_events_per_s)} | ${formatRate(r.appended_events_per_s)} |`,
  ),
  '',
  '| store | events appended | stream frames | delivered | stream p50 ms | stream p99 ms | reconnects | RSS start → end (max) MiB | heap start → end (max) MiB | server cores used | load average start, end |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.store} | ${formatRate(r.events_appended)} | ${formatRate(r.sse_frames)} | ${percent(r.sse_delivered_ratio)} | ${r.sse_p50_ms} | ${r.sse_p99_ms} | ${r.sse_reconnects} | ${mib(r, 'first', 'rss_mib')} → ${mib(r, 'last', 'rss_mib')} (${mib(r, 'max', 'rss_mib')}) | ${mib(r, 'first', 'heap_used_mib')} → ${mib(r, 'last', 'heap_used_mib')} (${mib(r, 'max', 'heap_used_mib')}) | ${r.server_cores_used} | ${r.load_average.join(', ')} |`,
  ),
  '',
  'Stream latency: from the store accepting an event (`recorded_at`) to its frame arriving, one frame in ten.',
  'Delivered: event frames received over events appended × streams. Memory: the server\'s own',
  '`process_resident_memory_bytes` and `nodejs_heap_size_used_bytes` from /metrics, every 15 s (all samples in load.json).',
  'Server cores used: its `process_cpu_seconds_total` over the run, per second. Load average: the machine\'s, at start and end',
  '(above the core count, other work competed for the CPUs and the latencies include waiting for one).',
  '',
];
const failures = results.filter((r) => r.failed_operations > 0);
for (const r of failures) lines.push(`Failed operations on ${r.store}, by code: ${JSON.stringify(r.error_codes)}`, '');
for (const r of results.filter((x) => x.http_errors > 0)) lines.push(`HTTP errors on ${r.store} (retried by the SDK unless counted as failed operations), by status: ${JSON.stringify(r.http_error_statuses)}`, '');
writeFileSync(new URL('./results/load.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
