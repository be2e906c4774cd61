/**
 * Approvals over HTTP on both stores, through the SDK: the WCP approve / reject / pending routes,
 * the inbox, roles, identity, tenancy, every 409, filters and bulk. The clock never moves here
 * (expiry and SLA are in approval-expiry.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxonFlowError, type AxonFlowClient } from '../../sdk/index.js';
import { approvalPolicies } from '../../test-support/approval-policies.js';
import { FixedClock } from '../../test-support/fixed-clock.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { storeHarnesses } from '../../test-support/store-harness.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

async function failure(promise: Promise<unknown>): Promise<AxonFlowError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AxonFlowError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

for (const harness of storeHarnesses()) {
  describe(`approvals API [${harness.kind}]`, () => {
    let live: LiveApp;
    let operator: AxonFlowClient;
    let approver: AxonFlowClient;
    let approverId: string;

    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: approvalPolicies(), clock: new FixedClock('2026-03-01T09:00:00.000Z') });
      operator = await live.client('operator');
      approver = await live.client('approver');
      approverId = (await approver.whoami()).client_id;
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    /** A workflow whose step `pay` waits for approval. */
    async function held(tool = 'payments.transfer', name = 'payouts') {
      const { workflow_id: workflowId } = await operator.workflows.create({ workflow_name: name });
      const gate = await operator.workflows.gate(workflowId, 'pay', { step_type: 'tool_call', tool_context: { tool_name: tool, tool_input: { amount: 900 } } });
      expect(gate.decision).toBe('require_approval');
      return { workflowId, approvalId: gate.approval_id! };
    }

    it('closes the open approval when an operator cancels its run; deciding it afterwards is a 409', async () => {
      const { workflowId, approvalId } = await held('payments.transfer', 'cancel-closes');
      await operator.unified.cancel(workflowId, 'customer withdrew the request');
      const approval = await approver.approvals.get(approvalId);
      expect(approval).toMatchObject({ approval_id: approvalId, status: 'expired' });
      expect((await approver.approvals.pending(100)).pending_approvals.map((p) => p.approval_id)).not.toContain(approvalId);
      const late = await failure(approver.approvals.approve(approvalId, 'approving too late for this run'));
      expect([late.status, late.code]).toEqual([409, 'APPROVAL_EXPIRED']);
      const events = await live.store.readEvents(SCOPE, { executionId: workflowId, limit: 100 });
      expect(events.map((e) => e.type).slice(-3)).toEqual(['execution.cancel_requested', 'approval.expired', 'execution.cancelled']);
      expect(events.find((e) => e.type === 'approval.expired')?.data).toMatchObject({ approvalId, reason: expect.stringContaining('customer withdrew the request') });
    });

    it('lists pending approvals the AxonFlow way, approves through WCP and shows who approved on the step', async () => {
      const { workflowId, approvalId } = await held('payments.transfer', 'wcp-approve');
      const pending = await approver.approvals.pending(100);
      const item = pending.pending_approvals.find((p) => p.approval_id === approvalId);
      expect(item).toMatchObject({
        workflow_id: workflowId,
        workflow_name: 'wcp-approve',
        step_id: 'pay',
        step_index: 0,
        step_name: 'pay',
        step_type: 'tool_call',
        decision: 'require_approval',
        decision_reason: 'Transfers need a reviewer',
        approval_status: 'pending',
        sla_state: 'ok',
        created_at: '2026-03-01T09:00:00.000Z',
        expires_at: '2026-03-01T10:00:00.000Z',
        sla_at: '2026-03-01T09:10:00.000Z',
      });
      expect(item!.policies_matched.map((p) => p.policy_id)).toEqual(['transfer_needs-approval']);
      expect(pending.count).toBe(pending.pending_approvals.length);

      const answer = await approver.approvals.approveStep(workflowId, 'pay', '  vendor verified by phone  ');
      expect(answer).toMatchObject({
        workflow_id: workflowId,
        step_id: 'pay',
        status: 'in_progress',
        decision: 'allow',
        approval_status: 'approved',
        approval_id: approvalId,
        approved_by: approverId,
        approved_at: '2026-03-01T09:00:00.000Z',
        comment: 'vendor verified by phone',
        message: 'Step approved',
        on_reject: 'abort',
      });
      expect(answer.retry_context.gate_count).toBe(1);
      const workflow = await operator.workflows.get(workflowId);
      expect(workflow.steps![0]).toMatchObject({ approval_status: 'approved', approved_by: approverId, approved_at: '2026-03-01T09:00:00.000Z' });
      expect((await approver.approvals.pending(100)).pending_approvals.map((p) => p.approval_id)).not.toContain(approvalId);
      // The step may now run.
      expect((await operator.workflows.gate(workflowId, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer', tool_input: { amount: 900 } } })).decision).toBe('allow');
    });

    it('rejects through WCP: the workflow is aborted and the step shows who rejected', async () => {
      const { workflowId } = await held();
      const answer = await approver.approvals.rejectStep(workflowId, 'pay', 'amount exceeds the contract');
      expect(answer).toMatchObject({ status: 'aborted', decision: 'block', approval_status: 'rejected', rejected_by: approverId, message: 'Step rejected, workflow aborted' });
      const workflow = await operator.workflows.get(workflowId);
      expect(workflow).toMatchObject({ status: 'aborted' });
      expect(workflow.steps![0]).toMatchObject({ approval_status: 'rejected', rejected_by: approverId, rejected_at: '2026-03-01T09:00:00.000Z' });
    });

    it('fails the run instead when the policy says on_reject: fail', async () => {
      const { workflowId, approvalId } = await held('payments.refund');
      expect((await approver.approvals.get(approvalId)).on_reject).toBe('fail');
      const rejected = await approver.approvals.reject(approvalId, 'refund already issued by hand');
      expect(rejected).toMatchObject({ status: 'rejected', decided_by: approverId, comment: 'refund already issued by hand', execution_status: 'failed' });
      expect(await operator.workflows.get(workflowId)).toMatchObject({ status: 'failed', failure_class: 'policy_block' });
      expect((await approver.approvals.rejectStep(workflowId, 'pay', 'second thoughts again').catch((e: AxonFlowError) => e)) as AxonFlowError).toMatchObject({ code: 'APPROVAL_NOT_PENDING', status: 409 });
    });

    it('needs role approver to decide: viewers and operators get 403, viewers may read', async () => {
      const { workflowId, approvalId } = await held();
      const viewer = await live.client('viewer');
      for (const client of [viewer, operator]) {
        expect(await failure(client.approvals.approve(approvalId, 'looks fine to me'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
        expect(await failure(client.approvals.approveStep(workflowId, 'pay', 'looks fine to me'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      }
      expect(await failure(viewer.approvals.bulk({ action: 'approve', ids: [approvalId], comment: 'looks fine to me' }))).toMatchObject({ status: 403 });
      expect((await viewer.approvals.get(approvalId)).status).toBe('pending');
      expect((await viewer.approvals.pending()).pending_approvals.length).toBeGreaterThan(0);
    });

    it('records the caller as decider; only an admin may name someone else', async () => {
      const first = await held();
      expect(await failure(approver.approvals.approve(first.approvalId, 'approved on behalf', { as: 'cfo@example.com' }))).toMatchObject({ status: 403, code: 'DECIDER_OVERRIDE_FORBIDDEN' });
      expect(await failure(approver.approvals.rejectStep(first.workflowId, 'pay', 'rejected on behalf', { as: 'cfo@example.com' }))).toMatchObject({ status: 403, code: 'DECIDER_OVERRIDE_FORBIDDEN' });
      // Naming oneself is no override.
      expect((await approver.approvals.approve(first.approvalId, 'approved under my own name', { as: approverId })).decided_by).toBe(approverId);
      const admin = await live.client('admin');
      const second = await held();
      expect((await admin.approvals.approveStep(second.workflowId, 'pay', 'approved for the CFO by phone', { as: 'cfo@example.com' })).approved_by).toBe('cfo@example.com');
    });

    it("answers 404 for another tenant's approval and workflow", async () => {
      const { workflowId, approvalId } = await held();
      const outsider = await live.client('approver', 'other-tenant');
      expect(await failure(outsider.approvals.get(approvalId))).toMatchObject({ status: 404, code: 'APPROVAL_NOT_FOUND' });
      expect(await failure(outsider.approvals.approve(approvalId, 'not mine to approve'))).toMatchObject({ status: 404, code: 'APPROVAL_NOT_FOUND' });
      expect(await failure(outsider.approvals.approveStep(workflowId, 'pay', 'not mine to approve'))).toMatchObject({ status: 404, code: 'WORKFLOW_NOT_FOUND' });
      expect((await outsider.approvals.list()).approvals).toEqual([]);
      expect((await outsider.approvals.pending()).pending_approvals).toEqual([]);
      const bulk = await outsider.approvals.bulk({ action: 'approve', ids: [approvalId], comment: 'not mine to approve' });
      expect(bulk.results).toEqual([{ approval_id: approvalId, ok: false, error: { code: 'APPROVAL_NOT_FOUND', message: `Approval ${approvalId} not found` } }]);
      expect((await approver.approvals.get(approvalId)).status).toBe('pending');
    });

    it('answers each WCP 409: NO_APPROVAL_NEEDED, APPROVAL_NOT_PENDING, WORKFLOW_TERMINAL', async () => {
      const { workflow_id: plain } = await operator.workflows.create({ workflow_name: 'plain' });
      await operator.workflows.gate(plain, 'read', { step_type: 'tool_call', tool_context: { tool_name: 'crm.read' } });
      const noApproval = await failure(approver.approvals.approveStep(plain, 'read', 'nothing to approve here'));
      expect(noApproval).toMatchObject({ status: 409, code: 'NO_APPROVAL_NEEDED' });
      expect(await failure(approver.approvals.approveStep(plain, 'missing', 'nothing to approve here'))).toMatchObject({ status: 404, code: 'STEP_NOT_FOUND' });

      const decided = await held();
      await approver.approvals.approveStep(decided.workflowId, 'pay', 'approved the first time');
      const twice = await failure(approver.approvals.approveStep(decided.workflowId, 'pay', 'approved the second time'));
      expect(twice).toMatchObject({ status: 409, code: 'APPROVAL_NOT_PENDING' });

      const ended = await held();
      await operator.workflows.abort(ended.workflowId, 'operator gave up');
      expect(await failure(approver.approvals.approveStep(ended.workflowId, 'pay', 'too late for this one'))).toMatchObject({ status: 409, code: 'WORKFLOW_TERMINAL' });
      expect(await failure(approver.approvals.approve(ended.approvalId, 'too late for this one'))).toMatchObject({ status: 409, code: 'WORKFLOW_TERMINAL' });
    });

    it('refuses a justification under 10 characters once trimmed', async () => {
      const { workflowId, approvalId } = await held();
      expect(await failure(approver.approvals.approveStep(workflowId, 'pay', '   short   '))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await failure(approver.approvals.reject(approvalId, 'nope'))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((await approver.approvals.get(approvalId)).status).toBe('pending');
    });

    it('lists with filters and keyset pages', async () => {
      const name = `filters-${harness.kind}`;
      const a = await held('payments.transfer', name);
      const b = await held('payments.refund', name);
      const c = await held('payments.wire', name);
      await approver.approvals.approve(c.approvalId, 'approved to test the filters');
      const all = await approver.approvals.list({ workflow: name });
      expect(all.approvals.map((x) => x.approval_id)).toEqual([a.approvalId, b.approvalId, c.approvalId].sort());
      expect((await approver.approvals.list({ workflow: name, status: 'pending' })).approvals.map((x) => x.approval_id).sort()).toEqual([a.approvalId, b.approvalId].sort());
      expect((await approver.approvals.list({ workflow: name, status: 'approved,rejected' })).approvals.map((x) => x.approval_id)).toEqual([c.approvalId]);
      expect((await approver.approvals.list({ workflow: name, policyId: 'refund-fails-on-reject' })).approvals.map((x) => x.approval_id)).toEqual([b.approvalId]);
      expect((await approver.approvals.list({ workflow: name, olderThan: '1m' })).approvals).toEqual([]);
      expect((await approver.approvals.list({ workflow: name, newerThan: '1m' })).approvals).toHaveLength(3);
      expect((await approver.approvals.list({ workflow: name, sla: 'ok' })).approvals).toHaveLength(3);
      expect((await approver.approvals.list({ workflow: name, sla: 'breached' })).approvals).toEqual([]);
      const first = await approver.approvals.list({ workflow: name, limit: 2 });
      expect(first.approvals).toHaveLength(2);
      const second = await approver.approvals.list({ workflow: name, limit: 2, cursor: first.next_cursor });
      expect([...first.approvals, ...second.approvals].map((x) => x.approval_id)).toEqual(all.approvals.map((x) => x.approval_id));
      expect(second.next_cursor).toBeUndefined();
      expect(await failure(approver.approvals.list({ olderThan: 'yesterday' }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await failure(approver.approvals.list({ cursor: 'not-a-cursor' }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('bulk: dry run reports, a real run decides each on its own with mixed results, and caps at 500', async () => {
      const name = `bulk-${harness.kind}`;
      const items = [await held('payments.transfer', name), await held('payments.transfer', name), await held('payments.transfer', name)];
      const decided = await held('payments.transfer', name);
      await approver.approvals.approve(decided.approvalId, 'approved before the bulk');

      const dry = await approver.approvals.bulk({ action: 'approve', filter: { workflow: name }, dry_run: true });
      expect(dry).toMatchObject({ action: 'approve', dry_run: true, count: 3 });
      expect(dry.ids.sort()).toEqual(items.map((i) => i.approvalId).sort());
      expect(dry.results).toBeUndefined();
      expect((await approver.approvals.list({ workflow: name, status: 'pending' })).approvals).toHaveLength(3);
      const dryIds = await approver.approvals.bulk({ action: 'reject', ids: [items[0]!.approvalId, decided.approvalId, 'apr_missing'], dry_run: true });
      expect(dryIds.ids).toEqual([items[0]!.approvalId]);

      const ids = [items[0]!.approvalId, decided.approvalId, 'apr_missing', items[1]!.approvalId];
      const result = await approver.approvals.bulk({ action: 'approve', ids, comment: 'approved in one go for the batch' });
      expect(result).toMatchObject({ action: 'approve', dry_run: false, count: 2, failed: 2 });
      expect(result.results).toEqual([
        { approval_id: items[0]!.approvalId, ok: true, status: 'approved' },
        { approval_id: decided.approvalId, ok: false, error: { code: 'APPROVAL_NOT_PENDING', message: expect.any(String) } },
        { approval_id: 'apr_missing', ok: false, error: { code: 'APPROVAL_NOT_FOUND', message: 'Approval apr_missing not found' } },
        { approval_id: items[1]!.approvalId, ok: true, status: 'approved' },
      ]);
      const byFilter = await approver.approvals.bulk({ action: 'reject', filter: { workflow: name }, reason: 'rejected the rest of the batch' });
      expect(byFilter.results).toEqual([{ approval_id: items[2]!.approvalId, ok: true, status: 'rejected' }]);
      expect(await operator.workflows.get(items[2]!.workflowId)).toMatchObject({ status: 'aborted' });

      const tooMany = Array.from({ length: 501 }, (_, i) => `apr_${i}`);
      expect(await failure(approver.approvals.bulk({ action: 'approve', ids: tooMany, comment: 'far too many at once' }))).toMatchObject({ status: 400, code: 'BULK_LIMIT_EXCEEDED' });
      expect(await failure(approver.approvals.bulk({ action: 'approve', ids: [items[2]!.approvalId] }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await failure(approver.approvals.bulk({ action: 'approve', ids: ['a'], filter: {}, comment: 'both selections given' }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await failure(approver.approvals.bulk({ action: 'approve', comment: 'no selection given' }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('keeps store and wire in step: the approval read back equals the decision written', async () => {
      const { approvalId } = await held();
      await approver.approvals.approve(approvalId, 'approved for the read-back');
      const stored = await live.store.getApproval(SCOPE, approvalId);
      expect(stored).toMatchObject({ status: 'approved', decidedBy: approverId, comment: 'approved for the read-back' });
      const events = await live.store.readEvents(SCOPE, { executionId: stored!.executionId });
      expect(events.filter((e) => e.type === 'approval.decided')).toHaveLength(1);
    });
  });
}
