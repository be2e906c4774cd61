/**
 * SSE delivery latency with many subscribers: N clients hold the list stream of one tenant open;
 * events are written one at a time through the ingest API; each client measures, per event, the
 * time from the store accepting it (`recorded_at`, same machine clock) to the frame's arrival.
 * Every subscriber runs its own read loop against the store (streams hold no state), so this is
 * also the cost of that design under fan-out.
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import pg from 'pg';
import { createMemoryBus } from '../src/bus/memory-bus.js';
import { createPgNotifyBus } from '../src/bus/pg-notify-bus.js';
import type { EventBus } from '../src/core/ports/event-bus.js';
import type { Store } from '../src/core/ports/store.js';
import { AxonFlowClient } from '../src/sdk/index.js';
import { buildApp } from '../src/server/app.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';

export interface SseResult {
  readonly store: 'sqlite' | 'postgres';
  readonly subscribers: number;
  readonly events: number;
  readonly delivered: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(kind: SseResult['store'], store: Store, bus: EventBus, subscribers: number, events: number): Promise<SseResult> {
  await store.migrate();
  const app = await buildApp({ store, bus, config: { bodyLimitBytes: 5 << 20, logLevel: 'silent', authCacheTtlMs: 600_000 } });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.addresses()[0];
  const port = typeof address === 'object' ? address.port : 0;
  const credential = await app.credentials.create({ scope: { orgId: 'bench', tenantId: 'bench' }, role: 'operator' });
  const client = new AxonFlowClient({ endpoint: `http://127.0.0.1:${port}`, clientId: credential.credential.clientId, clientSecret: credential.clientSecret });
  await client.events.send([{ type: 'execution.started', event_id: 'start', execution_id: 'fanout', workflow_name: 'fanout' }]);

  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  const requests: http.ClientRequest[] = [];
  let snapshots = 0;
  await new Promise<void>((ready) => {
    for (let i = 0; i < subscribers; i++) {
      const request = http.get(
        { host: '127.0.0.1', port, path: '/api/v1/unified/executions/stream', agent, headers: { accept: 'text/event-stream', 'x-client-id': credential.credential.clientId, 'x-client-secret': credential.clientSecret } },
        (response) => {
          const parser = createParser({
            onEvent: (message) => {
              if (message.event === 'snapshot') {
                if (++snapshots === subscribers) ready();
                return;
              }
              if (message.event !== 'connector.called') return;
              const recorded = Date.parse((JSON.parse(message.data) as { recorded_at: string }).recorded_at);
              latencies.push(Date.now() - recorded);
            },
          });
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => parser.feed(chunk));
        },
      );
      request.on('error', () => undefined);
      requests.push(request);
    }
  });

  for (let i = 0; i < events; i++) {
    await client.events.send([{ type: 'connector.call', event_id: `e${i}`, execution_id: 'fanout', connector: 'crm', operation: 'get', latency_ms: 5, status: 'ok' }]);
    await new Promise((r) => setTimeout(r, 100));
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < subscribers * events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const request of requests) request.destroy();
  agent.destroy();
  await app.server.close();
  await bus.close();
  await store.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  return { store: kind, subscribers, events, delivered: latencies.length, p50_ms: percentile(sorted, 50), p99_ms: percentile(sorted, 99), max_ms: sorted[sorted.length - 1] ?? NaN };
}

export async function benchSqliteSse(subscribers: number, events: number): Promise<SseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'axonflow-bench-sse-'));
  try {
    return await measure('sqlite', createSqliteStore({ path: join(dir, 'sse.db') }), createMemoryBus(), subscribers, events);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPostgresSse(connectionString: string, subscribers: number, events: number): Promise<SseResult> {
  const schema = `axbench_sse_${Date.now()}`;
  try {
    const store = createPostgresStore({ connectionString, schema, poolSize: 20 });
    await store.migrate();
    return await measure('postgres', store, await createPgNotifyBus({ connectionString, schema }), subscribers, events);
  } finally {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  }
}
