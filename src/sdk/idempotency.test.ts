/**
 * Every write of the WCP and ingestion surfaces sent twice, as a client retrying after a lost
 * answer would: nothing is duplicated anywhere (runs, steps, usage, events, totals).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxonFlowError, type AxonFlowClient, type IngestEvent } from './index.js';
import { DomainError } from '../core/errors/domain-error.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

/** Both answers; an error (from the SDK or a service) is an answer too. */
async function twice<T>(send: () => Promise<T>): Promise<[T | AxonFlowError, T | AxonFlowError]> {
  const attempt = async () => {
    try {
      return await send();
    } catch (error) {
      if (AxonFlowError.is(error) || DomainError.is(error)) return error as AxonFlowError;
      throw error;
    }
  };
  return [await attempt(), await attempt()];
}

for (const harness of storeHarnesses()) {
  describe(`every write twice [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;
    const scope = { orgId: 'default', tenantId: 'idem' };

    beforeAll(async () => {
      live = await startLiveApp(harness, { decisions: { 'payments.transfer': 'require_approval' } });
      client = await live.client('operator', 'idem');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    async function counts(id: string) {
      const [execution, steps, usage, events, page] = await Promise.all([
        live.store.getExecution(scope, id),
        live.store.listSteps(scope, id),
        live.store.listUsage(scope, id),
        live.store.readEvents(scope, { executionId: id }),
        live.store.listExecutions(scope, { limit: 1000, offset: 0 }),
      ]);
      return { runs: page.total, steps: steps.length, usage: usage.length, events: events.length, tokensIn: execution?.tokensIn, costUsd: execution?.costUsd, completed: execution?.completedSteps };
    }

    it('WCP: create, gate, complete step, approve, complete: each twice', async () => {
      const [a, b] = await twice(() => client.workflows.create({ workflow_name: 'payouts' }, { idempotencyKey: 'order-7781' }));
      const id = (a as { workflow_id: string }).workflow_id;
      expect((b as { workflow_id: string }).workflow_id).toBe(id);
      const reused = await client.workflows.create({ workflow_name: 'other' }, { idempotencyKey: 'order-7781' }).catch((e: AxonFlowError) => e);
      expect((reused as AxonFlowError).code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await counts(id)).runs).toBe(1);

      const gates = await twice(() => client.workflows.gate(id, 'draft', { step_type: 'llm_call', provider: 'openai', model: 'gpt-4o', step_input: { n: 1 } }));
      expect(gates.map((g) => (g as { decision: string }).decision)).toEqual(['allow', 'allow']);
      await twice(() => client.workflows.completeStep(id, 'draft', { output: 'hello', tokens_in: 1000, tokens_out: 100 }));
      const afterDraft = await counts(id);
      expect(afterDraft).toMatchObject({ steps: 1, usage: 1, tokensIn: 1000, costUsd: 0.0035, completed: 1 });

      const held = await client.workflows.gate(id, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer' } });
      const decisions = await twice(() => live.app.approvals.decide(scope, held.approval_id!, 'approved', 'lead', 'checked twice'));
      expect((decisions[1] as unknown as { code: string }).code).toBe('APPROVAL_NOT_PENDING');
      expect(await live.store.listApprovals(scope, id)).toHaveLength(1);

      const ends = await twice(() => client.workflows.complete(id));
      expect((ends[1] as AxonFlowError).code).toBe('WORKFLOW_TERMINAL');
      const final = await counts(id);
      expect(final).toMatchObject({ runs: 1, steps: 2, usage: 1, tokensIn: 1000, costUsd: 0.0035 });
      const types = (await live.store.readEvents(scope, { executionId: id })).map((e) => e.type);
      expect(types.filter((t) => t === 'execution.created')).toHaveLength(1);
      expect(types.filter((t) => t === 'approval.decided')).toHaveLength(1);
      expect(types.filter((t) => t === 'execution.completed')).toHaveLength(1);
    });

    it('cancel twice: the second is refused and nothing is written again', async () => {
      const { workflow_id: id } = await client.workflows.create({ workflow_name: 'long' });
      const results = await twice(() => live.app.cancels.cancel(scope, id, 'stop', 'ops'));
      expect((results[1] as unknown as { code: string }).code).toBe('EXECUTION_TERMINAL');
      const types = (await live.store.readEvents(scope, { executionId: id })).map((e) => e.type);
      expect(types).toEqual(['execution.created', 'execution.cancel_requested', 'execution.cancelled']);
    });

    it('ingestion: a whole batch twice, and each event of it twice within one batch', async () => {
      const batch: IngestEvent[] = [
        { type: 'execution.started', event_id: 'i1', execution_id: 'ing', workflow_name: 'reported' },
        { type: 'step.started', event_id: 'i2', execution_id: 'ing', step_id: 's' },
        { type: 'llm.call', event_id: 'i3', execution_id: 'ing', step_id: 's', provider: 'openai', model: 'gpt-4o-mini', tokens_in: 1000, tokens_out: 1000, latency_ms: 300, status: 'ok' },
        { type: 'retry.attempt', event_id: 'i4', execution_id: 'ing', step_id: 's', attempt: 1, error: { message: 'x' } },
        { type: 'connector.call', event_id: 'i5', execution_id: 'ing', step_id: 's', connector: 'c', operation: 'o', latency_ms: 1, status: 'ok' },
        { type: 'step.completed', event_id: 'i6', execution_id: 'ing', step_id: 's', output: 1 },
        { type: 'execution.completed', event_id: 'i7', execution_id: 'ing' },
      ];
      const [first, second] = await twice(() => client.events.send(batch));
      expect(first).toMatchObject({ accepted: 7, duplicates: 0 });
      expect(second).toMatchObject({ accepted: 0, duplicates: 7 });
      const doubled = await client.events.send(batch.flatMap((e) => [e, e]));
      expect(doubled).toMatchObject({ accepted: 0, duplicates: 14, rejected: 0 });
      expect(await counts('ing')).toMatchObject({ steps: 1, usage: 1, events: 7, tokensIn: 1000, costUsd: 0.00075 });
      expect(await live.store.getExecution(scope, 'ing')).toMatchObject({ retryCount: 1, connectorCalls: 1, providerCalls: 1 });
    });
  });
}
