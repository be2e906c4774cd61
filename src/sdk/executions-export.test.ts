/**
 * The SDK's exports against a live server on both stores: `export` in each format (json parsed, the
 * others as bytes), `exportBytes` streaming, `bulkExport` parsed line by line across cursors, and a
 * bulk export cut short in transit, which throws instead of passing for complete.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ev } from '../test-support/event-drafts.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { AxonFlowClient } from './axonflow-client.js';
import type { BulkExportLine } from './executions-client.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

for (const harness of storeHarnesses()) {
  describe(`SDK exports [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;

    beforeAll(async () => {
      live = await startLiveApp(harness);
      client = await live.client('operator');
      for (let i = 0; i < 5; i++) {
        const at = `2026-05-02T09:0${i}:00.000Z`;
        await live.store.append(SCOPE, { executionId: `sdk-${i}`, decide: () => [ev.created('sdk-agent', { at }), ev.stepStarted(`s${i}`, `step of run ${i}`, { at }), ev.stepCompleted(`s${i}`, { at }), ev.completed({ at })] });
      }
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('exports json parsed and every other format as its bytes', async () => {
      const json = await client.executions.export('sdk-1');
      expect(json.format).toBe('json');
      expect(json.execution.steps.map((s) => s.step_name)).toEqual(['step of run 1']);
      const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
      const ndjson = text(await client.executions.export('sdk-1', { format: 'ndjson' }));
      expect(ndjson.trimEnd().split('\n').map((l) => JSON.parse(l).type)).toEqual(['execution.created', 'step.started', 'step.completed', 'execution.completed']);
      expect(text(await client.executions.export('sdk-1', { format: 'csv' })).split('\n')[1]).toMatch(/^0,s1,step of run 1,llm_call,completed,/);
      expect(text(await client.executions.export('sdk-1', { format: 'html' }))).toContain('step of run 1');
      const bundle = await client.executions.export('sdk-1', { format: 'bundle' });
      expect(gunzipSync(bundle).subarray(0, 13).toString()).toBe('manifest.json');
      expect((await client.evidence.verify(bundle)).ok).toBe(true);

      let chunks = 0;
      let bytes = 0;
      for await (const chunk of client.executions.exportBytes('sdk-1', { format: 'ndjson' })) {
        chunks++;
        bytes += chunk.byteLength;
      }
      expect(chunks).toBeGreaterThan(0);
      expect(bytes).toBe(new TextEncoder().encode(ndjson).byteLength);
    });

    it('reads a bulk export line by line, and continues it from next_cursor', async () => {
      const first: BulkExportLine[] = [];
      for await (const line of client.executions.bulkExport({ workflow: 'sdk-agent', limit: 3, sort: 'started_at', order: 'asc' })) first.push(line);
      expect(first.map((l) => (l.type === 'execution' ? l.summary.request_id : l.type))).toEqual(['sdk-0', 'sdk-1', 'sdk-2', 'export_end']);
      const end = first.at(-1)!;
      if (end.type !== 'export_end') throw new Error('no end line');
      expect(end).toMatchObject({ count: 3, total: 5, truncated: true });
      const rest: BulkExportLine[] = [];
      for await (const line of client.executions.bulkExport({ workflow: 'sdk-agent', limit: 3, sort: 'started_at', order: 'asc', cursor: end.next_cursor, events: true })) rest.push(line);
      expect(rest.map((l) => (l.type === 'execution' ? l.summary.request_id : l.type))).toEqual(['sdk-3', 'sdk-4', 'export_end']);
      const run = rest[0]!;
      expect(run.type === 'execution' && run.events?.map((e) => e.type)).toEqual(['execution.created', 'step.started', 'step.completed', 'execution.completed']);
    });

    it('throws when a bulk export arrives without its end line', async () => {
      const operator = await live.app.credentials.create({ scope: SCOPE, role: 'operator' });
      // A proxy that drops the stream's last line.
      const cutting: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const text = await response.text();
        return new Response(text.slice(0, text.trimEnd().lastIndexOf('\n') + 1), { status: response.status, headers: response.headers });
      };
      const cut = new AxonFlowClient({ endpoint: live.url, clientId: operator.credential.clientId, clientSecret: operator.clientSecret, fetch: cutting });
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const line of cut.executions.bulkExport({ workflow: 'sdk-agent' })) seen.push(line.type);
        })(),
      ).rejects.toThrow(/cut short/);
      expect(seen).toEqual(['execution', 'execution', 'execution', 'execution', 'execution']);
    });
  });
}
