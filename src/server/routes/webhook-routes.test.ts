/**
 * /api/v1/webhooks over HTTP on both stores: CRUD, the write-only secret, validation (400 with a
 * code), roles (admin writes, operator reads, viewer nothing), another tenant's webhook as a 404,
 * and the audit trail. Delivery itself is covered in src/services/webhook-dispatcher.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

type Headers = Record<string, string>;

// Port 9 on loopback: nothing is sent in these tests (no events, no test deliveries), and nothing could leave the machine.
const URL_A = 'http://127.0.0.1:9/hooks/a';

for (const harness of storeHarnesses()) {
  describe(`webhooks API [${harness.kind}]`, () => {
    let app: TestApp;
    let viewer: Headers;
    let operator: Headers;
    let otherTenantAdmin: Headers;
    let otherOrgAdmin: Headers;

    async function bearer(role: 'viewer' | 'operator' | 'admin', orgId = 'default', tenantId = 'default'): Promise<Headers> {
      const issued = await app.credentials.create({ scope: { orgId, tenantId }, role });
      return { authorization: `Bearer ${issued.clientSecret}` };
    }

    async function create(payload: Record<string, unknown>, headers?: Headers) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/webhooks', payload, ...(headers ? { headers } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }

    beforeAll(async () => {
      app = await startTestApp(harness);
      viewer = await bearer('viewer');
      operator = await bearer('operator');
      otherTenantAdmin = await bearer('admin', 'default', 'elsewhere');
      otherOrgAdmin = await bearer('admin', 'other-org', 'default');
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    it('creates a webhook with a generated secret shown once, then only its hint', async () => {
      const created = await create({ url: URL_A, description: 'ops' });
      expect(created).toMatchObject({ url: URL_A, events: ['*'], format: 'axonflow', enabled: true, description: 'ops', org_id: 'default', tenant_id: 'default' });
      expect(created.id).toMatch(/^whk_/);
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      expect(created.secret_hint).toBe(`…${created.secret.slice(-4)}`);

      const read = await app.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}`, headers: operator });
      expect(read.statusCode).toBe(200);
      expect(read.json()).not.toHaveProperty('secret');
      expect(read.body).not.toContain(created.secret);
      const list = await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: operator });
      expect(list.json().webhooks.map((w: { id: string }) => w.id)).toContain(created.id);
      expect(list.body).not.toContain(created.secret);
      // The audit log never holds it either.
      const audit = await app.store.listAudit({ orgId: 'default', tenantId: 'default' }, { targetType: 'webhook', targetId: created.id, limit: 10 });
      expect(audit.map((e) => e.action)).toEqual(['webhook.create']);
      expect(JSON.stringify(audit)).not.toContain(created.secret);
    });

    it('keeps a secret the caller chose, and changes only the members a PUT names', async () => {
      const created = await create({ url: URL_A, secret: 'my-own-secret-0123456789', events: ['approval.requested', 'approval.requested', 'execution.failed'] });
      expect(created.secret).toBe('my-own-secret-0123456789');
      expect(created.events).toEqual(['approval.requested', 'execution.failed']);
      const put = await app.inject({ method: 'PUT', url: `/api/v1/webhooks/${created.id}`, payload: { enabled: false, events: ['execution.completed', '*'] } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ url: URL_A, enabled: false, events: ['*'], secret_hint: '…6789' });
      const rotated = await app.inject({ method: 'PUT', url: `/api/v1/webhooks/${created.id}`, payload: { secret: 'rotated-secret-abcdefghij', url: 'https://127.0.0.1:9/b' } });
      expect(rotated.json()).toMatchObject({ url: 'https://127.0.0.1:9/b', secret_hint: '…ghij', enabled: false });
      expect(rotated.json()).not.toHaveProperty('secret');
    });

    it('takes a Slack delivery format on create and update, reads it back, and audits it', async () => {
      const created = await create({ url: URL_A, format: 'slack' });
      expect(created.format).toBe('slack');
      expect((await app.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}`, headers: operator })).json().format).toBe('slack');
      const put = await app.inject({ method: 'PUT', url: `/api/v1/webhooks/${created.id}`, payload: { format: 'axonflow' } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ format: 'axonflow', url: URL_A, events: ['*'] });
      const audit = await app.store.listAudit({ orgId: 'default', tenantId: 'default' }, { targetType: 'webhook', targetId: created.id, limit: 10 });
      expect(audit.map((e) => e.details.format).sort()).toEqual(['axonflow', 'slack']);
    });

    it('refuses an unknown format with 400 VALIDATION_FAILED naming the field and the formats', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { url: URL_A, format: 'teams' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body).toContain('format');
      expect(res.body).toContain('must be \\"axonflow\\" or \\"slack\\"');
      const created = await create({ url: URL_A });
      for (const format of ['json', '', 7, null]) {
        const bad = await app.inject({ method: 'PUT', url: `/api/v1/webhooks/${created.id}`, payload: { format } });
        expect(bad.statusCode, JSON.stringify(format)).toBe(400);
        expect(bad.json().code).toBe('VALIDATION_FAILED');
      }
      expect((await app.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}` })).json().format).toBe('axonflow');
    });

    it('answers bad input with 400 VALIDATION_FAILED naming the field', async () => {
      const cases: Record<string, unknown>[] = [
        { url: 'ftp://127.0.0.1/x' },
        { url: 'not a url' },
        { url: 'javascript:alert(1)' },
        { url: URL_A, events: [] },
        { url: URL_A, events: ['step.completed'] },
        { url: URL_A, secret: 'short' },
        { url: URL_A, surprise: true },
        {},
      ];
      for (const payload of cases) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/webhooks', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      const created = await create({ url: URL_A });
      const bad = await app.inject({ method: 'PUT', url: `/api/v1/webhooks/${created.id}`, payload: { url: 'file:///etc/passwd' } });
      expect(bad.statusCode).toBe(400);
      const badQuery = await app.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}/deliveries?status=lost` });
      expect(badQuery.statusCode).toBe(400);
      expect(badQuery.json().code).toBe('VALIDATION_FAILED');
      const badLimit = await app.inject({ method: 'GET', url: `/api/v1/webhooks/${created.id}/deliveries?limit=0` });
      expect(badLimit.statusCode).toBe(400);
    });

    it('lets admins write, operators read, test and redeliver, and viewers nothing', async () => {
      const created = await create({ url: URL_A });
      const url = `/api/v1/webhooks/${created.id}`;
      for (const headers of [viewer, operator]) {
        expect((await app.inject({ method: 'POST', url: '/api/v1/webhooks', payload: { url: URL_A }, headers })).statusCode).toBe(403);
        expect((await app.inject({ method: 'PUT', url, payload: { enabled: false }, headers })).statusCode).toBe(403);
        expect((await app.inject({ method: 'DELETE', url, headers })).statusCode).toBe(403);
      }
      for (const path of [url, '/api/v1/webhooks', `${url}/deliveries`]) {
        const denied = await app.inject({ method: 'GET', url: path, headers: viewer });
        expect(denied.statusCode).toBe(403);
        expect(denied.json().code).toBe('FORBIDDEN');
        expect((await app.inject({ method: 'GET', url: path, headers: operator })).statusCode).toBe(200);
      }
      expect((await app.inject({ method: 'POST', url: `${url}/test`, headers: viewer })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: `${url}/deliveries/dlv_x/redeliver`, headers: viewer })).statusCode).toBe(403);
      const missing = await app.inject({ method: 'POST', url: `${url}/deliveries/dlv_x/redeliver`, headers: operator });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    });

    it("treats another tenant's or org's webhook as absent (404), and lets an admin name a tenant of its org", async () => {
      const created = await create({ url: URL_A });
      const url = `/api/v1/webhooks/${created.id}`;
      for (const headers of [otherTenantAdmin, otherOrgAdmin]) {
        for (const [method, path, payload] of [
          ['GET', url],
          ['PUT', url, { enabled: false }],
          ['DELETE', url],
          ['GET', `${url}/deliveries`],
          ['POST', `${url}/test`],
          ['POST', `${url}/deliveries/dlv_x/redeliver`],
        ] as const) {
          const res = await app.inject({ method, url: path, headers, ...(payload ? { payload } : {}) });
          expect(res.statusCode, `${method} ${path}`).toBe(404);
          expect(res.json().code).toBe('WEBHOOK_NOT_FOUND');
        }
        const list = await app.inject({ method: 'GET', url: '/api/v1/webhooks', headers });
        expect(list.json().webhooks.map((w: { id: string }) => w.id)).not.toContain(created.id);
      }
      // An admin of the org reaches it with tenant_id; an operator cannot name another tenant.
      expect((await app.inject({ method: 'GET', url: `${url}?tenant_id=default`, headers: otherTenantAdmin })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: `/api/v1/webhooks?tenant_id=elsewhere`, headers: operator })).statusCode).toBe(403);
      // Another org's admin naming our tenant still reaches its own org only.
      expect((await app.inject({ method: 'GET', url: `${url}?tenant_id=default`, headers: otherOrgAdmin })).statusCode).toBe(404);
      const inOther = await create({ url: URL_A, tenant_id: 'elsewhere' });
      expect(inOther.tenant_id).toBe('elsewhere');
      expect((await app.inject({ method: 'GET', url: `/api/v1/webhooks/${inOther.id}`, headers: otherTenantAdmin })).statusCode).toBe(200);
    });

    it('deletes a webhook (204, audited), then answers 404 for it', async () => {
      const created = await create({ url: URL_A });
      const url = `/api/v1/webhooks/${created.id}`;
      expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(204);
      for (const method of ['GET', 'DELETE'] as const) {
        const res = await app.inject({ method, url });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'WEBHOOK_NOT_FOUND', details: { webhookId: created.id } });
      }
      const trail = await app.store.listAudit({ orgId: 'default', tenantId: 'default' }, { targetType: 'webhook', targetId: created.id, limit: 10 });
      expect(trail.map((e) => e.action).sort()).toEqual(['webhook.create', 'webhook.delete']);
    });

    it('refuses a test delivery for a disabled webhook with 409 WEBHOOK_DISABLED', async () => {
      const created = await create({ url: URL_A, enabled: false });
      const res = await app.inject({ method: 'POST', url: `/api/v1/webhooks/${created.id}/test`, headers: operator });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('WEBHOOK_DISABLED');
    });
  });
}
