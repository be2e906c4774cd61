/** The SDK webhooks client over HTTP: create (secret once), list, get, update, delete, errors by code, another tenant via tenantId. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import type { AxonFlowClient } from './axonflow-client.js';
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';

// Loopback port 9: these tests write no events, so nothing is ever sent there.
const URL = 'http://127.0.0.1:9/hook';

for (const harness of storeHarnesses()) {
  describe(`SDK webhooks client [${harness.kind}]`, () => {
    let live: LiveApp;
    let admin: AxonFlowClient;
    beforeAll(async () => {
      live = await startLiveApp(harness);
      admin = await live.client('admin');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('creates, lists, reads, updates and deletes a webhook; the secret comes back once', async () => {
      const created = await admin.webhooks.create({ url: URL, events: ['execution.failed'], description: 'pager' });
      expect(created.secret).toMatch(/^whsec_/);
      expect((await admin.webhooks.list()).webhooks.map((w) => w.id)).toContain(created.id);
      const read = await admin.webhooks.get(created.id);
      expect(read).toMatchObject({ id: created.id, events: ['execution.failed'], format: 'axonflow', secret_hint: created.secret_hint });
      expect(read).not.toHaveProperty('secret');
      expect(await admin.webhooks.update(created.id, { description: 'pager duty' })).toMatchObject({ description: 'pager duty', events: ['execution.failed'], format: 'axonflow' });
      expect(await admin.webhooks.update(created.id, { format: 'slack' })).toMatchObject({ format: 'slack', description: 'pager duty' });
      expect((await admin.webhooks.get(created.id)).format).toBe('slack');
      expect((await admin.webhooks.deliveries(created.id)).deliveries).toEqual([]);
      await admin.webhooks.delete(created.id);
      await expect(admin.webhooks.get(created.id)).rejects.toMatchObject({ code: 'WEBHOOK_NOT_FOUND' });
      await expect(admin.webhooks.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('maps refusals to typed errors with stable codes', async () => {
      await expect(admin.webhooks.create({ url: 'ftp://127.0.0.1/x' })).rejects.toBeInstanceOf(ValidationError);
      const operator = await live.client('operator');
      await expect(operator.webhooks.create({ url: URL })).rejects.toBeInstanceOf(PermissionDeniedError);
      const off = await admin.webhooks.create({ url: URL, enabled: false });
      await expect(operator.webhooks.test(off.id)).rejects.toBeInstanceOf(ConflictError);
      await expect(operator.webhooks.redeliver(off.id, 'dlv_missing')).rejects.toMatchObject({ code: 'WEBHOOK_DISABLED' });
    });

    it('lets an admin act on another tenant of the org with tenantId', async () => {
      const created = await admin.webhooks.create({ url: URL, tenant_id: 'branch' });
      expect(created.tenant_id).toBe('branch');
      await expect(admin.webhooks.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await admin.webhooks.get(created.id, { tenantId: 'branch' })).id).toBe(created.id);
      expect((await admin.webhooks.list({ tenantId: 'branch' })).count).toBe(1);
      await admin.webhooks.delete(created.id, { tenantId: 'branch' });
      expect((await admin.webhooks.list({ tenantId: 'branch' })).count).toBe(0);
    });
  });
}
