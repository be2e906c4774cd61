/** The `axonflow` command as users run it: credentials on a store without a server, config errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbLocation, storeKinds, type DbLocation } from '../test-support/server-processes.js';
import { runAxonflow, spawnServer } from '../test-support/spawn-server.js';


for (const kind of storeKinds()) {
  describe(`axonflow credentials [${kind}]`, () => {
    let location: DbLocation | undefined;
    afterEach(async () => {
      await location?.cleanup();
    });

    it('creates a credential with --format json, creating its org and tenant, usable against a server', async () => {
      location = dbLocation(kind);
      const created = await runAxonflow(['credentials', 'create', '--org', 'acme', '--tenant', 'payments', '--role', 'approver', '--format', 'json', '--db', location.url]);
      expect(created.code, created.stderr).toBe(0);
      const body = JSON.parse(created.stdout);
      expect(Object.keys(body).sort()).toEqual(['client_id', 'client_secret', 'org_id', 'role', 'tenant_id']);
      expect(body).toMatchObject({ org_id: 'acme', tenant_id: 'payments', role: 'approver' });

      const server = await spawnServer({ AXONFLOW_DB: location.url });
      try {
        const whoami = await fetch(`${server.url}/api/v1/whoami`, { headers: { 'x-client-id': body.client_id, 'x-client-secret': body.client_secret } });
        expect(await whoami.json()).toEqual({ client_id: body.client_id, org_id: 'acme', tenant_id: 'payments', role: 'approver' });
        // A second process writes to the same store while the server runs.
        const second = await runAxonflow(['credentials', 'create', '--org', 'acme', '--tenant', 'payments', '--role', 'viewer', '--format', 'json'], { AXONFLOW_DB: location.url });
        expect(second.code, second.stderr).toBe(0);
        const viewer = JSON.parse(second.stdout);
        const res = await fetch(`${server.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${viewer.client_secret}` } });
        expect(((await res.json()) as { role: string }).role).toBe('viewer');
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }

      const listed = await runAxonflow(['credentials', 'list', '--org', 'acme', '--tenant', 'payments', '--format', 'json', '--db', location.url]);
      expect(JSON.parse(listed.stdout).credentials).toHaveLength(2);
      expect(listed.stdout).not.toContain(body.client_secret);
      const revoked = await runAxonflow(['credentials', 'revoke', body.client_id, '--org', 'acme', '--tenant', 'payments', '--db', location.url]);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain(`${body.client_id} revoked at`);
    });
  });
}

describe('axonflow command errors', () => {
  it('stops with exit 2 and names the setting when a value is bad', async () => {
    const port = await runAxonflow(['serve', '--port', 'eighty'], { AXONFLOW_DB: 'sqlite::memory:' });
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('PORT / AXONFLOW_PORT / --port: must be an integer; got "eighty" from --port');
    const db = await runAxonflow(['serve'], { AXONFLOW_DB: 'mysql://localhost/x' });
    expect(db.code).toBe(2);
    expect(db.stderr).toContain('AXONFLOW_DB / --db: must be sqlite:<path> or postgres://');
    const secret = await runAxonflow(['serve'], { AXONFLOW_DB: 'sqlite::memory:', AXONFLOW_BOOTSTRAP_SECRET: 'short', LOG_LEVEL: 'loud' });
    expect(secret.code).toBe(2);
    expect(secret.stderr).toContain('AXONFLOW_BOOTSTRAP_SECRET: must be at least 24 characters');
    expect(secret.stderr).toContain('(hidden)');
    expect(secret.stderr).not.toContain('short');
    expect(secret.stderr).toContain('AXONFLOW_LOG_LEVEL / LOG_LEVEL / --log-level');
  });

  it('stops with exit 2 naming the pricing file and the field at fault; a good file prices calls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'axonflow-pricing-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ providers: { openai: { 'gpt-4o': { input_per_1k: 'cheap', output_per_1k: 0.01 } } } }));
      const refused = await runAxonflow(['serve', '--pricing', bad], { AXONFLOW_DB: 'sqlite::memory:' });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`AXONFLOW_PRICING_FILE / LLM_PRICING_FILE / --pricing: ${bad}: providers.openai.gpt-4o.input_per_1k:`);
      const missing = await runAxonflow(['serve'], { AXONFLOW_DB: 'sqlite::memory:', AXONFLOW_PRICING_FILE: join(dir, 'missing.json') });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('missing.json: cannot be read');

      const good = join(dir, 'prices.json');
      writeFileSync(good, JSON.stringify({ providers: { mistral: { '*': { input_per_1k: 0.001, output_per_1k: 0.003 } } } }));
      const secret = 'pricing-test-secret-0123456789abcdef';
      const server = await spawnServer({ AXONFLOW_DB: 'sqlite::memory:', AXONFLOW_BOOTSTRAP_SECRET: secret }, ['--pricing', good]);
      try {
        const res = await fetch(`${server.url}/api/v1/pricing?provider=mistral&model=mistral-large`, { headers: { authorization: `Bearer ${secret}` } });
        expect(((await res.json()) as { resolved: unknown }).resolved).toMatchObject({ priced_as: '*', source: 'file', input_per_1k: 0.001 });
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with exit 2 on a missing option or an unknown role', async () => {
    const missing = await runAxonflow(['credentials', 'create', '--org', 'a', '--role', 'viewer']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--tenant <tenant>' not specified");
    const role = await runAxonflow(['credentials', 'create', '--org', 'a', '--tenant', 'b', '--role', 'root', '--db', 'sqlite::memory:']);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain('--role must be one of viewer, operator, approver, admin; got "root"');
  });

  it('prints the URL and the bootstrap credential once, on first start only', async () => {
    const location = dbLocation('sqlite');
    try {
      const first = await spawnServer({ AXONFLOW_DB: location.url, AXONFLOW_BOOTSTRAP_SECRET: '' });
      first.child.kill('SIGTERM');
      await first.exited;
      expect(first.output()).toMatch(/listening on http:\/\/localhost:\d+/);
      const secret = /client_secret: (\S+)/.exec(first.output())?.[1];
      expect(secret).toMatch(/^axfs_/);
      const second = await spawnServer({ AXONFLOW_DB: location.url, AXONFLOW_BOOTSTRAP_SECRET: '' });
      try {
        expect(second.output()).not.toContain('client_secret');
        const res = await fetch(`${second.url}/api/v1/whoami`, { headers: { authorization: `Bearer ${secret}` } });
        expect(((await res.json()) as { role: string }).role).toBe('admin');
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await location.cleanup();
    }
  });
});
