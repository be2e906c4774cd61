/**
 * `npm run bench:export`: the export of a 10,000-step run in each format (json, ndjson, csv, html,
 * bundle) through the HTTP route, on SQLite and PostgreSQL (BENCH_EXPORT_STORES, default both;
 * BENCH_EXPORT_STEPS, default 10000). The run is written through `store.append` (the real fold and
 * audit chain): every step gated (some redacted, blocked or held for approval), started, with a
 * provider call, completed; about 40,000 events and 10,000 audit records.
 *
 * Each export is read by a client in the same process that counts and drops the bytes. Time is to
 * the last byte (median of three warm runs); memory is sampled every 5 ms while the export runs and
 * given as the peak above the post-GC baseline (RSS and V8 heap, then the live heap with a full GC
 * before every sample). "buffered json" is the previous implementation (every step read at once, the body
 * built as one string) for comparison. Results are written only
 * for a full run (both stores, 10,000 steps).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { EventDraft } from '../src/core/events/event-catalogue.js';
import type { Store } from '../src/core/ports/store.js';
import { buildApp } from '../src/server/app.js';
import { presentExport } from '../src/server/presenters/replay-presenter.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { benchEnvironment } from './bench-env.js';

const STEPS = Number(process.env.BENCH_EXPORT_STEPS ?? 10_000);
const STORES = (process.env.BENCH_EXPORT_STORES ?? 'sqlite,postgres').split(',');
const PG_URL = process.env.AXONFLOW_BENCH_PG_URL ?? process.env.AXONFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCOPE = { orgId: 'default', tenantId: 'default' };
const RUN = 'wf_bench_export';
const SECRET = 'bench-export-secret-0123456789abcdef';
const FORMATS = ['json', 'ndjson', 'csv', 'html', 'bundle'] as const;
const gc = (globalThis as { gc?: () => void }).gc;

interface FormatResult {
  readonly store: string;
  readonly format: string;
  readonly bytes: number;
  readonly seconds: number;
  readonly peak_rss_delta_mib: number;
  readonly peak_heap_delta_mib: number;
  readonly peak_live_heap_delta_mib: number;
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function stepDrafts(i: number, at: string): EventDraft[] {
  const stepId = `step-${i}`;
  const held = i % 250 === 0;
  const blocked = i % 500 === 1;
  const redacted = i % 10 === 0;
  const policy = { policyId: 'refund-limit', policyName: 'Refund limit', action: 'block' as const };
  const drafts: EventDraft[] = [
    {
      type: 'step.gated',
      at,
      data: {
        stepId,
        name: `${['triage ticket', 'search help centre', 'draft reply', 'check refund'][i % 4]} #${i}`,
        stepType: i % 4 === 3 ? 'tool_call' : 'llm_call',
        input: { ticket: `T-${i}`, customer: { email: redacted ? '[REDACTED:email]' : undefined, tier: 'gold' }, text: 'The customer asks about an invoice that was charged twice last month. '.repeat(4) },
        provider: 'openai',
        model: 'gpt-4o',
        agentId: `agent-${i % 3}`,
        decision: blocked ? 'block' : held ? 'require_approval' : 'allow',
        reason: blocked ? 'refund over the limit' : held ? 'refunds need review' : 'allowed',
        policiesEvaluated: [policy, { policyId: 'pii-mask', policyName: 'PII mask', action: 'redact' }],
        policiesMatched: blocked || held ? [{ ...policy, action: blocked ? 'block' : 'require_approval', reason: 'amount 900 > 500' }] : redacted ? [{ policyId: 'pii-mask', policyName: 'PII mask', action: 'redact', reason: 'email address' }] : [],
        redactions: redacted ? [{ path: '$.customer.email', type: 'email', policyId: 'pii-mask', field: 'input' }] : [],
      },
    } as EventDraft,
  ];
  if (blocked) return drafts;
  if (held) {
    drafts.push(
      { type: 'approval.requested', at, data: { approvalId: `ap-${i}`, stepId, policyIds: ['refund-limit'], reason: 'refunds need review' } } as EventDraft,
      { type: 'approval.decided', at, data: { approvalId: `ap-${i}`, stepId, decision: 'approved', by: 'reviewer@example.com', comment: 'amount checked against the order' } } as EventDraft,
    );
  }
  drafts.push(
    { type: 'step.started', at, data: { stepId } } as EventDraft,
    { type: 'provider.called', at, data: { stepId, provider: 'openai', model: 'gpt-4o', tokensIn: 800 + (i % 400), tokensOut: 200 + (i % 100), latencyMs: 300 + (i % 700), outcome: 'ok', costUsd: 0.004 } } as EventDraft,
    { type: 'step.completed', at, data: { stepId, output: { reply: 'Thanks for reaching out: the duplicate charge has been refunded and will show in 3-5 days. '.repeat(3) } } } as EventDraft,
  );
  return drafts;
}

async function seed(store: Store): Promise<number> {
  const started = Date.now();
  const base = Date.parse('2026-06-01T09:00:00.000Z');
  await store.append(SCOPE, { executionId: RUN, decide: () => [{ type: 'execution.created', at: new Date(base).toISOString(), data: { executionType: 'reported', name: 'support-triage', source: 'bench', totalSteps: STEPS } } as EventDraft] });
  const BATCH = 100;
  for (let from = 0; from < STEPS; from += BATCH) {
    const drafts: EventDraft[] = [];
    for (let i = from; i < Math.min(STEPS, from + BATCH); i++) drafts.push(...stepDrafts(i, new Date(base + i * 1000).toISOString()));
    await store.append(SCOPE, { executionId: RUN, decide: () => drafts });
  }
  await store.append(SCOPE, { executionId: RUN, decide: () => [{ type: 'execution.completed', at: new Date(base + STEPS * 1000).toISOString(), data: {} } as EventDraft] });
  return Math.round((Date.now() - started) / 1000);
}

/**
 * Runs `work` while sampling memory every 5 ms: the peaks above the post-GC baseline. With
 * `collect`, a full GC runs before each sample, so the heap peak is what the export keeps alive, not
 * garbage V8 has not collected yet.
 */
async function measured(work: () => Promise<number>, collect = false): Promise<{ bytes: number; seconds: number; rss: number; heap: number }> {
  gc?.();
  gc?.();
  const base = process.memoryUsage();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    if (collect) gc?.();
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss - base.rss);
    heap = Math.max(heap, now.heapUsed - base.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const started = performance.now();
  const bytes = await work();
  const seconds = (performance.now() - started) / 1000;
  sample();
  clearInterval(timer);
  return { bytes, seconds: Math.round(seconds * 100) / 100, rss: mib(rss), heap: mib(heap) };
}

/** Median time of three warm runs, then one run for memory as it is and one with GCs forced. */
async function profile(work: () => Promise<number>) {
  await work();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await work();
    times.push((performance.now() - started) / 1000);
  }
  const memory = await measured(work);
  const live = await measured(work, true);
  return { bytes: memory.bytes, seconds: Math.round(times.sort((a, b) => a - b)[1]! * 100) / 100, rss: memory.rss, heap: memory.heap, live: live.heap };
}

async function download(url: string): Promise<number> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${SECRET}` } });
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength;
  return bytes;
}

async function benchStore(kind: string, store: Store): Promise<{ results: FormatResult[]; seed_seconds: number; events: number; audit: number }> {
  await store.migrate();
  const seedSeconds = await seed(store);
  const app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 60_000 }, alertEvaluateIntervalMs: 0, approvalSweepIntervalMs: 0, webhooks: { dispatch: false } });
  await app.credentials.ensureBootstrapAdmin(SECRET);
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.addresses()[0]!;
  const base = `http://127.0.0.1:${typeof address === 'object' ? address.port : 0}/api/v1/executions/${RUN}/export`;
  const execution = (await store.getExecution(SCOPE, RUN))!;
  const audit = (await store.searchAudit(SCOPE, { executionId: RUN, limit: 1 })).records[0]?.seq ?? 0;
  const results: FormatResult[] = [];
  try {
    for (const format of FORMATS) {
      const m = await profile(() => download(`${base}?format=${format}`));
      results.push({ store: kind, format, bytes: m.bytes, seconds: m.seconds, peak_rss_delta_mib: m.rss, peak_heap_delta_mib: m.heap, peak_live_heap_delta_mib: m.live });
      console.log(results.at(-1));
    }
    const buffer = async () => {
      const steps = await store.listSteps(SCOPE, RUN);
      return Buffer.byteLength(`${JSON.stringify(presentExport(execution, steps, { input: true, output: true, policies: true }, new Date().toISOString()), null, 2)}\n`);
    };
    const buffered = await profile(buffer);
    // Its peak is inside one synchronous stretch no sampler sees: measure what it holds at the end instead.
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const steps = await store.listSteps(SCOPE, RUN);
    const held = [steps, `${JSON.stringify(presentExport(execution, steps, { input: true, output: true, policies: true }, new Date().toISOString()), null, 2)}\n`];
    gc?.();
    buffered.live = mib(process.memoryUsage().heapUsed - before);
    held.length = 0;
    results.push({ store: kind, format: 'buffered json (before)', bytes: buffered.bytes, seconds: buffered.seconds, peak_rss_delta_mib: buffered.rss, peak_heap_delta_mib: buffered.heap, peak_live_heap_delta_mib: buffered.live });
    console.log(results.at(-1));
  } finally {
    await app.server.close();
    await app.bus.close();
  }
  return { results, seed_seconds: seedSeconds, events: execution.eventCount, audit };
}

if (!gc) console.warn('run with node --expose-gc (npm run bench:export does) for a clean memory baseline');
const environment = benchEnvironment();
const runs: { store: string; seed_seconds: number; events: number; audit: number }[] = [];
const results: FormatResult[] = [];

if (STORES.includes('sqlite')) {
  const dir = mkdtempSync(join(tmpdir(), 'axonflow-bench-export-'));
  const store = createSqliteStore({ path: join(dir, 'bench.db') });
  try {
    const r = await benchStore('sqlite', store);
    runs.push({ store: 'sqlite', seed_seconds: r.seed_seconds, events: r.events, audit: r.audit });
    results.push(...r.results);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
if (STORES.includes('postgres')) {
  const schema = `axbench_export_${Date.now()}`;
  const store = createPostgresStore({ connectionString: PG_URL, schema });
  try {
    const r = await benchStore('postgres', store);
    runs.push({ store: 'postgres', seed_seconds: r.seed_seconds, events: r.events, audit: r.audit });
    results.push(...r.results);
  } finally {
    await store.close();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}

if (STORES.length < 2 || STEPS !== 10_000) process.exit(0);
writeFileSync(new URL('./results/export.json', import.meta.url), `${JSON.stringify({ environment, steps: STEPS, runs, results }, null, 2)}\n`);
const lines = [
  '# Exports of a 10,000-step run',
  '',
  `Run ${environment.date} on ${environment.cpu} (${environment.cores} cores, ${environment.memory_gib} GiB), Node ${environment.node}.`,
  '',
  `One run of ${STEPS.toLocaleString('en-US')} steps written through \`store.append\` (the real fold and audit chain): every step gated`,
  '(10% with a redaction, 1 in 250 held for an approval and approved, 1 in 500 blocked), started, one provider call, completed,',
  `with ~400-byte inputs and outputs: ${runs.map((r) => `${r.events.toLocaleString('en-US')} events and ${r.audit.toLocaleString('en-US')} audit records on ${r.store} (seeded in ${r.seed_seconds} s)`).join('; ')}.`,
  '',
  'Each export is `GET /api/v1/executions/{id}/export?format=…` read to the last byte by a client in the same process',
  '(it counts and drops the bytes). Time: the median of three runs after a warm-up. Memory, for the whole process',
  '(server and client), as the peak above the post-GC baseline, sampled every 5 ms: RSS and V8 heap in a run as it',
  'is (the heap figure includes garbage V8 has not collected yet), and the live heap in a run that forces a full GC',
  'before every sample: what the export keeps alive between two reads of the store (within a page it holds one page',
  'of rows, at most 1,000 events or 500 steps, and the text made from them). "buffered json (before)" is the previous',
  'implementation for comparison: every step read at once and the body built as one string (no HTTP, nothing sent);',
  'its live heap is what it holds once the body is built (the steps and the string).',
  '',
  '| store | format | size MiB | time s | peak RSS Δ MiB | peak heap Δ MiB | peak live heap Δ MiB |',
  '|---|---|---|---|---|---|---|',
  ...results.map((r) => `| ${r.store} | ${r.format} | ${mib(r.bytes)} | ${r.seconds} | ${r.peak_rss_delta_mib} | ${r.peak_heap_delta_mib} | ${r.peak_live_heap_delta_mib} |`),
  '',
  'Reading it: what an export keeps alive stays at a few MiB in every format on both stores, the size of a page,',
  'not of the run; the buffered JSON held the whole run and its body, and that grows with the run. The RSS and',
  'heap peaks of the streamed exports are mostly garbage V8 collects when it chooses (they fall with a smaller',
  'heap limit). The HTML report reads the steps once per section (four passes), which is most of its time on',
  'PostgreSQL; the bundle is the sum of its members plus gzip, and its first byte comes after they are built.',
  '',
  'Reproduce: `npm run bench:export` (BENCH_EXPORT_STORES=sqlite for one store; AXONFLOW_BENCH_PG_URL for another database).',
  '',
];
writeFileSync(new URL('./results/export.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
