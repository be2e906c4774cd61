/** The workflow helper against a live server on both stores: gates, approvals, cancel, retries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AxonFlowClient,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ConnectorError,
  ProviderError,
  RunCancelledError,
  StepBlockedError,
} from './index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

for (const harness of storeHarnesses()) {
  describe(`workflow helper [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;
    let requests: string[];

    beforeAll(async () => {
      live = await startLiveApp(harness, { decisions: { 'db.drop_table': 'block', 'payments.transfer': 'require_approval' } });
      const credential = await live.app.credentials.create({ scope: SCOPE, role: 'operator' });
      requests = [];
      const counting: typeof fetch = (input, init) => {
        requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      };
      client = new AxonFlowClient({ endpoint: live.url, clientId: credential.credential.clientId, clientSecret: credential.clientSecret, fetch: counting });
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('gates, runs and completes steps, recording LLM calls, usage and output', async () => {
      const run = await client.workflows.start({ name: 'research-agent', traceId: 'trace-r1', metadata: { team: 'growth' } });
      const plan = await run.step({ name: 'Plan search', provider: 'openai', model: 'gpt-4o', input: { topic: 'pricing pages' } }, async (signal, ctx) => {
        expect(signal.aborted).toBe(false);
        ctx.recordLlmCall({ tokensIn: 1200, tokensOut: 300, latencyMs: 900 });
        return { queries: ['saas pricing'] };
      });
      expect(plan).toEqual({ queries: ['saas pricing'] });
      await run.step({ name: 'Search', tool: { name: 'web.search', input: { q: 'saas pricing' } } }, async (_signal, ctx) => {
        ctx.setUsage({ tokensIn: 0, tokensOut: 0, costUsd: 0.002 });
        return ['a', 'b'];
      });
      await run.complete({ summary: 'done' });
      const steps = await live.store.listSteps(SCOPE, run.id);
      expect(steps.map((s) => [s.stepId, s.stepType, s.status])).toEqual([
        ['plan-search-1', 'llm_call', 'completed'],
        ['search-2', 'tool_call', 'completed'],
      ]);
      expect(steps[0]).toMatchObject({ tokensIn: 1200, tokensOut: 300, costUsd: 0.006, input: { topic: 'pricing pages' }, output: { queries: ['saas pricing'] } });
      expect(steps[1]).toMatchObject({ costUsd: 0.002, tool: { name: 'web.search' } });
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'completed', traceId: 'trace-r1', costUsd: 0.008, output: { summary: 'done' } });
    });

    it('throws StepBlockedError with the matched policies when a gate blocks', async () => {
      const run = await client.workflows.start({ name: 'cleanup' });
      let ran = false;
      const attempt = run.step({ name: 'drop', tool: { name: 'db.drop_table' } }, () => (ran = true));
      await expect(attempt).rejects.toBeInstanceOf(StepBlockedError);
      await expect(attempt).rejects.toMatchObject({ policies: [{ policy_id: 'pol-block', action: 'block' }] });
      expect(ran).toBe(false);
      await run.abort('blocked by policy');
    });

    it('waits for an approval without polling in a loop, then runs the step', async () => {
      const run = await client.workflows.start({ name: 'payouts' });
      const before = requests.length;
      let approvalId: string | undefined;
      setTimeout(async () => {
        const [step] = await live.store.listSteps(SCOPE, run.id);
        approvalId = step?.approvalId;
        await live.app.approvals.decide(SCOPE, approvalId!, 'approved', 'finance-lead', 'vendor verified by phone');
      }, 1500);
      const started = Date.now();
      const result = await run.step({ name: 'transfer', tool: { name: 'payments.transfer', input: { amount: 9000 } } }, async () => 'tx-42');
      expect(result).toBe('tx-42');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      // Create, gate, re-gate, complete, and one long poll per batch of new events: a handful of
      // requests over 1.5 s. Polling on a timer (every 100 ms, say) would make 15 or more.
      const made = requests.slice(before);
      expect(made.length).toBeLessThanOrEqual(12);
      expect(made.filter((r) => r.endsWith('/gate'))).toHaveLength(2);
      const [step] = await live.store.listSteps(SCOPE, run.id);
      expect(step).toMatchObject({ status: 'completed', approvalStatus: 'approved', approvedBy: 'finance-lead', approvalId });
      await run.complete();
    });

    it('throws ApprovalRejectedError when a reviewer rejects, and the run is aborted', async () => {
      const run = await client.workflows.start({ name: 'payouts' });
      setTimeout(async () => {
        const [step] = await live.store.listSteps(SCOPE, run.id);
        await live.app.approvals.decide(SCOPE, step!.approvalId!, 'rejected', 'finance-lead', 'amount exceeds the contract');
      }, 300);
      const attempt = run.step({ name: 'transfer', tool: { name: 'payments.transfer' } }, async () => 'never');
      await expect(attempt).rejects.toBeInstanceOf(ApprovalRejectedError);
      await expect(attempt).rejects.toThrow('rejected by finance-lead: amount exceeds the contract');
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'aborted', failureClass: 'policy_block' });
    });

    it('throws ApprovalExpiredError when the approval expires', async () => {
      const run = await client.workflows.start({ name: 'payouts' });
      setTimeout(async () => {
        const [step] = await live.store.listSteps(SCOPE, run.id);
        // Expiry sweeps land with the approvals inbox; here the expiry is written as the sweep will write it.
        const result = await live.store.append(SCOPE, {
          executionId: run.id,
          decide: () => [
            { type: 'approval.expired', data: { approvalId: step!.approvalId!, stepId: step!.stepId } },
            { type: 'execution.aborted', data: { reason: 'approval expired' } },
          ],
        });
        await live.app.bus.publish({ ...SCOPE, executionId: run.id, seq: result.events[1]!.event.seq });
      }, 300);
      await expect(run.step({ name: 'transfer', tool: { name: 'payments.transfer' } }, async () => 'never')).rejects.toBeInstanceOf(ApprovalExpiredError);
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'aborted', failureClass: 'approval_pending' });
    });

    it('aborts the signal of a step in flight within 1 s of an operator cancelling the run', async () => {
      const run = await client.workflows.start({ name: 'long-report' });
      let cancelledAt = 0;
      let abortedAt = 0;
      const attempt = run.step({ name: 'write report', model: 'gpt-4o', provider: 'openai' }, (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            abortedAt = Date.now();
            reject(signal.reason);
          });
          setTimeout(async () => {
            cancelledAt = Date.now();
            await live.app.cancels.cancel(SCOPE, run.id, 'customer withdrew the request', 'ops@example.com');
          }, 300);
        }),
      );
      await expect(attempt).rejects.toBeInstanceOf(RunCancelledError);
      expect(abortedAt - cancelledAt).toBeLessThan(1000);
      expect(abortedAt).toBeGreaterThan(0);
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'cancelled', failureClass: 'cancelled', failureReason: 'customer withdrew the request' });
      await expect(run.step({ name: 'next' }, () => 1)).rejects.toBeInstanceOf(RunCancelledError);
    });

    it('retries a failing step, recording each failed attempt, until it succeeds', async () => {
      const run = await client.workflows.start({ name: 'flaky' });
      let tries = 0;
      const value = await run.step({ name: 'summarise', provider: 'anthropic', model: 'claude-sonnet-4', retry: { maxAttempts: 3, backoffMs: 20 } }, (_signal, ctx) => {
        tries++;
        if (ctx.attempt < 3) throw new ProviderError(`529 overloaded (attempt ${ctx.attempt})`);
        return 'ok';
      });
      expect([value, tries]).toEqual(['ok', 3]);
      const [step] = await live.store.listSteps(SCOPE, run.id);
      expect(step!.attempts.map((a) => [a.attempt, a.error?.source, a.error?.message, a.backoffMs])).toEqual([
        [1, 'provider', '529 overloaded (attempt 1)', 20],
        [2, 'provider', '529 overloaded (attempt 2)', 40],
      ]);
      expect(step!.status).toBe('completed');
      await run.complete();
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'completed', retryCount: 2 });
    });

    it('records the final failure of a step and fails the run with the right class', async () => {
      const run = await client.workflows.start({ name: 'crm-sync' });
      const attempt = run.step({ name: 'push contact', tool: { name: 'crm.upsert' }, retry: { maxAttempts: 2, backoffMs: 10 } }, () => {
        throw new ConnectorError('CRM answered 502');
      });
      await expect(attempt).rejects.toThrow('CRM answered 502');
      await run.fail(new Error('could not sync the contact'));
      const [step] = await live.store.listSteps(SCOPE, run.id);
      expect(step).toMatchObject({ status: 'failed', error: { message: 'CRM answered 502', source: 'connector', type: 'Error' } });
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'failed', failureClass: 'connector_failure', retryCount: 1 });
    });
  });
}
