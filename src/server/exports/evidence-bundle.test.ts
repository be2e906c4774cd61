/**
 * The evidence bundle's spool on both stores: each bundle is built in its own directory under the
 * spool dir, and that directory is gone once the bundle's stream ends: sent, abandoned by its reader
 * half way, or never sent because building failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../core/events/event-catalogue.js';
import type { Store } from '../../core/ports/store.js';
import { ev } from '../../test-support/event-drafts.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { ADMIN_SECRET } from '../../test-support/test-app.js';
import { randomIds } from '../../core/ports/ids.js';
import { systemClock } from '../../core/ports/clock.js';
import { ExportService } from '../../services/export-service.js';
import { ServerSigner } from '../../services/server-signer.js';
import { buildApp, type App } from '../app.js';
import { evidenceBundle } from './evidence-bundle.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };
const auth = { authorization: `Bearer ${ADMIN_SECRET}` };

async function waitUntil(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const harness of storeHarnesses()) {
  describe(`evidence bundle spool [${harness.kind}]`, () => {
    const apps: App[] = [];
    const stores: Store[] = [];
    const spool = mkdtempSync(join(tmpdir(), 'axonflow-spool-test-'));
    afterAll(async () => {
      for (const app of apps) await app.server.close();
      for (const store of stores) await store.close().catch(() => undefined);
      await harness.cleanup();
      rmSync(spool, { recursive: true, force: true });
    });

    async function start(wrap: (store: Store) => Store = (s) => s): Promise<App> {
      const store = harness.location().open();
      stores.push(store);
      await store.migrate();
      const app = await buildApp({ store: wrap(store), config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 30_000 }, alertEvaluateIntervalMs: 0, exportSpoolDir: spool });
      apps.push(app);
      await app.credentials.ensureBootstrapAdmin(ADMIN_SECRET);
      // A run big enough that its bundle takes many writes to send.
      const drafts: EventDraft[] = [ev.created('spool-agent')];
      for (let i = 0; i < 300; i++) drafts.push(ev.stepStarted(`s${i}`, `step ${i}`), ev.stepCompleted(`s${i}`, { output: { text: randomBytes(500).toString('hex') } }));
      await store.append(SCOPE, { executionId: 'big', decide: () => drafts });
      return app;
    }

    it('removes the spool after a bundle is sent, and after its reader goes away half way', async () => {
      const app = await start();
      const sent = await app.server.inject({ method: 'GET', url: '/api/v1/executions/big/export?format=bundle', headers: auth });
      expect(sent.statusCode).toBe(200);
      expect(sent.rawPayload.length).toBeGreaterThan(10_000);
      await waitUntil(() => readdirSync(spool).length === 0);

      // A reader that takes one chunk and goes away: the pack stops at the stream's high-water mark, so
      // the bundle is still being sent from its spool when the reader leaves.
      const exports = new ExportService({ store: stores.at(-1)!, executions: app.executions, signer: new ServerSigner(stores.at(-1)!), clock: systemClock, ids: randomIds });
      const run = await exports.openRun({ clientId: 'test', role: 'operator', ...SCOPE }, SCOPE, 'big', 'bundle');
      const stream = await evidenceBundle(run, { input: true, output: true, policies: true }, exports, spool);
      for await (const chunk of stream) {
        expect((chunk as Buffer).length).toBeGreaterThan(0);
        expect(readdirSync(spool)).toHaveLength(1);
        expect(readdirSync(join(spool, readdirSync(spool)[0]!)).sort()).toEqual(['audit.json', 'events.ndjson', 'execution.json', 'report.html', 'steps.csv']);
        break;
      }
      expect(stream.destroyed).toBe(true);
      await waitUntil(() => readdirSync(spool).length === 0);
    });

    it('removes the spool when building fails, and answers with an error before any byte', async () => {
      const app = await start((store) => ({ ...store, searchAudit: async () => Promise.reject(new Error('audit read failed')) }));
      const failed = await app.server.inject({ method: 'GET', url: '/api/v1/executions/big/export?format=bundle', headers: auth });
      expect(failed.statusCode).toBe(500);
      expect(failed.json().code).toBe('INTERNAL_ERROR');
      expect(readdirSync(spool)).toEqual([]);
    });
  });
}
