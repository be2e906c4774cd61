/**
 * One load run against the built server (`dist/server/main.js`, spawned as users run it) on one
 * store: W agents run WCP workflows through the SDK's workflow helper, each on a credential of its
 * own (three steps a run; each step gated, its LLM and connector calls ingested, then completed),
 * while S clients hold the tenant's live list stream open. Measures what an operator would watch:
 * the error rate, gate latency, ingest and append rates, stream delivery (complete? how late?) and
 * the server's memory over the run (from its own /metrics).
 */
import http from 'node:http';
import { loadavg } from 'node:os';
import { createParser } from 'eventsource-parser';
import { AxonFlowClient } from '../src/sdk/index.js';
import { spawnServer, type RunningServer } from '../src/test-support/spawn-server.js';

export interface LoadOptions {
  readonly store: 'sqlite' | 'postgres';
  /** AXONFLOW_DB for the server. */
  readonly db: string;
  readonly durationMs: number;
  readonly workflows: number;
  readonly subscribers: number;
  /** Called every sample with a progress line. */
  readonly log?: (line: string) => void;
}

export interface MemorySample {
  readonly at_s: number;
  readonly rss_mib: number;
  readonly heap_used_mib: number;
  /** The server's CPU time so far (user + system). */
  readonly cpu_s: number;
  /** The server's event-loop delay since the previous sample (99th percentile, maximum). */
  readonly loop_lag_p99_ms: number;
  readonly loop_lag_max_ms: number;
}

export interface LoadResult {
  readonly store: 'sqlite' | 'postgres';
  readonly duration_s: number;
  readonly workflows: number;
  readonly subscribers: number;
  readonly runs_completed: number;
  readonly requests: number;
  /** Answers other than 2xx, retried ones included (a 503 the SDK retried counts here). */
  readonly http_errors: number;
  /** Those answers by status (`network` for a request that got none). */
  readonly http_error_statuses: Record<string, number>;
  /** Operations that failed for the agent after the SDK's retries. */
  readonly failed_operations: number;
  readonly operations: number;
  readonly error_rate: number;
  readonly error_codes: Record<string, number>;
  readonly gates: number;
  readonly gate_p50_ms: number;
  readonly gate_p99_ms: number;
  readonly complete_step_p99_ms: number;
  readonly ingest_p99_ms: number;
  /** Events sent through POST /api/v1/events, per second. */
  readonly ingest_events_per_s: number;
  /** Events appended to the log (gates, completions, ingested, run starts and ends), per second. */
  readonly appended_events_per_s: number;
  readonly events_appended: number;
  /** Event frames received, over events appended × subscribers. */
  readonly sse_delivered_ratio: number;
  readonly sse_frames: number;
  readonly sse_p50_ms: number;
  readonly sse_p99_ms: number;
  readonly sse_reconnects: number;
  /** The server's CPU time over the run, per second: 1 is one core busy all the time. */
  readonly server_cores_used: number;
  /** The machine's 1-minute load average when the run started and ended (other work on the machine shows here). */
  readonly load_average: readonly [number, number];
  readonly memory: readonly MemorySample[];
}

const SECRET = 'bench-load-admin-secret-0123456789abcdef';
const STEPS = 3;
const MEMORY_EVERY_MS = 15_000;
/** One SSE frame in this many is parsed for its latency (parsing every frame would load the bench, not the server). */
const SSE_SAMPLE = 10;
/** Requests slower than this are logged as they finish. */
const SLOW_MS = 10_000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 100) / 100;
}

const sortedCopy = (values: readonly number[]) => [...values].sort((a, b) => a - b);

async function memory(url: string, startedAt: number): Promise<MemorySample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    at_s: Math.round((Date.now() - startedAt) / 1000),
    rss_mib: Math.round((value('process_resident_memory_bytes') / 2 ** 20) * 10) / 10,
    heap_used_mib: Math.round((value('nodejs_heap_size_used_bytes') / 2 ** 20) * 10) / 10,
    cpu_s: Math.round(value('process_cpu_seconds_total') * 10) / 10,
    loop_lag_p99_ms: Math.round(value('nodejs_eventloop_lag_p99_seconds') * 1000),
    loop_lag_max_ms: Math.round(value('nodejs_eventloop_lag_max_seconds') * 1000),
  };
}

async function issue(url: string, role: 'operator' | 'viewer', name: string): Promise<{ client_id: string; client_secret: string }> {
  const res = await fetch(`${url}/api/v1/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, tenant_id: 'load', name }),
  });
  if (res.status !== 201) throw new Error(`credential not issued: ${res.status} ${await res.text()}`);
  return (await res.json()) as { client_id: string; client_secret: string };
}

/** S list streams on raw sockets; counts event frames and samples their latency from recorded_at. */
function subscribe(url: string, credential: { client_id: string; client_secret: string }, count: number) {
  const target = new URL(`${url}/api/v1/unified/executions/stream`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  const frames = new Array<number>(count).fill(0);
  const lastId = new Array<number | undefined>(count).fill(undefined);
  let reconnects = 0;
  let opened = 0;
  let closing = false;
  const requests = new Set<http.ClientRequest>();
  let ready!: () => void;
  const allOpen = new Promise<void>((resolve) => (ready = resolve));

  const open = (i: number) => {
    const headers: Record<string, string> = { accept: 'text/event-stream', 'x-client-id': credential.client_id, 'x-client-secret': credential.client_secret };
    if (lastId[i] !== undefined) headers['last-event-id'] = String(lastId[i]);
    const request = http.get({ host: target.hostname, port: target.port, path: target.pathname, agent, headers }, (response) => {
      const parser = createParser({
        onEvent: (message) => {
          if (message.event === 'snapshot') {
            if (++opened === count) ready();
            return;
          }
          if (message.id === undefined || message.id === '') return;
          lastId[i] = Number(message.id);
          if (++frames[i]! % SSE_SAMPLE === 0) latencies.push(Date.now() - Date.parse((JSON.parse(message.data) as { recorded_at: string }).recorded_at));
        },
      });
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => parser.feed(chunk));
      response.on('end', () => again(i, request));
    });
    request.on('error', () => again(i, request));
    requests.add(request);
  };
  // 'end' and 'error' may both come for one connection: reconnect once.
  const again = (i: number, request: http.ClientRequest) => {
    if (!requests.delete(request) || closing) return;
    reconnects++;
    setTimeout(() => open(i), 250);
  };
  for (let i = 0; i < count; i++) open(i);
  if (count === 0) ready();
  return {
    allOpen,
    frames,
    latencies,
    reconnects: () => reconnects,
    close() {
      closing = true;
      for (const request of requests) request.destroy();
      agent.destroy();
    },
  };
}

/** The seq of the newest event the tenant can see: the id of a fresh stream's snapshot. */
async function latestSeq(url: string, credential: { client_id: string; client_secret: string }): Promise<number> {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/v1/unified/executions/stream`, { headers: { 'x-client-id': credential.client_id, 'x-client-secret': credential.client_secret }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('stream ended before its snapshot');
      text += decoder.decode(value, { stream: true });
      const match = /^id: (\d+)$/m.exec(text);
      if (match) return Number(match[1]);
    }
  } finally {
    controller.abort();
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => undefined);
  const server: RunningServer = await spawnServer({ AXONFLOW_DB: options.db, AXONFLOW_BOOTSTRAP_SECRET: SECRET });
  try {
    const url = server.url;
    const viewer = await issue(url, 'viewer', 'load-subscribers');
    const agents = await Promise.all(Array.from({ length: options.workflows }, (_, i) => issue(url, 'operator', `load-agent-${i}`)));

    const streams = subscribe(url, viewer, options.subscribers);
    await streams.allOpen;
    const firstSeq = await latestSeq(url, viewer);

    let startedAt = Date.now();
    const latency = { gate: [] as number[], completeStep: [] as number[], ingest: [] as number[] };
    let requests = 0;
    let httpErrors = 0;
    const statuses: Record<string, number> = {};
    const httpError = (status: string) => {
      httpErrors++;
      statuses[status] = (statuses[status] ?? 0) + 1;
    };
    let ingested = 0;
    const timed: typeof fetch = async (input, init) => {
      const started = performance.now();
      requests++;
      const res = await fetch(input, init).catch((error: unknown) => {
        // The workflow helper aborts its long poll when a run ends: that is no error.
        if (!init?.signal?.aborted) httpError('network');
        throw error;
      });
      if (!res.ok) httpError(String(res.status));
      const path = new URL(String(input)).pathname;
      const ms = performance.now() - started;
      if (ms > SLOW_MS) log(`  slow: ${init?.method ?? 'GET'} ${path} ${res.status} in ${Math.round(ms)} ms (${Math.round((Date.now() - startedAt) / 1000)} s into the run)`);
      if (path.endsWith('/gate')) latency.gate.push(ms);
      else if (/\/steps\/[^/]+\/complete$/.test(path)) latency.completeStep.push(ms);
      else if (path === '/api/v1/events' && res.ok) {
        latency.ingest.push(ms);
        ingested += JSON.parse(String(init?.body)).events.length;
      }
      return res;
    };

    const loadAtStart = loadavg()[0]!;
    startedAt = Date.now();
    const samples: MemorySample[] = [await memory(url, startedAt)];
    const deadline = startedAt + options.durationMs;
    let operations = 0;
    let runs = 0;
    const failures: Record<string, number> = {};
    const fail = (error: unknown) => {
      const code = (error as { code?: string }).code ?? (error as Error).name ?? 'unknown';
      failures[code] = (failures[code] ?? 0) + 1;
    };

    const agent = async (index: number) => {
      const credential = agents[index]!;
      const client = new AxonFlowClient({ endpoint: url, clientId: credential.client_id, clientSecret: credential.client_secret, fetch: timed });
      for (let n = 0; Date.now() < deadline; n++) {
        try {
          operations++;
          const run = await client.workflows.start({ name: `load-${index % 5}`, metadata: { agent: index } });
          for (let s = 0; s < STEPS; s++) {
            operations++;
            await run.step({ name: `step ${s}`, provider: 'openai', model: 'gpt-4o-mini', input: { n, s } }, (_signal, ctx) => {
              ctx.recordLlmCall({ tokensIn: 400, tokensOut: 120, latencyMs: 12 });
              ctx.recordConnectorCall({ connector: 'crm', operation: 'lookup', latencyMs: 4 });
              return { ok: true, s };
            });
          }
          operations++;
          await run.complete({ steps: STEPS });
          runs++;
        } catch (error) {
          fail(error);
        }
      }
    };

    const sampler = setInterval(() => {
      void memory(url, startedAt).then((sample) => {
        samples.push(sample);
        log(`  ${sample.at_s}s: ${runs} runs, ${requests} requests, ${httpErrors} http errors, rss ${sample.rss_mib} MiB, heap ${sample.heap_used_mib} MiB, loop lag p99 ${sample.loop_lag_p99_ms} ms, max ${sample.loop_lag_max_ms} ms`);
      }, fail);
    }, MEMORY_EVERY_MS);
    await Promise.all(Array.from({ length: options.workflows }, (_, i) => agent(i)));
    clearInterval(sampler);
    const elapsedS = (Date.now() - startedAt) / 1000;
    samples.push(await memory(url, startedAt));

    // Let the streams drain, then compare what they got with what was appended.
    const lastSeq = await latestSeq(url, viewer);
    const appended = lastSeq - firstSeq;
    const drainUntil = Date.now() + 30_000;
    while (Date.now() < drainUntil && Math.min(...streams.frames) < appended) await new Promise((r) => setTimeout(r, 200));
    streams.close();
    const frames = streams.frames.reduce((a, b) => a + b, 0);
    const sse = sortedCopy(streams.latencies);
    const gates = sortedCopy(latency.gate);
    const failed = Object.values(failures).reduce((a, b) => a + b, 0);

    return {
      store: options.store,
      duration_s: Math.round(elapsedS),
      workflows: options.workflows,
      subscribers: options.subscribers,
      runs_completed: runs,
      requests,
      http_errors: httpErrors,
      http_error_statuses: statuses,
      failed_operations: failed,
      operations,
      error_rate: operations === 0 ? 0 : failed / operations,
      error_codes: failures,
      gates: gates.length,
      gate_p50_ms: percentile(gates, 50),
      gate_p99_ms: percentile(gates, 99),
      complete_step_p99_ms: percentile(sortedCopy(latency.completeStep), 99),
      ingest_p99_ms: percentile(sortedCopy(latency.ingest), 99),
      ingest_events_per_s: Math.round(ingested / elapsedS),
      appended_events_per_s: Math.round(appended / elapsedS),
      events_appended: appended,
      sse_delivered_ratio: appended === 0 || options.subscribers === 0 ? 1 : Math.round((frames / (appended * options.subscribers)) * 10_000) / 10_000,
      sse_frames: frames,
      sse_p50_ms: percentile(sse, 50),
      sse_p99_ms: percentile(sse, 99),
      sse_reconnects: streams.reconnects(),
      server_cores_used: Math.round(((samples[samples.length - 1]!.cpu_s - samples[0]!.cpu_s) / elapsedS) * 100) / 100,
      load_average: [Math.round(loadAtStart * 10) / 10, Math.round(loadavg()[0]! * 10) / 10],
      memory: samples,
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
