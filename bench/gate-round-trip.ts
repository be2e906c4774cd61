/**
 * Gate round trip over HTTP on loopback: `POST …/steps/{id}/gate` with the allow-all evaluator,
 * beside `POST /bench/echo` on the same server, which authenticates and returns the same body:
 * the ratio is what the gate itself costs (transaction, fold, log and projection writes).
 * Also the ingest rate of `POST /api/v1/events` in batches of 100. One run per store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../src/core/ports/store.js';
import { AxonFlowClient, type IngestEvent } from '../src/sdk/index.js';
import { buildApp } from '../src/server/app.js';
import { policySet } from './policy-eval.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const GATES = 2000;
const WARMUP = 100;
const INGEST_BATCHES = 100;
const BATCH = 100;

export interface GateResult {
  readonly store: 'sqlite' | 'postgres';
  /** Policies evaluated at each gate (file policies of the benchmark's own set). */
  readonly policies: number;
  readonly gates: number;
  readonly gate_p50_ms: number;
  readonly gate_p99_ms: number;
  readonly echo_p50_ms: number;
  readonly echo_p99_ms: number;
  readonly p50_ratio: number;
  readonly p99_ratio: number;
  readonly ingest_events: number;
  readonly ingest_events_per_s: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

async function timed(call: () => Promise<unknown>, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

async function measure(kind: GateResult['store'], store: Store, policies: number): Promise<GateResult> {
  await store.migrate();
  const app = await buildApp({ store, config: { bodyLimitBytes: 5 << 20, logLevel: 'silent', authCacheTtlMs: 600_000 }, benchEcho: true, filePolicies: policySet(policies) });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.addresses()[0];
  const endpoint = `http://127.0.0.1:${typeof address === 'object' ? address.port : 0}`;
  const credential = await app.credentials.create({ scope: { orgId: 'bench', tenantId: 'bench' }, role: 'operator' });
  const client = new AxonFlowClient({ endpoint, clientId: credential.credential.clientId, clientSecret: credential.clientSecret });
  try {
    const body = { step_type: 'llm_call', step_name: 'draft reply', provider: 'openai', model: 'gpt-4o', step_input: { prompt: 'Summarise the ticket and propose a reply.', ticket: 4711 } } as const;
    const { workflow_id: warm } = await client.workflows.create({ workflow_name: 'bench-warmup' });
    let n = 0;
    await timed(() => client.workflows.gate(warm, `w${n++}`, body), WARMUP);
    await timed(() => client.http.request('POST', '/bench/echo', { body }), WARMUP);

    // Interleave gate and echo samples so load on the machine hits both alike.
    const gate: number[] = [];
    const echo: number[] = [];
    let workflow = (await client.workflows.create({ workflow_name: 'bench' })).workflow_id;
    for (let i = 0; i < GATES; i++) {
      if (i % 100 === 0) workflow = (await client.workflows.create({ workflow_name: 'bench' })).workflow_id;
      gate.push(...(await timed(() => client.workflows.gate(workflow, `s${i}`, body), 1)));
      echo.push(...(await timed(() => client.http.request('POST', '/bench/echo', { body }), 1)));
    }
    gate.sort((a, b) => a - b);
    echo.sort((a, b) => a - b);

    const batches: IngestEvent[][] = [];
    for (let b = 0; b < INGEST_BATCHES; b++) {
      const id = `ingest-${b}`;
      const events: IngestEvent[] = [{ type: 'execution.started', event_id: `${id}-0`, execution_id: id, workflow_name: 'bench-ingest' }];
      for (let i = 1; events.length < BATCH; i++) {
        events.push({ type: 'llm.call', event_id: `${id}-${i}`, execution_id: id, step_id: `s${i % 20}`, provider: 'openai', model: 'gpt-4o', tokens_in: 812, tokens_out: 164, latency_ms: 930, status: 'ok' });
      }
      batches.push(events);
    }
    const start = process.hrtime.bigint();
    for (const events of batches) await client.events.send(events);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;

    const [g50, g99, e50, e99] = [percentile(gate, 50), percentile(gate, 99), percentile(echo, 50), percentile(echo, 99)];
    return {
      store: kind,
      policies,
      gates: GATES,
      gate_p50_ms: round(g50),
      gate_p99_ms: round(g99),
      echo_p50_ms: round(e50),
      echo_p99_ms: round(e99),
      p50_ratio: round(g50 / e50, 2),
      p99_ratio: round(g99 / e99, 2),
      ingest_events: INGEST_BATCHES * BATCH,
      ingest_events_per_s: Math.round((INGEST_BATCHES * BATCH) / seconds),
    };
  } finally {
    await app.server.close();
    await app.bus.close();
    await store.close();
  }
}

export async function benchSqliteGate(policies = 0): Promise<GateResult> {
  const dir = mkdtempSync(join(tmpdir(), 'axonflow-bench-'));
  try {
    return await measure('sqlite', createSqliteStore({ path: join(dir, 'store.db') }), policies);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPostgresGate(connectionString: string, policies = 0): Promise<GateResult> {
  const schema = `axbench_gate_${Date.now()}`;
  try {
    return await measure('postgres', createPostgresStore({ connectionString, schema }), policies);
  } finally {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}
