/** The SDK pricing client over HTTP: effective prices, a resolved model, overrides set and removed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import type { AxonFlowClient } from './axonflow-client.js';
import { PermissionDeniedError } from './errors.js';

for (const harness of storeHarnesses()) {
  describe(`SDK pricing client [${harness.kind}]`, () => {
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

    it('reads built-in prices, resolves a model, and sets and removes an override', async () => {
      const all = await admin.pricing.get();
      expect(all.count).toBeGreaterThan(3);
      expect((await admin.pricing.get({ provider: 'openai', model: 'gpt-4o' })).resolved).toMatchObject({ priced_as: 'gpt-4o', source: 'built_in', input_per_1k: 0.0025 });
      await admin.pricing.set({ providers: { openai: { 'gpt-4o': { input_per_1k: 0.002, output_per_1k: 0.008 } } } });
      expect((await admin.pricing.get({ provider: 'openai', model: 'gpt-4o' })).resolved).toMatchObject({ source: 'override', input_per_1k: 0.002 });
      await admin.pricing.deleteOverride('openai', 'gpt-4o');
      expect((await admin.pricing.get({ provider: 'openai', model: 'gpt-4o' })).resolved?.source).toBe('built_in');
    });

    it('refuses overrides from roles below admin', async () => {
      const operator = await live.client('operator');
      await expect(operator.pricing.set({ providers: { x: { y: { input_per_1k: 1, output_per_1k: 1 } } } })).rejects.toBeInstanceOf(PermissionDeniedError);
    });
  });
}
