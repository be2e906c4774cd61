/** The SDK usage client over HTTP: totals and breakdowns of reported LLM calls, and typed refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import type { AxonFlowClient } from './axonflow-client.js';
import { PermissionDeniedError, ValidationError } from './errors.js';
import { reportLlmCall as reportCall } from '../test-support/report-llm-call.js';

for (const harness of storeHarnesses()) {
  describe(`SDK usage client [${harness.kind}]`, () => {
    let live: LiveApp;
    let operator: AxonFlowClient;
    beforeAll(async () => {
      live = await startLiveApp(harness);
      operator = await live.client('operator');
      await reportCall(operator, 'usage-1', 'support', 'openai', 'gpt-4o', 0.5, [1000, 500]);
      await reportCall(operator, 'usage-2', 'refund', 'anthropic', 'claude-sonnet-4', 1.5, [2000, 600]);
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('totals the current month and breaks it down, most expensive first', async () => {
      const totals = await operator.usage.summary();
      expect(totals).toMatchObject({ period: 'monthly', cost_usd: 2, tokens_in: 3000, tokens_out: 1100, total_tokens: 4100, request_count: 2, tenant_id: 'default' });
      const byWorkflow = await operator.usage.breakdown('workflow', { period: 'daily' });
      expect(byWorkflow.items.map((i) => [i.group_value, i.cost_usd, i.percentage])).toEqual([
        ['refund', 1.5, 75],
        ['support', 0.5, 25],
      ]);
      expect((await operator.usage.summary({ provider: 'openai' })).cost_usd).toBe(0.5);
    });

    it('maps refusals to typed errors', async () => {
      await expect(operator.usage.breakdown('tenant')).rejects.toBeInstanceOf(PermissionDeniedError);
      await expect(operator.usage.summary({ startTime: 'yesterday' })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
