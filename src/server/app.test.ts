import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET, bearer, startTestApp, type TestApp } from '../test-support/test-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

for (const harness of storeHarnesses()) {
  describe(`HTTP server [${harness.kind}]`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(harness);
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    async function issue(role: string, tenant?: string) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/credentials', payload: { role, ...(tenant ? { tenant_id: tenant } : {}) } });
      expect(res.statusCode).toBe(201);
      return res.json() as { client_id: string; client_secret: string; tenant_id: string; org_id: string };
    }

    it('answers /healthz and /readyz without a credential', async () => {
      const health = await app.server.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok', version: 'test' });
      const ready = await app.server.inject({ method: 'GET', url: '/readyz' });
      expect(ready.json()).toEqual({ status: 'ready', store: harness.kind });
    });

    it('serves an OpenAPI 3.1 document listing every route with its security', async () => {
      const res = await app.server.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths).sort()).toEqual([
        '/api/v1/alerts',
        '/api/v1/alerts/rules',
        '/api/v1/alerts/{id}',
        '/api/v1/approvals',
        '/api/v1/approvals/bulk',
        '/api/v1/approvals/{id}',
        '/api/v1/approvals/{id}/approve',
        '/api/v1/approvals/{id}/reject',
        '/api/v1/audit/search',
        '/api/v1/audit/signing-key',
        '/api/v1/audit/verify',
        '/api/v1/budgets',
        '/api/v1/budgets/check',
        '/api/v1/budgets/{id}',
        '/api/v1/budgets/{id}/alerts',
        '/api/v1/budgets/{id}/status',
        '/api/v1/credentials',
        '/api/v1/credentials/{client_id}',
        '/api/v1/events',
        '/api/v1/executions',
        '/api/v1/executions/count',
        '/api/v1/executions/export',
        '/api/v1/executions/{a}/diff/{b}',
        '/api/v1/executions/{id}',
        '/api/v1/executions/{id}/events',
        '/api/v1/executions/{id}/export',
        '/api/v1/executions/{id}/rerun',
        '/api/v1/executions/{id}/steps',
        '/api/v1/executions/{id}/steps/{index}',
        '/api/v1/executions/{id}/timeline',
        '/api/v1/policies',
        '/api/v1/policies/simulate',
        '/api/v1/policies/{id}',
        '/api/v1/policies/{id}/versions',
        '/api/v1/pricing',
        '/api/v1/rerun-targets',
        '/api/v1/rerun-targets/{workflow_name}',
        '/api/v1/stream-tokens',
        '/api/v1/unified/executions',
        '/api/v1/unified/executions/stream',
        '/api/v1/unified/executions/{id}',
        '/api/v1/unified/executions/{id}/cancel',
        '/api/v1/unified/executions/{id}/stream',
        '/api/v1/usage',
        '/api/v1/usage/breakdown',
        '/api/v1/webhooks',
        '/api/v1/webhooks/{id}',
        '/api/v1/webhooks/{id}/deliveries',
        '/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver',
        '/api/v1/webhooks/{id}/test',
        '/api/v1/whoami',
        '/api/v1/workflows',
        '/api/v1/workflows/approvals/pending',
        '/api/v1/workflows/{id}',
        '/api/v1/workflows/{id}/abort',
        '/api/v1/workflows/{id}/checkpoints',
        '/api/v1/workflows/{id}/complete',
        '/api/v1/workflows/{id}/fail',
        '/api/v1/workflows/{id}/resume',
        '/api/v1/workflows/{id}/steps/{step_id}/approve',
        '/api/v1/workflows/{id}/steps/{step_id}/complete',
        '/api/v1/workflows/{id}/steps/{step_id}/gate',
        '/api/v1/workflows/{id}/steps/{step_id}/reject',
        '/healthz',
        '/readyz',
      ]);
      expect(doc.paths['/api/v1/credentials'].post.security).toHaveLength(3);
      expect(doc.components.schemas.ErrorEnvelope.required).toEqual(['error', 'code', 'message']);
    });

    it('refuses a request with no credential: 401 with a code and a WWW-Authenticate challenge', async () => {
      const res = await app.server.inject({ method: 'GET', url: '/api/v1/whoami' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.json()).toMatchObject({ error: 'unauthorized', code: 'UNAUTHORIZED' });
    });

    it('refuses wrong secrets, unknown clients and malformed Authorization headers with 401', async () => {
      const cases: Record<string, string>[] = [
        bearer('not-a-secret-of-anyone-at-all-xx'),
        { authorization: `Basic ${Buffer.from(`axf_bootstrap_admin:wrong`).toString('base64')}` },
        { authorization: `Basic ${Buffer.from(`nobody:${ADMIN_SECRET}`).toString('base64')}` },
        { authorization: 'Basic !!!not-base64' },
        { authorization: 'Digest abc' },
        { 'x-client-id': 'axf_bootstrap_admin' },
        { 'x-client-id': 'axf_bootstrap_admin', 'x-client-secret': 'wrong' },
        bearer('x'.repeat(5000)),
      ];
      for (const headers of cases) {
        const res = await app.server.inject({ method: 'GET', url: '/api/v1/whoami', headers });
        expect(res.statusCode, JSON.stringify(headers).slice(0, 80)).toBe(401);
        expect(res.json().code).toBe('UNAUTHORIZED');
      }
    });

    it('accepts Bearer, Basic and X-Client-ID/X-Client-Secret, and ignores spoofed tenant headers', async () => {
      const viewer = await issue('viewer');
      const forms: Record<string, string>[] = [
        bearer(viewer.client_secret),
        { authorization: `Basic ${Buffer.from(`${viewer.client_id}:${viewer.client_secret}`).toString('base64')}` },
        { 'x-client-id': viewer.client_id, 'x-client-secret': viewer.client_secret, 'x-tenant-id': 'someone-else', 'x-org-id': 'other-org' },
      ];
      for (const headers of forms) {
        const res = await app.server.inject({ method: 'GET', url: '/api/v1/whoami', headers });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ client_id: viewer.client_id, org_id: 'default', tenant_id: 'default', role: 'viewer' });
      }
    });

    it('answers 403 FORBIDDEN when the role is too low', async () => {
      for (const role of ['viewer', 'operator', 'approver']) {
        const cred = await issue(role);
        const res = await app.server.inject({ method: 'POST', url: '/api/v1/credentials', headers: bearer(cred.client_secret), payload: { role: 'admin' } });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'FORBIDDEN', details: { role, required: 'admin', action: 'manage credentials' } });
      }
    });

    it('lets an admin manage credentials of another tenant in its org, creating the tenant', async () => {
      const created = await issue('operator', 'acme');
      expect(created).toMatchObject({ org_id: 'default', tenant_id: 'acme' });
      const listed = await app.inject({ method: 'GET', url: '/api/v1/credentials?tenant_id=acme' });
      expect(listed.json().credentials.map((c: { client_id: string }) => c.client_id)).toEqual([created.client_id]);
      expect(JSON.stringify(listed.json())).not.toContain(created.client_secret);
      const mine = await app.inject({ method: 'GET', url: '/api/v1/credentials' });
      expect(mine.json().credentials.map((c: { client_id: string }) => c.client_id)).not.toContain(created.client_id);
    });

    it('answers 404 for a credential of another tenant or another org', async () => {
      const neighbour = await issue('viewer', 'neighbour');
      const inOwnTenant = await app.inject({ method: 'GET', url: `/api/v1/credentials/${neighbour.client_id}` });
      expect(inOwnTenant.statusCode).toBe(404);
      expect(inOwnTenant.json().code).toBe('CREDENTIAL_NOT_FOUND');
      const otherOrg = await app.credentials.create({ scope: { orgId: 'other-org', tenantId: 'default' }, role: 'admin' });
      for (const url of [`/api/v1/credentials/${otherOrg.credential.clientId}`, `/api/v1/credentials/${otherOrg.credential.clientId}?tenant_id=default`]) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(404);
      }
      const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/credentials/${otherOrg.credential.clientId}` });
      expect(revoke.statusCode).toBe(404);
      const stillWorks = await app.server.inject({ method: 'GET', url: '/api/v1/whoami', headers: bearer(otherOrg.clientSecret) });
      expect(stillWorks.json()).toMatchObject({ org_id: 'other-org', role: 'admin' });
    });

    it('revokes a credential, which then gets 401; refuses to revoke itself', async () => {
      const doomed = await issue('operator');
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/whoami', headers: bearer(doomed.client_secret) })).statusCode).toBe(200);
      const res = await app.inject({ method: 'DELETE', url: `/api/v1/credentials/${doomed.client_id}` });
      expect(res.statusCode).toBe(200);
      expect(res.json().client_id).toBe(doomed.client_id);
      const again = await app.inject({ method: 'DELETE', url: `/api/v1/credentials/${doomed.client_id}` });
      expect(again.json().revoked_at).toBe(res.json().revoked_at);
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/whoami', headers: bearer(doomed.client_secret) })).statusCode).toBe(401);
      const self = await app.inject({ method: 'DELETE', url: '/api/v1/credentials/axf_bootstrap_admin' });
      expect(self.statusCode).toBe(409);
      expect(self.json().code).toBe('CANNOT_REVOKE_SELF');
    });

    it('echoes a plain X-Request-ID and replaces an unsafe one', async () => {
      const kept = await app.server.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-123.abc' } });
      expect(kept.headers['x-request-id']).toBe('trace-123.abc');
      const replaced = await app.server.inject({ method: 'GET', url: '/api/v1/whoami', headers: { 'x-request-id': 'bad id\twith tab' } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(replaced.json().request_id).toBe(replaced.headers['x-request-id']);
    });

    it('answers unknown routes with 404 ROUTE_NOT_FOUND', async () => {
      const res = await app.server.inject({ method: 'GET', url: '/api/v1/nope?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', details: { method: 'GET', url: '/api/v1/nope' } });
    });

    it('turns /readyz red with 503 STORE_UNAVAILABLE when the store is gone', async () => {
      const broken = await startTestApp(harness);
      await broken.store.close();
      const res = await broken.server.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('STORE_UNAVAILABLE');
      await broken.close();
    });
  });
}

describe('HTTP server [postgres, unreachable]', () => {
  it('answers 503 STORE_UNAVAILABLE on /readyz and on authenticated routes when PostgreSQL does not answer', async () => {
    const { createPostgresStore } = await import('../store/postgres/postgres-store.js');
    const { buildApp } = await import('./app.js');
    // Port 1 on loopback: nothing listens, so every connection is refused at once.
    const store = createPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 1000 });
    const { server } = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 0 } });
    const ready = await server.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().code).toBe('STORE_UNAVAILABLE');
    const whoami = await server.inject({ method: 'GET', url: '/api/v1/whoami', headers: { authorization: 'Bearer some-secret-that-needs-a-lookup' } });
    expect(whoami.statusCode).toBe(503);
    await server.close();
    await store.close();
  });
});
