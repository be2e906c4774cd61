/** POST /api/v1/events through the SDK, on both stores: every event type, per-item answers, retries. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxonFlowClient, IngestEvent } from './index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

/** A support-triage crew as a reporting orchestrator would describe it. */
function crewRun(id: string): IngestEvent[] {
  return [
    { type: 'execution.started', event_id: `${id}-1`, execution_id: id, workflow_name: 'support-triage', source: 'crewai', trace_id: `t-${id}`, input: { ticket: 'Refund for order 1182?' }, at: '2026-05-01T09:00:00.000Z' },
    { type: 'step.started', event_id: `${id}-2`, execution_id: id, step_id: 'triage', step_name: 'triage ticket', step_type: 'llm_call', agent_id: 'triage-agent', input: { text: 'Refund for order 1182?' } },
    { type: 'llm.call', event_id: `${id}-3`, execution_id: id, step_id: 'triage', provider: 'anthropic', model: 'claude-sonnet-4', tokens_in: 2000, tokens_out: 300, tokens_cached: 1000, latency_ms: 1800, status: 'ok' },
    { type: 'step.completed', event_id: `${id}-4`, execution_id: id, step_id: 'triage', output: { intent: 'refund' } },
    { type: 'agent.handoff', event_id: `${id}-5`, execution_id: id, step_id: 'lookup', agent_id: 'billing-agent', parent_step_id: 'triage', step_name: 'look up order' },
    { type: 'step.started', event_id: `${id}-6`, execution_id: id, step_id: 'lookup', step_type: 'connector_call', input: { order: 1182 } },
    { type: 'connector.call', event_id: `${id}-7`, execution_id: id, step_id: 'lookup', connector: 'orders-db', operation: 'get_order', latency_ms: 2400, status: 'error', error: 'timeout after 2s', error_type: 'timeout' },
    { type: 'retry.attempt', event_id: `${id}-8`, execution_id: id, step_id: 'lookup', attempt: 1, error: { message: 'timeout after 2s', source: 'connector' }, backoff_ms: 500 },
    { type: 'connector.call', event_id: `${id}-9`, execution_id: id, step_id: 'lookup', connector: 'orders-db', operation: 'get_order', latency_ms: 140, status: 'ok' },
    { type: 'step.completed', event_id: `${id}-10`, execution_id: id, step_id: 'lookup', output: { amount: 49.9 } },
    { type: 'step.started', event_id: `${id}-11`, execution_id: id, step_id: 'draft', step_type: 'llm_call' },
    { type: 'llm.call', event_id: `${id}-12`, execution_id: id, step_id: 'draft', provider: 'openai', model: 'gpt-4o-mini', tokens_in: 900, tokens_out: 200, latency_ms: 700, status: 'error', error: '429 rate limited', cost_usd: 0 },
    { type: 'step.failed', event_id: `${id}-13`, execution_id: id, step_id: 'draft', error: { message: 'provider rate limited', source: 'provider', code: '429' } },
    { type: 'execution.failed', event_id: `${id}-14`, execution_id: id, error: { message: 'draft step failed', source: 'provider' }, step_id: 'draft', at: '2026-05-01T09:00:09.000Z' },
  ];
}

for (const harness of storeHarnesses()) {
  describe(`event ingestion through the SDK [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;

    beforeAll(async () => {
      live = await startLiveApp(harness);
      client = await live.client('operator');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('records every event type of a multi-agent run with exact tokens, cost, attempts, connectors and the agent tree', async () => {
      const answer = await client.events.send(crewRun('crew-1'));
      expect(answer).toMatchObject({ accepted: 14, duplicates: 0, rejected: 0 });
      expect(answer.results.map((r) => r.seq)).toEqual([...answer.results.map((r) => r.seq)].sort((a, b) => a! - b!));
      const execution = await live.store.getExecution(SCOPE, 'crew-1');
      expect(execution).toMatchObject({
        executionType: 'reported',
        name: 'support-triage',
        source: 'crewai',
        traceId: 't-crew-1',
        status: 'failed',
        durationMs: 9000,
        failureClass: 'provider_failure',
        failureStep: 'draft',
        retryCount: 1,
        connectorErrors: 1,
        providerErrors: 1,
        tokensIn: 2900,
        tokensOut: 500,
        tokensCached: 1000,
      });
      // claude-sonnet-4: 1,000 fresh input tokens at $0.003/1K, 1,000 cached at 10% of that, 300 output at $0.015/1K.
      expect(execution!.costUsd).toBeCloseTo(0.003 + 0.0003 + 0.0045, 9);
      const steps = await live.store.listSteps(SCOPE, 'crew-1');
      expect(steps.map((s) => [s.stepId, s.status, s.agentId ?? null, s.parentStepId ?? null])).toEqual([
        ['triage', 'completed', 'triage-agent', null],
        ['lookup', 'completed', 'billing-agent', 'triage'],
        ['draft', 'failed', null, null],
      ]);
      const lookup = steps[1]!;
      expect(lookup).toMatchObject({ name: 'look up order', stepType: 'connector_call', input: { order: 1182 }, output: { amount: 49.9 } });
      expect(lookup.attempts).toEqual([{ attempt: 1, at: expect.any(String), outcome: 'error', error: { message: 'timeout after 2s', source: 'connector' }, backoffMs: 500 }]);
      expect(lookup.connectorCalls.map((c) => [c.outcome, c.latencyMs, c.errorType ?? null])).toEqual([
        ['error', 2400, 'timeout'],
        ['ok', 140, null],
      ]);
      expect(steps[0]!.providerCalls[0]).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4', latencyMs: 1800, tokensCached: 1000 });
      expect(steps[2]!.error).toEqual({ message: 'provider rate limited', source: 'provider', code: '429' });
    });

    it('changes nothing when the same batch is sent again, and says so per item', async () => {
      const batch = crewRun('crew-2');
      const first = await client.events.send(batch);
      const before = { execution: await live.store.getExecution(SCOPE, 'crew-2'), steps: await live.store.listSteps(SCOPE, 'crew-2'), usage: await live.store.listUsage(SCOPE, 'crew-2') };
      const second = await client.events.send(batch);
      expect(second).toMatchObject({ accepted: 0, duplicates: 14, rejected: 0 });
      expect(second.results.map((r) => r.seq)).toEqual(first.results.map((r) => r.seq));
      expect(await live.store.getExecution(SCOPE, 'crew-2')).toEqual(before.execution);
      expect(await live.store.listSteps(SCOPE, 'crew-2')).toEqual(before.steps);
      expect(await live.store.listUsage(SCOPE, 'crew-2')).toEqual(before.usage);
      expect(await live.store.readEvents(SCOPE, { executionId: 'crew-2' })).toHaveLength(14);
    });

    it('keeps the good items of a batch with bad ones and answers each bad one with its code', async () => {
      const answer = await client.events.send([
        { type: 'execution.started', event_id: 'g1', execution_id: 'mixed', workflow_name: 'mixed' },
        { type: 'step.started', event_id: 'g2', execution_id: 'mixed', step_id: 's1' },
        { type: 'llm.call', event_id: 'b1', execution_id: 'mixed', provider: 'openai', model: 'gpt-4o', tokens_in: -5, tokens_out: 1, latency_ms: 1, status: 'ok' },
        { type: 'teleport', event_id: 'b2', execution_id: 'mixed' } as never,
        { type: 'step.completed', event_id: 'b3', execution_id: 'never-started', step_id: 's1' },
        { type: 'execution.started', event_id: 'b4', execution_id: 'mixed', workflow_name: 'again' },
        'not an object' as never,
        { type: 'step.started', event_id: 'g2', execution_id: 'mixed', step_id: 'other' },
        { type: 'step.completed', event_id: 'g3', execution_id: 'mixed', step_id: 's1', output: 'done' },
      ]);
      expect(answer.results.map((r) => [r.index, r.status, r.error?.code ?? null])).toEqual([
        [0, 'accepted', null],
        [1, 'accepted', null],
        [2, 'rejected', 'VALIDATION_FAILED'],
        [3, 'rejected', 'VALIDATION_FAILED'],
        [4, 'rejected', 'EXECUTION_NOT_FOUND'],
        [5, 'rejected', 'EXECUTION_ALREADY_EXISTS'],
        [6, 'rejected', 'VALIDATION_FAILED'],
        [7, 'rejected', 'EVENT_ID_CONFLICT'],
        [8, 'accepted', null],
      ]);
      expect(answer.results[2]!.error!.message).toContain('tokens_in');
      expect(answer.results[2]).toMatchObject({ event_id: 'b1', execution_id: 'mixed' });
      expect(await live.store.getExecution(SCOPE, 'mixed')).toMatchObject({ name: 'mixed', completedSteps: 1, eventCount: 3 });
      expect(await live.store.getExecution(SCOPE, 'never-started')).toBeUndefined();
    });

    it('refuses a malformed batch as a whole: not an array, empty, or over 1,000 events', async () => {
      const http = client.http;
      for (const body of [{ events: 'x' }, { events: [] }, { events: Array.from({ length: 1001 }, () => ({})) }, {}]) {
        await expect(http.request('POST', '/api/v1/events', { body })).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('splits more than 1,000 events into batches the server accepts', async () => {
      const events: IngestEvent[] = [{ type: 'execution.started', event_id: 'big-0', execution_id: 'big', workflow_name: 'bulk' }];
      for (let i = 1; i <= 1500; i++) events.push({ type: 'connector.call', event_id: `big-${i}`, execution_id: 'big', connector: 'search', operation: 'query', latency_ms: i % 50, status: 'ok' });
      const answer = await client.events.send(events);
      expect(answer).toMatchObject({ accepted: 1501, rejected: 0 });
      expect(answer.results.map((r) => r.index)).toEqual(events.map((_, i) => i));
      expect(await live.store.getExecution(SCOPE, 'big')).toMatchObject({ connectorCalls: 1500 });
    });

    it('lets a client follow a run: events after a cursor, and a long poll that returns when the next event lands', async () => {
      await client.events.send([{ type: 'execution.started', event_id: 'f1', execution_id: 'follow', workflow_name: 'follow-me' }]);
      const first = await client.executions.events('follow');
      expect(first.events.map((e) => e.type)).toEqual(['execution.created']);
      expect(first.events[0]!.data).toMatchObject({ execution_type: 'reported', name: 'follow-me' });
      const waiting = client.executions.events('follow', { afterSeq: first.last_seq, waitMs: 10_000 });
      setTimeout(() => void client.events.send([{ type: 'step.started', event_id: 'f2', execution_id: 'follow', step_id: 'x', input: { keepCase: true } }]), 150);
      const started = Date.now();
      const next = await waiting;
      expect(Date.now() - started).toBeLessThan(5000);
      expect(next.events.map((e) => [e.type, e.data.step_id])).toEqual([['step.started', 'x']]);
      expect(next.events[0]!.data.input).toEqual({ keepCase: true });
      const empty = await client.executions.events('follow', { afterSeq: next.last_seq, waitMs: 200 });
      expect(empty).toMatchObject({ events: [], last_seq: next.last_seq, status: 'running' });
      await expect(client.executions.events('no-such-run')).rejects.toMatchObject({ status: 404, code: 'EXECUTION_NOT_FOUND' });
    });
  });
}
