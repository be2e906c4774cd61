/**
 * The approvals client against a live server on both stores, and the workflow helper waiting on a
 * reviewer: `run.step` follows the run's log with a long poll, so it resumes as soon as the step is
 * approved through the API, and a sweep that expires the approval ends it with ApprovalExpiredError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../test-support/fixed-clock.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { ApprovalExpiredError, AxonFlowClient } from './index.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

for (const harness of storeHarnesses()) {
  describe(`approvals client [${harness.kind}]`, () => {
    let live: LiveApp;
    let clock: FixedClock;
    let approver: AxonFlowClient;
    let agent: AxonFlowClient;
    let requests: string[];
    let onGate: (() => void) | undefined;

    beforeAll(async () => {
      clock = new FixedClock('2026-07-01T12:00:00.000Z');
      live = await startLiveApp(harness, { decisions: { 'payments.transfer': 'require_approval' }, clock, approvalTtlMs: 3_600_000 });
      approver = await live.client('approver');
      const credential = await live.app.credentials.create({ scope: SCOPE, role: 'operator' });
      requests = [];
      // Counts the agent's requests, and says when a gate has been answered.
      const watching: typeof fetch = async (input, init) => {
        const path = new URL(String(input)).pathname;
        requests.push(`${init?.method ?? 'GET'} ${path}`);
        const response = await fetch(input, init);
        if (path.endsWith('/gate')) queueMicrotask(() => onGate?.());
        return response;
      };
      agent = new AxonFlowClient({ endpoint: live.url, clientId: credential.credential.clientId, clientSecret: credential.clientSecret, fetch: watching });
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    const gated = () => new Promise<void>((resolve) => (onGate = resolve));

    it('resumes a waiting run.step the moment the step is approved through the WCP route', async () => {
      const run = await agent.workflows.start({ name: 'payouts-sdk' });
      const firstGate = gated();
      const before = requests.length;
      const step = run.step({ name: 'transfer', id: 'transfer', input: { amount: 9000 }, tool: { name: 'payments.transfer' } }, async () => 'tx-77');
      await firstGate;
      const pending = await approver.approvals.pending();
      const item = pending.pending_approvals.find((p) => p.workflow_id === run.id);
      expect(item).toMatchObject({ step_id: 'transfer', approval_status: 'pending', step_input: { amount: 9000 } });
      const answer = await approver.approvals.approveStep(run.id, 'transfer', 'vendor verified by phone');
      expect(answer.message).toBe('Step approved');
      expect(await step).toBe('tx-77');
      const [stored] = await live.store.listSteps(SCOPE, run.id);
      expect(stored).toMatchObject({ status: 'completed', approvalStatus: 'approved', approvedBy: (await approver.whoami()).client_id });
      await run.complete();
      // Waiting is a long poll that answers only when the log grows: at most one read per event
      // written (and the one still open), never a timer-driven loop.
      const made = requests.slice(before);
      expect(made.filter((r) => r.endsWith('/gate'))).toHaveLength(2);
      const written = (await live.store.readEvents(SCOPE, { executionId: run.id })).length;
      expect(made.filter((r) => r.startsWith('GET') && r.endsWith('/events')).length).toBeLessThanOrEqual(written + 1);
    });

    it('reads, lists and decides through the inbox, and bulk-rejects', async () => {
      const run = await agent.workflows.start({ name: 'payouts-inbox' });
      const gate = await agent.workflows.gate(run.id, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer' } });
      const approval = await approver.approvals.get(gate.approval_id!);
      expect(approval).toMatchObject({ status: 'pending', workflow_name: 'payouts-inbox', step_id: 'pay', sla_state: 'ok', on_reject: 'abort' });
      const listed = await approver.approvals.list({ workflow: 'payouts-inbox', status: 'pending' });
      expect(listed.approvals.map((a) => a.approval_id)).toEqual([gate.approval_id]);
      const dry = await approver.approvals.bulk({ action: 'reject', filter: { workflow: 'payouts-inbox' }, dry_run: true });
      expect(dry).toMatchObject({ count: 1, ids: [gate.approval_id] });
      const done = await approver.approvals.bulk({ action: 'reject', ids: [gate.approval_id!], reason: 'not this quarter, sorry' });
      expect(done.results).toEqual([{ approval_id: gate.approval_id, ok: true, status: 'rejected' }]);
      expect((await approver.approvals.get(gate.approval_id!)).execution_status).toBe('aborted');
    });

    it('ends a waiting run.step with ApprovalExpiredError when the sweeper expires its approval', async () => {
      const run = await agent.workflows.start({ name: 'payouts-expiring' });
      const firstGate = gated();
      const step = run.step({ name: 'transfer', tool: { name: 'payments.transfer' } }, async () => 'never');
      await firstGate;
      clock.advance(3_600_000);
      expect((await live.app.approvalSweeper.sweep()).expired).toBeGreaterThanOrEqual(1);
      await expect(step).rejects.toBeInstanceOf(ApprovalExpiredError);
      expect(await live.store.getExecution(SCOPE, run.id)).toMatchObject({ status: 'aborted' });
    });
  });
}
