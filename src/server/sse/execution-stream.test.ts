/**
 * Live streams over real sockets, on both stores: snapshot then events with ids = seqs, resume with
 * Last-Event-ID (nothing lost or repeated), 204 for a finished run, list filters with attention and
 * cost updates, a slow client beside a fast one, heartbeats, shutdown, and (PostgreSQL) replicas
 * waking each other within a second.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPgNotifyBus } from '../../bus/pg-notify-bus.js';
import type { IngestEvent } from '../../shared/ingest.js';
import type { AxonFlowClient } from '../../sdk/index.js';
import { createPostgresStore } from '../../store/postgres/postgres-store.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { dropSchemas, newSchemaName, testPgUrl } from '../../test-support/postgres.js';
import { openSse, type SseConnection } from '../../test-support/sse-reader.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { presentEvent } from '../presenters/event-presenter.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

const started = (id: string, name = 'support-triage'): IngestEvent => ({ type: 'execution.started', event_id: `${id}-start`, execution_id: id, workflow_name: name });
const call = (id: string, n: number, pad = ''): IngestEvent => ({
  type: 'connector.call',
  event_id: `${id}-c${n}`,
  execution_id: id,
  connector: 'orders-db',
  operation: `op-${n}`,
  latency_ms: n,
  status: pad ? 'error' : 'ok',
  ...(pad ? { error: pad } : {}),
});
const completed = (id: string): IngestEvent => ({ type: 'execution.completed', event_id: `${id}-done`, execution_id: id });

const snapshotOf = async (conn: SseConnection) => {
  await vi.waitFor(() => expect(conn.messages[0]?.event).toBe('snapshot'), { timeout: 5000 });
  return conn.messages[0]!;
};

/** A client that reads the headers, then stops reading: its socket fills and the server's writes back up. */
function openStalled(url: string, headers: Record<string, string>): Promise<{ response: IncomingMessage; readRest: () => Promise<{ ids: number[]; ended: boolean }> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      response.pause();
      resolve({
        response,
        readRest: () =>
          new Promise((done) => {
            const ids: number[] = [];
            const parser = createParser({ onEvent: (m) => m.id !== undefined && m.event !== 'snapshot' && ids.push(Number(m.id)) });
            let ended = false;
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => parser.feed(chunk));
            response.on('end', () => (ended = true));
            response.on('close', () => done({ ids, ended }));
            response.on('error', () => undefined);
            response.resume();
          }),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

for (const harness of storeHarnesses()) {
  describe(`live execution streams [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;
    let auth: Record<string, string>;
    const runUrl = (id: string) => `${live.url}/api/v1/unified/executions/${encodeURIComponent(id)}/stream`;

    beforeAll(async () => {
      live = await startLiveApp(harness, { decisions: { 'payments.transfer': 'require_approval', 'db.drop_table': 'block' } });
      client = await live.client('operator');
      const viewer = await live.app.credentials.create({ scope: SCOPE, role: 'viewer' });
      auth = { authorization: `Bearer ${viewer.clientSecret}` };
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('sends a snapshot, then every event of a live run in order with ids = seqs (step.gated as step.decision), then end', async () => {
      const { workflow_id: id } = await client.workflows.create({ workflow_name: 'research' });
      const conn = await openSse(runUrl(id), auth);
      expect(conn.status).toBe(200);
      expect(conn.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(conn.headers.get('cache-control')).toBe('no-cache');
      expect(conn.headers.get('x-accel-buffering')).toBe('no');
      expect(conn.headers.get('x-request-id')).toBeTruthy();
      const snapshot = await snapshotOf(conn);
      const [created] = await live.store.readEvents(SCOPE, { executionId: id });
      expect(snapshot.id).toBe(String(created!.seq));
      expect(snapshot.data).toMatchObject({ execution_id: id, name: 'research', status: 'running', last_event_seq: created!.seq, steps: [] });
      expect(conn.retry).toBe(2000);
      expect(conn.comments[0]).toBe('connected');

      await client.workflows.gate(id, 'plan', { step_type: 'llm_call', step_input: { q: 'pricing' }, provider: 'openai', model: 'gpt-4o' });
      await client.workflows.completeStep(id, 'plan', { output: { answer: 'tiered' }, tokens_in: 1000, tokens_out: 500 });
      await client.workflows.complete(id, { output: { done: true } });
      await conn.ended;

      const stored = await live.store.readEvents(SCOPE, { executionId: id, afterSeq: created!.seq });
      expect(stored.map((e) => e.type)).toEqual(['step.gated', 'step.completed', 'execution.completed']);
      expect(conn.events().map((m) => [Number(m.id), m.event])).toEqual(stored.map((e) => [e.seq, e.type === 'step.gated' ? 'step.decision' : e.type]));
      expect(conn.events().map((m) => m.data)).toEqual(stored.map((e) => JSON.parse(JSON.stringify(presentEvent(e)))));
      expect(conn.events()[0]!.data).toMatchObject({ type: 'step.gated', execution_id: id, data: { step_id: 'plan', decision: 'allow' } });
      // Priced from the table: gpt-4o is $0.0025 in / $0.01 out per 1K tokens.
      expect(conn.messages.filter((m) => m.event === 'cost.updated').map((m) => m.data)).toEqual([{ execution_id: id, actual_cost_usd: 0.0075, tokens_in: 1000, tokens_out: 500 }]);
      expect(conn.messages.at(-2)).toMatchObject({ id: undefined, event: 'execution.updated', data: { execution_id: id, status: 'completed', attention: 'none', progress_percent: 100 } });
      expect(conn.messages.at(-1)).toEqual({ id: undefined, event: 'end', data: { execution_id: id, status: 'completed' } });
      expect(conn.done).toBe(true);
    });

    it('resumes from Last-Event-ID: two connections together receive every event exactly once, in order', async () => {
      const id = 'resume-1';
      await client.events.send([started(id), call(id, 1)]);
      const first = await openSse(runUrl(id), auth);
      const from = Number((await snapshotOf(first)).id);
      await client.events.send([call(id, 2), call(id, 3)]);
      await vi.waitFor(() => expect(first.events()).toHaveLength(2), { timeout: 5000 });
      first.close();
      await first.ended;
      const lastSeen = first.events().at(-1)!.id!;

      await client.events.send([call(id, 4), call(id, 5)]);
      const second = await openSse(runUrl(id), { ...auth, 'last-event-id': lastSeen });
      expect((await snapshotOf(second)).id).toBe(lastSeen);
      await vi.waitFor(() => expect(second.events()).toHaveLength(2), { timeout: 5000 });
      await client.events.send([call(id, 6), completed(id)]);
      await second.ended;

      const all = await live.store.readEvents(SCOPE, { executionId: id, afterSeq: from });
      expect(all).toHaveLength(6);
      expect([...first.events(), ...second.events()].map((m) => Number(m.id))).toEqual(all.map((e) => e.seq));
      expect(second.messages.at(-1)!.event).toBe('end');

      // The query parameter works for clients that cannot send the header; the header wins over it.
      const byQuery = await openSse(`${runUrl(id)}?last_event_id=${lastSeen}`, auth);
      await byQuery.ended;
      expect(byQuery.events().map((m) => Number(m.id))).toEqual(second.events().map((m) => Number(m.id)));
      const headerWins = await openSse(`${runUrl(id)}?last_event_id=${lastSeen}`, { ...auth, 'last-event-id': String(all.at(-1)!.seq) });
      expect(headerWins.status).toBe(204);
    });

    it('answers 204 to a finished run reconnecting at or past its last seq, and snapshot + end to a fresh client', async () => {
      const id = 'finished-1';
      await client.events.send([started(id), call(id, 1), completed(id)]);
      const lastSeq = (await live.store.getExecution(SCOPE, id))!.lastSeq;
      for (const at of [lastSeq, lastSeq + 10]) {
        const again = await openSse(runUrl(id), { ...auth, 'last-event-id': String(at) });
        expect(again.status).toBe(204);
        expect(again.body).toBe('');
      }
      const fresh = await openSse(runUrl(id), auth);
      await fresh.ended;
      expect(fresh.messages.map((m) => [m.event, m.id])).toEqual([
        ['snapshot', String(lastSeq)],
        ['end', undefined],
      ]);
      expect(fresh.messages[0]!.data).toMatchObject({ execution_id: id, status: 'completed' });
      const behind = await openSse(runUrl(id), { ...auth, 'last-event-id': String(lastSeq - 1) });
      await behind.ended;
      expect(behind.events().map((m) => [Number(m.id), m.event])).toEqual([[lastSeq, 'execution.completed']]);
      expect(behind.messages.at(-1)!.event).toBe('end');
    });

    it('streams only the runs matching a list filter, with attention changes and cost as execution.updated and cost.updated', async () => {
      const before = await client.workflows.create({ workflow_name: 'refunds' });
      await client.events.send([started('other-before', 'reporting')]);
      const conn = await openSse(`${live.url}/api/v1/unified/executions/stream?workflow=refunds&status=running,pending`, auth);
      const snapshot = await snapshotOf(conn);
      expect(Number(snapshot.id)).toBe(await live.store.latestSeq(SCOPE));
      const listed = (snapshot.data.executions as { execution_id: string; name: string }[]).map((e) => e.execution_id);
      expect(listed).toContain(before.workflow_id);
      expect(listed).not.toContain('other-before');
      expect(snapshot.data.executions.every((e: { name: string; status: string }) => e.name === 'refunds' && e.status === 'running')).toBe(true);

      const { workflow_id: refund } = await client.workflows.create({ workflow_name: 'refunds' });
      const { workflow_id: other } = await client.workflows.create({ workflow_name: 'reporting' });
      const gate = await client.workflows.gate(refund, 'transfer', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer', tool_type: 'function', tool_input: { amount: 740 } } });
      expect(gate.decision).toBe('require_approval');
      await client.workflows.gate(other, 'summarise', { step_type: 'llm_call' });
      await client.events.send([{ type: 'llm.call', event_id: 'refund-llm-1', execution_id: refund, step_id: 'transfer', provider: 'anthropic', model: 'claude-sonnet-4', tokens_in: 1200, tokens_out: 300, latency_ms: 900, status: 'ok', cost_usd: 0.25 }]);

      await vi.waitFor(() => expect(conn.messages.some((m) => m.event === 'cost.updated')).toBe(true), { timeout: 5000 });
      const frames = conn.messages.slice(1);
      expect(new Set(frames.map((m) => m.data.execution_id))).toEqual(new Set([refund]));
      const stored = await live.store.readEvents(SCOPE, { executionId: refund });
      expect(conn.events().map((m) => Number(m.id))).toEqual(stored.map((e) => e.seq));
      expect(conn.events().map((m) => m.event)).toEqual(['execution.created', 'step.decision', 'approval.requested', 'provider.called']);
      expect(conn.events()[1]!.data.data).toMatchObject({ step_id: 'transfer', decision: 'require_approval' });
      const updates = frames.filter((m) => m.event === 'execution.updated').map((m) => m.data);
      expect(updates.at(-1)).toMatchObject({ execution_id: refund, status: 'running', attention: 'approval_pending', failure_class: 'approval_pending', actual_cost_usd: 0.25, tokens_in: 1200, tokens_out: 300 });
      expect(updates.some((u) => u.attention === 'none')).toBe(true);
      expect(frames.filter((m) => m.event === 'cost.updated').map((m) => m.data)).toEqual([{ execution_id: refund, actual_cost_usd: 0.25, tokens_in: 1200, tokens_out: 300 }]);
      expect(frames.filter((m) => m.id === undefined).every((m) => ['execution.updated', 'cost.updated'].includes(m.event))).toBe(true);
      conn.close();
    });

    it('lets a run that enters the filter later start appearing', async () => {
      const conn = await openSse(`${live.url}/api/v1/unified/executions/stream?failure_class=policy_block`, auth);
      await snapshotOf(conn);
      const { workflow_id: calm } = await client.workflows.create({ workflow_name: 'cleanup' });
      await client.workflows.gate(calm, 'vacuum', { step_type: 'tool_call' });
      const { workflow_id: blocked } = await client.workflows.create({ workflow_name: 'cleanup' });
      await client.workflows.gate(blocked, 'drop', { step_type: 'tool_call', tool_context: { tool_name: 'db.drop_table', tool_type: 'function' } });
      await vi.waitFor(() => expect(conn.events().some((m) => m.event === 'step.decision')).toBe(true), { timeout: 5000 });
      expect(new Set(conn.messages.slice(1).map((m) => m.data.execution_id))).toEqual(new Set([blocked]));
      expect(conn.events().find((m) => m.event === 'step.decision')!.data.data).toMatchObject({ step_id: 'drop', decision: 'block' });
      expect(conn.messages.find((m) => m.event === 'execution.updated')!.data).toMatchObject({ execution_id: blocked, failure_class: 'policy_block', attention: 'blocked' });
      conn.close();
    });

    it('keeps a fast client and the writers at full speed while another client stops reading, and cuts the slow one off', async () => {
      // Not lower: client and server share this process, and a synchronous SQLite append of 1,000
      // events stalls both for about half a second, during which even the fast client reads nothing.
      const slowLive = await startLiveApp(harness, { sse: { slowClientTimeoutMs: 2000 } });
      try {
        const writer = await slowLive.client('operator');
        const viewer = await slowLive.app.credentials.create({ scope: SCOPE, role: 'viewer' });
        const headers = { authorization: `Bearer ${viewer.clientSecret}` };
        const id = 'bulk';
        await writer.events.send([started(id)]);
        const url = `${slowLive.url}/api/v1/unified/executions/${id}/stream`;
        const stalled = await openStalled(url, headers);
        expect(stalled.response.statusCode).toBe(200);
        const fast = await openSse(url, headers);
        const from = Number((await snapshotOf(fast)).id);

        // 5,000 events of ~4 KiB: far more than the socket buffers between server and stalled client hold.
        const pad = 'x'.repeat(4096);
        const answer = await writer.events.send(Array.from({ length: 5000 }, (_, i) => call(id, i, pad)));
        expect(answer).toMatchObject({ accepted: 5000, rejected: 0 });
        await vi.waitFor(() => expect(fast.events()).toHaveLength(5000), { timeout: 60_000, interval: 50 });
        const seqs = (await slowLive.store.readEvents(SCOPE, { executionId: id, afterSeq: from, limit: 10_000 })).map((e) => e.seq);
        expect(fast.events().map((m) => Number(m.id))).toEqual(seqs);

        // The stalled stream was ended by the server; the fast one is still open.
        await vi.waitFor(() => expect(slowLive.app.streams.size).toBe(1), { timeout: 10_000 });
        const rest = await stalled.readRest();
        expect(rest.ids.length).toBeLessThan(5000);
        expect(rest.ids).toEqual(seqs.slice(0, rest.ids.length));
        // It resumes where it stopped and misses nothing.
        const resumed = await openSse(url, { ...headers, 'last-event-id': String(rest.ids.at(-1) ?? from) });
        await vi.waitFor(() => expect(resumed.events()).toHaveLength(5000 - rest.ids.length), { timeout: 60_000, interval: 50 });
        expect([...rest.ids, ...resumed.events().map((m) => Number(m.id))]).toEqual(seqs);
        fast.close();
        resumed.close();
      } finally {
        await slowLive.close();
      }
    });

    it('sends a keepalive comment when the stream is idle', async () => {
      const quiet = await startLiveApp(harness, { sse: { heartbeatMs: 50 } });
      try {
        await (await quiet.client('operator')).events.send([started('idle-1')]);
        const viewer = await quiet.app.credentials.create({ scope: SCOPE, role: 'viewer' });
        const conn = await openSse(`${quiet.url}/api/v1/unified/executions/idle-1/stream`, { authorization: `Bearer ${viewer.clientSecret}` });
        await snapshotOf(conn);
        await vi.waitFor(() => expect(conn.comments.filter((text) => text === 'keepalive').length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
        expect(conn.messages.map((m) => m.event)).toEqual(['snapshot']);
        conn.close();
      } finally {
        await quiet.close();
      }
    });

    it('ends open streams at shutdown, so closing the server does not wait for clients', async () => {
      const closing = await startLiveApp(harness);
      const operator = await closing.client('operator');
      await operator.events.send([started('shutdown-1')]);
      const viewer = await closing.app.credentials.create({ scope: SCOPE, role: 'viewer' });
      const headers = { authorization: `Bearer ${viewer.clientSecret}` };
      const run = await openSse(`${closing.url}/api/v1/unified/executions/shutdown-1/stream`, headers);
      const list = await openSse(`${closing.url}/api/v1/unified/executions/stream`, headers);
      await snapshotOf(run);
      await snapshotOf(list);
      expect(closing.app.streams.size).toBe(2);
      const closeStarted = Date.now();
      await closing.app.server.close();
      expect(Date.now() - closeStarted).toBeLessThan(2000);
      await Promise.all([run.ended, list.ended]);
      expect([run.done, list.done, closing.app.streams.size]).toEqual([true, true, 0]);
      expect(run.messages.map((m) => m.event)).toEqual(['snapshot']);
      await closing.app.bus.close();
      await closing.store.close();
    });

    if (harness.kind === 'postgres') {
      it('shows a client on replica B a write made on replica A within 1 s (LISTEN/NOTIFY)', async () => {
        const schema = newSchemaName();
        const location = { open: () => createPostgresStore({ connectionString: testPgUrl(), schema, poolSize: 5 }) };
        const a = await startLiveApp(harness, { location, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
        const b = await startLiveApp(harness, { location, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
        try {
          const writer = await a.client('operator');
          const viewer = await a.app.credentials.create({ scope: SCOPE, role: 'viewer' });
          await writer.events.send([started('replicated')]);
          const conn = await openSse(`${b.url}/api/v1/unified/executions/replicated/stream`, { authorization: `Bearer ${viewer.clientSecret}` });
          await snapshotOf(conn);
          const latencies: number[] = [];
          for (let i = 1; i <= 5; i++) {
            const sent = performance.now();
            await writer.events.send([call('replicated', i)]);
            await vi.waitFor(() => expect(conn.events()).toHaveLength(i), { timeout: 3000, interval: 1 });
            latencies.push(performance.now() - sent);
          }
          expect(Math.max(...latencies), `latencies ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`).toBeLessThan(1000);
          conn.close();
        } finally {
          await a.close();
          await b.close();
          await dropSchemas([schema]);
        }
      });
    }
  });
}
