/**
 * `axonctl executions watch` against a live server on each store: one line per event of a running run,
 * no event lost or repeated across a server restart (the SDK resumes with Last-Event-ID), exit 0
 * when the run ends; the list stream with filters.
 */
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import type { AxonFlowClient } from '../sdk/index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { spawnAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';

function collect(child: ReturnType<typeof spawnAxonctl>) {
  const state = { stdout: '', stderr: '' };
  child.stdout!.on('data', (c: Buffer) => (state.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (state.stderr += c.toString()));
  const until = async (pattern: RegExp, ms = 15_000, stream: 'stdout' | 'stderr' = 'stdout') => {
    const deadline = Date.now() + ms;
    while (!pattern.test(state[stream])) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${state.stdout}\n${state.stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { state, until, exited: once(child, 'close').then(([code]) => code as number) };
}

async function credentials(live: LiveApp): Promise<Record<string, string>> {
  const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'operator' });
  return { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
}

const step = (run: string, id: string, type: string, extra: Record<string, unknown> = {}) => ({ event_id: `${run}-${id}-${type}`, execution_id: run, type, step_id: id, ...extra });

for (const harness of storeHarnesses()) {
  describe(`axonctl executions watch [${harness.kind}]`, () => {
    afterAll(() => harness.cleanup());

    it('prints each event of a running run, resumes across a server restart without gaps, and exits 0 when it ends', async () => {
      const location = harness.location();
      let live = await startLiveApp(harness, { location });
      const port = Number(new URL(live.url).port);
      const env = await credentials(live);
      let client: AxonFlowClient = await live.client('operator');
      await client.events.send([{ event_id: 'w-start', execution_id: 'watch-me', type: 'execution.started', workflow_name: 'watched' }] as never);

      const child = spawnAxonctl(['exec', 'watch', 'watch-me', '--format', 'ndjson'], env);
      const out = collect(child);
      await out.until(/"event":"snapshot"/);
      await client.events.send([step('watch-me', 's1', 'step.started', { step_type: 'tool_call' }), step('watch-me', 's1', 'step.completed')] as never);
      await out.until(/"event":"step.completed"/);

      // The server goes away (every connection cut) and comes back on the same address and store.
      await live.close();
      live = await startLiveApp(harness, { location, port });
      client = await live.client('operator');
      await client.events.send([step('watch-me', 's2', 'step.started', { step_type: 'tool_call' }), step('watch-me', 's2', 'step.completed'), { event_id: 'w-done', execution_id: 'watch-me', type: 'execution.completed' }] as never);

      expect(await out.exited, out.state.stderr).toBe(0);
      await live.close();
      const frames = out.state.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id?: number; event: string; data: { data?: { step_id?: string } } });
      const events = frames.filter((f) => f.id !== undefined && f.event !== 'snapshot');
      expect(events.map((f) => `${f.event}${f.data.data?.step_id ? `:${f.data.data.step_id}` : ''}`)).toEqual(['step.started:s1', 'step.completed:s1', 'step.started:s2', 'step.completed:s2', 'execution.completed']);
      const ids = events.map((f) => f.id!);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(out.state.stderr).toContain('Execution watch-me ended.');
    });

    it('prints one text line per event; the list stream follows the runs matching the filters', async () => {
      const live = await startLiveApp(harness);
      try {
        const env = await credentials(live);
        const client = await live.client('operator');
        const child = spawnAxonctl(['exec', 'watch', '--workflow-id', 'wanted'], env);
        const out = collect(child);
        await out.until(/Watching executions \(workflow wanted\): 0 match now/, 15_000, 'stderr');
        await client.events.send([
          { event_id: 'o-start', execution_id: 'other-run', type: 'execution.started', workflow_name: 'other' },
          { event_id: 'x-start', execution_id: 'wanted-run', type: 'execution.started', workflow_name: 'wanted' },
          step('wanted-run', 'fetch', 'step.started', { step_type: 'tool_call', step_name: 'fetch data' }),
        ] as never);
        await out.until(/wanted-run step\.started step=fetch data/);
        child.kill('SIGINT');
        expect(await out.exited).toBe(0);
        expect(out.state.stdout).not.toContain('other-run');
        expect(out.state.stdout).not.toMatch(/\u001b\[/);
        expect(out.state.stdout).toMatch(/^#\d+ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ wanted-run execution\.created$/m);
      } finally {
        await live.close();
      }
    });
  });
}
