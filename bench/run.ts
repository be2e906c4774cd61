/**
 * `npm run bench`: runs the benchmarks and writes bench/results/*.json and a Markdown summary.
 * Figures vary with the machine and its load; compare ratios measured in the same run.
 */
import { writeFileSync } from 'node:fs';
import { benchPostgresAppend, benchSqliteAppend } from './append-throughput.js';
import { benchEnvironment, formatRate } from './bench-env.js';

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
