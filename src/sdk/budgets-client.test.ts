/** The SDK budgets client over HTTP: create, read, update, status against recorded spend, alerts, check, delete. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import type { AxonFlowClient } from './axonflow-client.js';
import { ConflictError, NotFoundError, PermissionDeniedError } from './errors.js';
import { reportLlmCall as reportCall } from '../test-support/report-llm-call.js';

for (const harness of storeHarnesses()) {
  describe(`SDK budgets client [${harness.kind}]`, () => {
    let live: LiveApp;
    let admin: AxonFlowClient;
    beforeAll(async () => {
      live = await startLiveApp(harness);
      admin = await live.client('admin');
      await reportCall(admin, 'budget-1', 'support', 'openai', 'gpt-4o', 4, [1000, 500]);
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('creates, lists, reads, updates and deletes a budget; status counts the spend', async () => {
      const created = await admin.budgets.create({ id: 'support-monthly', name: 'Support', scope: 'workflow', scope_id: 'support', limit_usd: 5, period: 'monthly', alert_thresholds: [50] });
      expect(created).toMatchObject({ id: 'support-monthly', on_exceed: 'warn', enabled: true, tenant_id: 'default' });
      await expect(admin.budgets.create({ id: 'support-monthly', name: 'Again', scope: 'tenant', limit_usd: 1, period: 'daily' })).rejects.toBeInstanceOf(ConflictError);
      expect((await admin.budgets.list({ scope: 'workflow' })).budgets.map((b) => b.id)).toEqual(['support-monthly']);
      expect((await admin.budgets.get('support-monthly')).limit_usd).toBe(5);

      const status = await admin.budgets.status('support-monthly');
      expect(status).toMatchObject({ used_usd: 4, remaining_usd: 1, percentage: 80, is_exceeded: false });
      expect((await admin.budgets.alerts('support-monthly')).alerts.map((a) => a.threshold)).toEqual([50]);
      expect(await admin.budgets.check({ workflow: 'support', estimated_cost_usd: 2 })).toMatchObject({ allowed: true, budget_id: 'support-monthly', action: 'warn' });

      expect((await admin.budgets.update('support-monthly', { limit_usd: 3, on_exceed: 'block' })).limit_usd).toBe(3);
      expect(await admin.budgets.check({ workflow: 'support' })).toMatchObject({ allowed: false, action: 'block' });
      await admin.budgets.delete('support-monthly');
      await expect(admin.budgets.get('support-monthly')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses writes to roles below admin', async () => {
      const viewer = await live.client('viewer');
      await expect(viewer.budgets.create({ name: 'x', scope: 'tenant', limit_usd: 1, period: 'daily' })).rejects.toBeInstanceOf(PermissionDeniedError);
    });
  });
}
