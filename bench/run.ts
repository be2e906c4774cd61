/**
 * `npm run bench`: runs the benchmarks and writes bench/results/*.json and a Markdown summary.
 * Figures vary with the machine and its load; compare ratios measured in the same run.
 */
import { writeFileSync } from 'node:fs';
import { benchPostgresAppend, benchSqliteAppend } from './append-throughput.js';
import { benchEnvironment, formatRate } from './bench-env.js';
import { benchPostgresGate, benchSqliteGate } from './gate-round-trip.js';
import { benchPostgresSse, benchSqliteSse } from './sse-latency.js';

const pgUrl = process.env.AXONFLOW_BENCH_PG_URL ?? process.env.AXONFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const environment = benchEnvironment();
const append = [await benchSqliteAppend(), await benchPostgresAppend(pgUrl)];

writeFileSync(new URL('./results/append-throughput.json', import.meta.url), `${JSON.stringify({ environment, results: append }, null, 2)}\n`);
const lines = [
  '# Append throughput',
  '',
  `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}.`,
  '',
  'Step events appended through `store.append` in batches of 100 (one transaction each: dedupe check,',
  'seq, fold, log and projection writes), beside raw INSERTs of the same rows, 100 per transaction,',
  'same driver, same log indexes.',
  '',
  '| store | events | store.append events/s | raw insert events/s | raw ÷ append |',
  '|---|---|---|---|---|',
  ...append.map((r) => `| ${r.store} | ${r.events} | ${formatRate(r.append_events_per_s)} | ${formatRate(r.raw_insert_events_per_s)} | ${r.overhead_ratio}× |`),
  '',
];
writeFileSync(new URL('./results/append-throughput.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));

const gate = [await benchSqliteGate(), await benchSqliteGate(50), await benchPostgresGate(pgUrl), await benchPostgresGate(pgUrl, 50)];
writeFileSync(new URL('./results/gate-round-trip.json', import.meta.url), `${JSON.stringify({ environment, results: gate }, null, 2)}\n`);
const gateLines = [
  '# Gate round trip and ingest rate',
  '',
  `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}.`,
  '',
  'Sequential requests over HTTP on loopback from an SDK client in the same process. The gate (a new',
  'step each time; no policies, or 50 policies using every detector from bench/policy-eval.ts) is sampled',
  'interleaved with `POST /bench/echo` on the same server, which authenticates and returns the same body;',
  'the ratio is what the gate itself costs.',
  'Ingest: `POST /api/v1/events` in batches of 100 LLM-call events, sequential.',
  '',
  '| store | policies | gates | gate p50 ms | gate p99 ms | echo p50 ms | echo p99 ms | p50 ratio | p99 ratio | ingest events/s |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...gate.map((r) => `| ${r.store} | ${r.policies} | ${r.gates} | ${r.gate_p50_ms} | ${r.gate_p99_ms} | ${r.echo_p50_ms} | ${r.echo_p99_ms} | ${r.p50_ratio}× | ${r.p99_ratio}× | ${formatRate(r.ingest_events_per_s)} |`),
  '',
];
writeFileSync(new URL('./results/gate-round-trip.md', import.meta.url), gateLines.join('\n'));
console.log(gateLines.join('\n'));

const SSE_SUBSCRIBERS = Number(process.env.BENCH_SSE_SUBSCRIBERS ?? 1000);
const SSE_EVENTS = Number(process.env.BENCH_SSE_EVENTS ?? 20);
const sse = [await benchSqliteSse(SSE_SUBSCRIBERS, SSE_EVENTS), await benchPostgresSse(pgUrl, SSE_SUBSCRIBERS, SSE_EVENTS)];
writeFileSync(new URL('./results/sse-latency.json', import.meta.url), `${JSON.stringify({ environment, results: sse }, null, 2)}\n`);
const sseLines = [
  '# SSE delivery latency with many subscribers',
  '',
  `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}.`,
  '',
  `${SSE_SUBSCRIBERS} clients hold the list stream of one tenant open (in the benchmark process, beside the server);`,
  `${SSE_EVENTS} events are written one at a time, 100 ms apart, through POST /api/v1/events. Latency is from the store`,
  'accepting an event (`recorded_at`) to its frame arriving at a client, over every (event, client) pair.',
  'Streams keep no state: each re-reads the log after a wake-up; identical concurrent reads share one query.',
  '',
  '| store | subscribers | events | frames delivered | p50 ms | p99 ms | max ms |',
  '|---|---|---|---|---|---|---|',
  ...sse.map((r) => `| ${r.store} | ${r.subscribers} | ${r.events} | ${r.delivered} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} |`),
  '',
];
writeFileSync(new URL('./results/sse-latency.md', import.meta.url), sseLines.join('\n'));
console.log(sseLines.join('\n'));
