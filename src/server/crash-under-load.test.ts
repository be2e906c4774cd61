/**
 * The server process is SIGKILLed four times, each at a random moment while SDK clients write (WCP
 * runs through the workflow helper, reported runs through event ingestion) and a live stream
 * follows the tenant, and restarted on the same address and database. The SDK retries through
 * each restart. Afterwards every acknowledged write is stored exactly once, nothing is stored twice
 * (writes in flight at a kill included), and the stream delivered every event once, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AxonFlowClient } from '../sdk/index.js';
import { checkLedger } from '../test-support/check-ledger.js';
import { freePort } from '../test-support/free-port.js';
import { dbLocation, storeKinds, type DbLocation } from '../test-support/server-processes.js';
import { spawnServer, type RunningServer } from '../test-support/spawn-server.js';
import { followStream, streamProblems } from '../test-support/stream-follower.js';
import { startWriteLoad } from '../test-support/write-load.js';

const SECRET = 'crash-load-admin-secret-0123456789';
const KILLS = 4;

for (const kind of storeKinds()) {
  describe(`crash safety under load [${kind}]`, () => {
    let location: DbLocation | undefined;
    let server: RunningServer | undefined;
    afterEach(async () => {
      server?.child.kill('SIGKILL');
      await server?.exited;
      await location?.cleanup();
    });

    it(`stores every acknowledged write exactly once across ${KILLS} SIGKILLs`, { timeout: 90_000 }, async () => {
      const started = Date.now();
      location = dbLocation(kind);
      const port = await freePort();
      const start = () => spawnServer({ AXONFLOW_DB: location!.url, AXONFLOW_BOOTSTRAP_SECRET: SECRET }, ['--port', String(port)]);
      server = await start();
      // Retries outlast a restart (about a second) many times over.
      // Counts requests a kill cut off after they were sent (not those refused while it was down).
      let cut = 0;
      const counting: typeof fetch = (input, init) =>
        fetch(input, init).catch((error: unknown) => {
          if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED' && init?.method === 'POST') cut++;
          throw error;
        });
      const client = new AxonFlowClient({ endpoint: `http://127.0.0.1:${port}`, clientSecret: SECRET, maxAttempts: 40, retryBackoffMs: 50, timeoutMs: 15_000, fetch: counting });
      const stream = followStream(client);
      await stream.opened;
      const load = startWriteLoad(client, { prefix: `crash-${kind}`, workflows: 6, reporters: 2 });

      const kills: number[] = [];
      for (let kill = 0; kill < KILLS; kill++) {
        // At a random moment once traffic flows again: some writes acknowledged, others in flight.
        const before = load.acknowledged();
        while (load.acknowledged() < before + 8) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, Math.random() * 400));
        kills.push(load.acknowledged());
        server.child.kill('SIGKILL');
        expect(await server.exited).toBe('SIGKILL');
        server = await start();
      }
      const afterLast = load.acknowledged();
      while (load.acknowledged() < afterLast + 8) await new Promise((r) => setTimeout(r, 10));
      await load.stop();

      expect(load.errors.map(String)).toEqual([]);
      expect(cut, 'no write was in flight at a kill').toBeGreaterThan(0);
      const check = await checkLedger(client, load.ledger);
      expect(check.problems).toEqual([]);
      expect(load.ledger.workflows.size).toBeGreaterThan(KILLS);
      expect([...load.ledger.workflows.values()].every((run) => run.completed)).toBe(true);

      await stream.reached(Math.max(...check.seqs), 20_000);
      await stream.stop();
      expect(streamProblems(stream.seqs, check.seqs)).toEqual([]);
      console.info(`[${kind}] ${load.acknowledged()} writes acknowledged, ${check.events} events checked, kills after ${kills.join(', ')} acks, ${cut} writes cut off by a kill, in ${Date.now() - started} ms`);
    });
  });
}
