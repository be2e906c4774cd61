/**
 * Approval expiry and SLA escalation over HTTP on both stores, with a clock the test moves: the
 * sweeper expires (never rejects) and aborts the run, records an SLA breach once, deciding after
 * expiry is a 409 that writes nothing, and approvals pending across a restart still expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxonFlowError, type AxonFlowClient } from '../../sdk/index.js';
import { approvalPolicies, TRANSFER_SLA_MS, TRANSFER_TTL_MS } from '../../test-support/approval-policies.js';
import { FixedClock } from '../../test-support/fixed-clock.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { storeHarnesses } from '../../test-support/store-harness.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };
const MINUTE = 60_000;

async function failure(promise: Promise<unknown>): Promise<AxonFlowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AxonFlowError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function hold(operator: AxonFlowClient, tool = 'payments.transfer', name = 'payouts') {
  const { workflow_id: workflowId } = await operator.workflows.create({ workflow_name: name });
  const gate = await operator.workflows.gate(workflowId, 'pay', { step_type: 'tool_call', tool_context: { tool_name: tool } });
  return { workflowId, approvalId: gate.approval_id! };
}

for (const harness of storeHarnesses()) {
  describe(`approval expiry and SLA [${harness.kind}]`, () => {
    let live: LiveApp;
    let clock: FixedClock;
    let operator: AxonFlowClient;
    let approver: AxonFlowClient;

    beforeAll(async () => {
      clock = new FixedClock('2026-03-01T09:00:00.000Z');
      live = await startLiveApp(harness, { filePolicies: approvalPolicies(), clock });
      operator = await live.client('operator');
      approver = await live.client('approver');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    const typesOf = async (workflowId: string) => (await live.store.readEvents(SCOPE, { executionId: workflowId })).map((e) => e.type);

    it('records an SLA breach once, shows it in lists, then expires the approval and aborts the run', async () => {
      const { workflowId, approvalId } = await hold(operator, 'payments.transfer', 'sla-and-expiry');
      clock.advance(TRANSFER_SLA_MS - 1);
      expect(await live.app.approvalSweeper.sweep()).toMatchObject({ slaBreached: 0, expired: 0 });
      clock.advance(1);
      expect((await approver.approvals.list({ workflow: 'sla-and-expiry', sla: 'breached' })).approvals.map((a) => a.approval_id)).toEqual([approvalId]);
      expect((await live.app.approvalSweeper.sweep()).slaBreached).toBe(1);
      expect((await live.app.approvalSweeper.sweep()).slaBreached).toBe(0);
      const breached = await approver.approvals.get(approvalId);
      expect(breached).toMatchObject({ status: 'pending', sla_state: 'breached', sla_breached_at: '2026-03-01T09:10:00.000Z' });
      expect((await approver.approvals.pending(100)).pending_approvals.find((p) => p.approval_id === approvalId)?.sla_state).toBe('breached');
      expect((await approver.approvals.list({ workflow: 'sla-and-expiry', sla: 'ok' })).approvals).toEqual([]);

      clock.advance(TRANSFER_TTL_MS - TRANSFER_SLA_MS);
      // Past expiry but not yet swept: deciding is a 409 and writes nothing.
      const before = await typesOf(workflowId);
      expect(await failure(approver.approvals.approveStep(workflowId, 'pay', 'approved a little too late'))).toMatchObject({ status: 409, code: 'APPROVAL_EXPIRED' });
      expect(await failure(approver.approvals.reject(approvalId, 'rejected a little too late'))).toMatchObject({ status: 409, code: 'APPROVAL_EXPIRED' });
      expect(await typesOf(workflowId)).toEqual(before);
      expect((await approver.approvals.pending(100)).pending_approvals.map((p) => p.approval_id)).not.toContain(approvalId);

      expect((await live.app.approvalSweeper.sweep()).expired).toBeGreaterThanOrEqual(1);
      const expired = await approver.approvals.get(approvalId);
      expect(expired).toMatchObject({ status: 'expired', decided_at: '2026-03-01T10:00:00.000Z', execution_status: 'aborted' });
      const workflow = await operator.workflows.get(workflowId);
      expect(workflow).toMatchObject({ status: 'aborted', failure_class: 'approval_pending' });
      expect(workflow.steps![0]).toMatchObject({ approval_status: 'expired' });
      const run = await live.store.getExecution(SCOPE, workflowId);
      expect(run?.statusReason).toMatch(/expired/);
      const types = await typesOf(workflowId);
      expect(types.filter((t) => t === 'approval.sla_breached')).toHaveLength(1);
      expect(types.filter((t) => t === 'approval.expired')).toHaveLength(1);
      expect(types.filter((t) => t === 'approval.decided')).toHaveLength(0);
      expect(types.filter((t) => t === 'execution.aborted')).toHaveLength(1);

      // Expired is final: deciding now is still APPROVAL_EXPIRED, and sweeping again writes nothing.
      expect(await failure(approver.approvals.approve(approvalId, 'approved far too late'))).toMatchObject({ status: 409, code: 'APPROVAL_EXPIRED' });
      await live.app.approvalSweeper.sweep();
      expect(await typesOf(workflowId)).toEqual(types);
      expect((await approver.approvals.list({ workflow: 'sla-and-expiry', status: 'expired' })).approvals).toHaveLength(1);
    });

    it('uses the server defaults when the policy sets none (24 h TTL, 4 h SLA)', async () => {
      const { approvalId } = await hold(operator, 'payments.wire', 'defaults');
      const approval = await approver.approvals.get(approvalId);
      expect(Date.parse(approval.expires_at!) - Date.parse(approval.requested_at)).toBe(24 * 60 * MINUTE);
      expect(Date.parse(approval.sla_at!) - Date.parse(approval.requested_at)).toBe(4 * 60 * MINUTE);
    });

    it('expires approvals that fell due while no server ran, when the next one starts', async () => {
      const restartClock = new FixedClock('2026-04-01T09:00:00.000Z');
      const location = harness.location();
      const first = await startLiveApp(harness, { filePolicies: approvalPolicies(), clock: restartClock, location });
      const firstOperator = await first.client('operator');
      const held = [await hold(firstOperator), await hold(firstOperator)];
      await first.close();

      restartClock.advance(TRANSFER_TTL_MS + MINUTE);
      const second = await startLiveApp(harness, { filePolicies: approvalPolicies(), clock: restartClock, location, approvalSweepIntervalMs: 60_000 });
      try {
        // The app sweeps once at start; wait for that sweep, not for time.
        await second.app.approvalSweeper.settled();
        for (const { workflowId, approvalId } of held) {
          expect(await second.store.getApproval(SCOPE, approvalId)).toMatchObject({ status: 'expired' });
          expect(await second.store.getExecution(SCOPE, workflowId)).toMatchObject({ status: 'aborted' });
        }
      } finally {
        await second.close();
      }
    });
  });
}
