/**
 * `npm run bench:list`: the execution list benchmark at 100k and 1M runs on each store
 * (BENCH_LIST_SCALES=100000,1000000 and BENCH_LIST_STORES=sqlite,postgres by default; several minutes
 * and a few GB of disk). Results files are written only for a full run of both stores.
 */
import { writeFileSync } from 'node:fs';
import { benchEnvironment } from './bench-env.js';
import { benchPostgresList, benchSqliteList, type ListResult } from './list-queries.js';

const pgUrl = process.env.AXONFLOW_BENCH_PG_URL ?? process.env.AXONFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const scales = (process.env.BENCH_LIST_SCALES ?? '100000,1000000').split(',').map(Number);
const stores = (process.env.BENCH_LIST_STORES ?? 'sqlite,postgres').split(',');

const environment = benchEnvironment();
const results: ListResult[] = [];
for (const scale of scales) {
  if (stores.includes('sqlite')) {
    results.push(await benchSqliteList(scale));
    console.log(results[results.length - 1]);
  }
  if (stores.includes('postgres')) {
    results.push(await benchPostgresList(pgUrl, scale));
    console.log(results[results.length - 1]);
  }
}
if (stores.length < 2) process.exit(0);
writeFileSync(new URL('./results/list-queries.json', import.meta.url), `${JSON.stringify({ environment, results }, null, 2)}\n`);
const lines = [
  '# Execution lists at scale',
  '',
  `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}.`,
  '',
  'Runs seeded straight into the projection tables (2 steps each, with search text). The list: status=failed,',
  'provider=anthropic, started in the newer half, search "chargeback" (in ~2% of step texts), 50 per page, newest first, through',
  '`store.listExecutions` (page + total count + document decoding); "raw page" is the same page SQL run',
  'directly on the driver (no count, no decoding). The 1,000-step run is read with getExecution + listSteps,',
  'beside the raw steps query. 30 samples each after one warm-up.',
  '',
  '| store | runs | matching | list p50 ms | list p95 ms | raw page p50 ms | raw page p95 ms | list ÷ raw (p50) | 1,000-step run p50 ms | p95 ms | raw steps p50 ms | seed s |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.store} | ${r.executions.toLocaleString('en-US')} | ${r.matching.toLocaleString('en-US')} | ${r.list_p50_ms} | ${r.list_p95_ms} | ${r.raw_page_p50_ms} | ${r.raw_page_p95_ms} | ${r.list_to_raw_p50_ratio}× | ${r.get_1000_steps_p50_ms} | ${r.get_1000_steps_p95_ms} | ${r.raw_steps_p50_ms} | ${r.seed_seconds} |`),
  '',
];
writeFileSync(new URL('./results/list-queries.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
