/**
 * The server process is SIGKILLed right after it acknowledged writes; after a restart every
 * acknowledged write is there. Also: SIGTERM drains and exits 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dbLocation, storeKinds, type DbLocation } from '../test-support/server-processes.js';
import { spawnServer } from '../test-support/spawn-server.js';

const SECRET = 'crash-test-admin-secret-0123456789';

async function createCredential(url: string, tenant: string): Promise<{ client_id: string; client_secret: string } | undefined> {
  try {
    const res = await fetch(`${url}/api/v1/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'viewer', tenant_id: tenant }),
    });
    return res.status === 201 ? ((await res.json()) as { client_id: string; client_secret: string }) : undefined;
  } catch {
    return undefined; // the process died mid-request: not acknowledged
  }
}

for (const kind of storeKinds()) {
  describe(`crash safety [${kind}]`, () => {
    let location: DbLocation | undefined;
    afterEach(async () => {
      await location?.cleanup();
    });

    it('keeps every acknowledged write across three SIGKILLs', async () => {
      location = dbLocation(kind);
      const env = { AXONFLOW_DB: location.url, AXONFLOW_BOOTSTRAP_SECRET: SECRET };
      const acknowledged: { client_id: string; client_secret: string }[] = [];
      for (let round = 0; round < 3; round++) {
        const server = await spawnServer(env);
        // 30 writes in flight at once; the kill lands as soon as the 15th is acknowledged.
        let acks = 0;
        let killed = false;
        await Promise.all(
          Array.from({ length: 30 }, async () => {
            const created = await createCredential(server.url, 'crash');
            if (!created) return;
            acknowledged.push(created);
            if (++acks === 15 && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          }),
        );
        if (!killed) server.child.kill('SIGKILL');
        expect(await server.exited).toBe('SIGKILL');
      }
      expect(acknowledged.length).toBeGreaterThanOrEqual(45);

      const server = await spawnServer(env);
      try {
        const res = await fetch(`${server.url}/api/v1/credentials?tenant_id=crash`, { headers: { authorization: `Bearer ${SECRET}` } });
        const stored = new Set(((await res.json()) as { credentials: { client_id: string }[] }).credentials.map((c) => c.client_id));
        for (const ack of acknowledged) expect(stored.has(ack.client_id), ack.client_id).toBe(true);
        const sample = acknowledged[acknowledged.length - 1]!;
        const whoami = await fetch(`${server.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${sample.client_secret}` } });
        expect(await whoami.json()).toMatchObject({ client_id: sample.client_id, tenant_id: 'crash' });
      } finally {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    });

    it('drains and exits 0 on SIGTERM', async () => {
      location = dbLocation(kind);
      const server = await spawnServer({ AXONFLOW_DB: location.url, AXONFLOW_BOOTSTRAP_SECRET: SECRET });
      const inFlight = createCredential(server.url, 'drain');
      await new Promise((r) => setTimeout(r, 5));
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain('SIGTERM: draining');
      // A request already accepted finishes or was never accepted; it is never half-written.
      const created = await inFlight;
      if (created) expect(created.client_id).toMatch(/^axf_/);
    });
  });
}
