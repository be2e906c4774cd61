/**
 * `npm run bench:policy`: in-process policy evaluation latency with the detector built-ins;
 * writes bench/results/policy-eval.json and a Markdown summary. Under a minute.
 */
import { writeFileSync } from 'node:fs';
import { benchEnvironment, formatRate } from './bench-env.js';
import { benchPolicyEvaluation } from './policy-eval.js';

const environment = benchEnvironment();
const results = benchPolicyEvaluation();

writeFileSync(new URL('./results/policy-eval.json', import.meta.url), `${JSON.stringify({ environment, results }, null, 2)}\n`);
const lines = [
  '# Policy evaluation in process',
  '',
  `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}.`,
  '',
  '`evaluatePolicies` over compiled policies that use every detector (`pii.found`, `pii.types`, `secrets.found`,',
  '`secrets.types`, `sql_injection`) beside plain field comparisons; the single policy runs all three scans.',
  'Step inputs are support-ticket JSON of about 1 KiB and 16 KiB with emails, phone numbers, an IBAN, an IP',
  'address and a JWT in prose, different for every sample. Each sample is one gate: fresh facts, scans memoised',
  'within that evaluation only. Samples after 300 warm-up evaluations.',
  '',
  '| policies | input | samples | p50 ms | p99 ms | mean ms | evaluations/s | policies matched |',
  '|---|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.policies} | ${r.input_kib} KiB (${r.input_bytes.toLocaleString('en-US')} B) | ${r.samples} | ${r.p50_ms} | ${r.p99_ms} | ${r.mean_ms} | ${formatRate(r.evaluations_per_s)} | ${r.policies_matched} |`),
  '',
];
writeFileSync(new URL('./results/policy-eval.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
