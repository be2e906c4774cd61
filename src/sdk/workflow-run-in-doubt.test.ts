/**
 * The workflow helper when the answer to a write that is not safe to repeat is lost: a step
 * completion or a run end that reached the server (or did not) before the connection dropped. It
 * is recorded exactly once, the step function runs once, and no failed attempt is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxonFlowClient } from './index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

/** What undici throws when the server goes away mid-request. */
const dropped = () => new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });

/** Which write loses its answer: delivered (the server applied it) or lost on the way (it did not). */
type Loss = 'answer' | 'request';

for (const harness of storeHarnesses()) {
  describe(`workflow helper, lost answers [${harness.kind}]`, () => {
    let live: LiveApp;
    let secret: { clientId: string; clientSecret: string };

    beforeAll(async () => {
      live = await startLiveApp(harness);
      const created = await live.app.credentials.create({ scope: SCOPE, role: 'operator' });
      secret = { clientId: created.credential.clientId, clientSecret: created.clientSecret };
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    /** A client whose first request matching `target` fails as a dropped connection. */
    function clientDropping(target: RegExp, loss: Loss): { client: AxonFlowClient; dropped: () => number } {
      let drops = 0;
      const lossy: typeof fetch = async (input, init) => {
        const hit = drops === 0 && init?.method === 'POST' && target.test(new URL(String(input)).pathname);
        if (!hit) return fetch(input, init);
        drops++;
        if (loss === 'answer') await (await fetch(input, init)).text();
        throw dropped();
      };
      return { client: new AxonFlowClient({ endpoint: live.url, ...secret, fetch: lossy, retryBackoffMs: 10 }), dropped: () => drops };
    }

    async function eventTypes(runId: string): Promise<string[]> {
      return (await live.store.readEvents(SCOPE, { executionId: runId, afterSeq: 0, limit: 1000 })).map((e) => e.type);
    }

    for (const loss of ['answer', 'request'] as const) {
      it(`records a step completion once when its ${loss} is lost, without running the step again`, async () => {
        const { client, dropped: drops } = clientDropping(/\/steps\/[^/]+\/complete$/, loss);
        const run = await client.workflows.start({ name: `lost-${loss}` });
        let runs = 0;
        const output = await run.step({ name: 'charge', id: 'charge', retry: { maxAttempts: 3, backoffMs: 10 } }, () => ++runs);
        expect([output, runs, drops()]).toEqual([1, 1, 1]);
        await run.complete();
        const types = await eventTypes(run.id);
        expect(types.filter((t) => t === 'step.completed')).toHaveLength(1);
        expect(types).not.toContain('step.failed');
        expect(types).not.toContain('retry.attempt');
        expect((await live.store.getStep(SCOPE, run.id, 'charge'))?.status).toBe('completed');
      });

      it(`ends a run once when the ${loss} of its completion is lost`, async () => {
        const { client, dropped: drops } = clientDropping(/^\/api\/v1\/workflows\/[^/]+\/complete$/, loss);
        const run = await client.workflows.start({ name: `lost-end-${loss}` });
        await run.step({ name: 'only', id: 'only' }, () => 'ok');
        await run.complete({ done: true });
        expect(drops()).toBe(1);
        expect((await eventTypes(run.id)).filter((t) => t === 'execution.completed')).toHaveLength(1);
        expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'completed', output: { done: true } });
      });
    }

    it('ends a run once when its completion, lost, lands only after the helper checked (a request still running)', async () => {
      // The first run end is held back and reported lost; it reaches the server just after the
      // helper's check saw the run still in progress, so the helper's second send is refused.
      let held: (() => Promise<void>) | undefined;
      let ends = 0;
      const late: typeof fetch = async (input, init) => {
        const path = new URL(String(input)).pathname;
        if (init?.method === 'POST' && /^\/api\/v1\/workflows\/[^/]+\/complete$/.test(path) && ends++ === 0) {
          held = async () => void (await (await fetch(input, init)).text());
          throw dropped();
        }
        if (held && (init?.method ?? 'GET') === 'GET' && /^\/api\/v1\/workflows\/[^/]+$/.test(path)) {
          const checked = await fetch(input, init);
          const body = await checked.text();
          await held();
          held = undefined;
          return new Response(body, { status: checked.status, headers: checked.headers });
        }
        return fetch(input, init);
      };
      const client = new AxonFlowClient({ endpoint: live.url, ...secret, fetch: late, retryBackoffMs: 10 });
      const run = await client.workflows.start({ name: 'lost-end-late' });
      await run.step({ name: 'only', id: 'only' }, () => 'ok');
      await run.complete({ done: true });
      expect(ends).toBe(2);
      expect((await eventTypes(run.id)).filter((t) => t === 'execution.completed')).toHaveLength(1);
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'completed' });
    });
  });
}
