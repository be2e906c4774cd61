/** Live streams through the SDK, on both stores: resuming across dropped connections and restarts, and how iteration ends. */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { IngestEvent, StreamFrame } from './index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };
const started = (id: string, name = 'support-triage'): IngestEvent => ({ type: 'execution.started', event_id: `${id}-start`, execution_id: id, workflow_name: name });
const call = (id: string, n: number): IngestEvent => ({ type: 'connector.call', event_id: `${id}-c${n}`, execution_id: id, connector: 'search', operation: 'query', latency_ms: n, status: 'ok' });
const completed = (id: string): IngestEvent => ({ type: 'execution.completed', event_id: `${id}-done`, execution_id: id });

async function collect(stream: AsyncIterable<StreamFrame>, into: StreamFrame[] = []): Promise<StreamFrame[]> {
  for await (const frame of stream) into.push(frame);
  return into;
}

for (const harness of storeHarnesses()) {
  describe(`live streams through the SDK [${harness.kind}]`, () => {
    afterAll(() => harness.cleanup());

    it('resumes after the server drops the connection and after a restart on the same store, with no gap or repeat', async () => {
      const location = harness.location();
      let live: LiveApp = await startLiveApp(harness, { location });
      try {
        const port = Number(new URL(live.url).port);
        const client = await live.client('operator');
        const id = 'sdk-follow';
        await client.events.send([started(id)]);
        const frames: StreamFrame[] = [];
        const following = collect(client.streams.execution(id), frames);
        const events = () => frames.filter((f) => f.id !== undefined && f.event !== 'snapshot');
        await vi.waitFor(() => expect(frames[0]?.event).toBe('snapshot'), { timeout: 5000 });
        const from = frames[0]!.id!;

        await client.events.send([call(id, 1), call(id, 2)]);
        await vi.waitFor(() => expect(events()).toHaveLength(2), { timeout: 5000 });
        live.app.server.server.closeAllConnections();
        await client.events.send([call(id, 3)]);
        await vi.waitFor(() => expect(events()).toHaveLength(3), { timeout: 5000 });

        await live.close();
        live = await startLiveApp(harness, { location, port });
        await client.events.send([call(id, 4), call(id, 5), completed(id)]);
        await following;

        const stored = await live.store.readEvents(SCOPE, { executionId: id, afterSeq: from });
        expect(stored).toHaveLength(6);
        expect(events().map((f) => [f.id, f.event])).toEqual(stored.map((e) => [e.seq, e.type]));
        // One snapshot per connection: the first, after the drop, after the restart.
        expect(frames.filter((f) => f.event === 'snapshot').length).toBeGreaterThanOrEqual(3);
        // The latest status the client was told (a snapshot or an update, whichever came last) is the final one.
        const statuses = frames.filter((f) => f.event === 'snapshot' || f.event === 'execution.updated').map((f) => (f.data as { status: string }).status);
        expect(statuses.at(-1)).toBe('completed');
      } finally {
        await live.close();
      }
    });

    it('ends on a finished run, stops when aborted, follows a filtered list, and throws what the server refuses', async () => {
      const live = await startLiveApp(harness);
      try {
        const operator = await live.client('operator');
        const viewer = await live.client('viewer');
        await operator.events.send([started('sdk-done'), call('sdk-done', 1), completed('sdk-done')]);
        const lastSeq = (await live.store.getExecution(SCOPE, 'sdk-done'))!.lastSeq;
        expect(await collect(viewer.streams.execution('sdk-done', { lastEventId: lastSeq }))).toEqual([]);
        expect((await collect(viewer.streams.execution('sdk-done'))).map((f) => [f.event, f.id])).toEqual([['snapshot', lastSeq]]);

        await operator.events.send([started('sdk-list-a', 'billing'), started('sdk-list-b', 'search')]);
        const abort = new AbortController();
        const frames: StreamFrame[] = [];
        const following = collect(viewer.streams.executions({ workflow: 'billing', status: ['running'] }, { signal: abort.signal }), frames);
        await vi.waitFor(() => expect(frames[0]?.event).toBe('snapshot'), { timeout: 5000 });
        expect((frames[0]!.data as { executions: { execution_id: string }[] }).executions.map((e) => e.execution_id)).toEqual(['sdk-list-a']);
        await operator.events.send([call('sdk-list-b', 1), call('sdk-list-a', 1)]);
        await vi.waitFor(() => expect(frames.some((f) => f.event === 'connector.called')).toBe(true), { timeout: 5000 });
        abort.abort();
        await following;
        expect(frames.filter((f) => f.id !== undefined && f.event !== 'snapshot').map((f) => (f.data as { execution_id: string }).execution_id)).toEqual(['sdk-list-a']);
        await vi.waitFor(() => expect(live.app.streams.size).toBe(0), { timeout: 5000 });

        await expect(collect(viewer.streams.execution('no-such-run'))).rejects.toMatchObject({ status: 404, code: 'EXECUTION_NOT_FOUND' });
        await expect(collect(viewer.streams.executions({ status: 'finished' }))).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      } finally {
        await live.close();
      }
    });
  });
}
