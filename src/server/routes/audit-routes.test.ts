/**
 * /api/v1/audit through the SDK against a live server on both stores: gate decisions, approvals,
 * rejections, cancels and credential changes made through the API each leave a record, found by
 * actor, action (prefix), execution and target; roles and tenants are enforced; bad queries are
 * 400s; verify passes, then names the row a direct SQL edit changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../sdk/audit-client.js';
import type { AxonFlowClient } from '../../sdk/axonflow-client.js';
import { NotFoundError, PermissionDeniedError, ValidationError } from '../../sdk/errors.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { storeHarnesses, type RawStoreLocation } from '../../test-support/store-harness.js';

const DECISIONS = { 'payments.refund': 'require_approval', 'db.drop': 'block' } as const;

async function collect(iterable: AsyncIterable<AuditRecord>): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

for (const harness of storeHarnesses()) {
  describe(`audit routes [${harness.kind}]`, () => {
    let location: RawStoreLocation;
    let live: LiveApp;
    let operator: AxonFlowClient;
    let approver: AxonFlowClient;
    let admin: AxonFlowClient;
    let ids: { operator: string; approver: string; admin: string };
    let runs: { approved: string; rejected: string; cancelled: string };

    beforeAll(async () => {
      location = harness.location();
      live = await startLiveApp(harness, { location, decisions: DECISIONS });
      operator = await live.client('operator');
      approver = await live.client('approver');
      admin = await live.client('admin');
      ids = { operator: (await operator.whoami()).client_id, approver: (await approver.whoami()).client_id, admin: (await admin.whoami()).client_id };

      const gated = async (name: string) => {
        const { workflow_id: id } = await operator.workflows.create({ workflow_name: name });
        expect((await operator.workflows.gate(id, 'lookup', { step_type: 'tool_call', step_name: 'lookup', tool_context: { tool_name: 'crm.lookup' } })).decision).toBe('allow');
        expect((await operator.workflows.gate(id, 'drop', { step_type: 'tool_call', step_name: 'drop', tool_context: { tool_name: 'db.drop' } })).decision).toBe('block');
        const refund = await operator.workflows.gate(id, 'refund', { step_type: 'tool_call', step_name: 'refund', tool_context: { tool_name: 'payments.refund', tool_input: { amount: 740 } } });
        expect(refund.decision).toBe('require_approval');
        return { id, approvalId: refund.approval_id! };
      };
      const first = await gated('refund-agent');
      await approver.approvals.approve(first.approvalId, 'amount checked against the order');
      const second = await gated('refund-agent');
      await approver.approvals.reject(second.approvalId, 'duplicate refund for this order');
      const { workflow_id: third } = await operator.workflows.create({ workflow_name: 'research' });
      await operator.unified.cancel(third, 'runaway tool loop');
      runs = { approved: first.id, rejected: second.id, cancelled: third };
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('records each gate decision with the credential that asked and the policies that decided', async () => {
      const page = await operator.audit.search({ action: 'gate', executionId: runs.approved });
      expect(page.records.map((r) => [r.action, r.target_type, r.target_id, r.actor])).toEqual([
        ['gate.require_approval', 'step', 'refund', ids.operator],
        ['gate.block', 'step', 'drop', ids.operator],
        ['gate.allow', 'step', 'lookup', ids.operator],
      ]);
      expect(page.records[1]!.details).toMatchObject({ decision: 'block', policyIds: ['pol-block'], reason: 'db.drop is block', tool: 'db.drop' });
      expect(page.records[1]).toMatchObject({ execution_id: runs.approved, org_id: 'default', tenant_id: 'default' });
      expect(page.next_cursor).toBeUndefined();
    });

    it('records approvals, rejections and cancels with who decided and why', async () => {
      const decisions = await operator.audit.search({ action: 'approval' });
      expect(decisions.records.map((r) => [r.action, r.actor, r.execution_id, r.details.comment])).toEqual([
        ['approval.reject', ids.approver, runs.rejected, 'duplicate refund for this order'],
        ['approval.approve', ids.approver, runs.approved, 'amount checked against the order'],
      ]);
      // The rejection aborted the run: that is its consequence, not a second record.
      expect((await operator.audit.search({ executionId: runs.rejected, action: 'execution' })).records).toEqual([]);
      const cancels = await operator.audit.search({ action: 'execution.cancel' });
      expect(cancels.records).toEqual([expect.objectContaining({ actor: ids.operator, target_type: 'execution', target_id: runs.cancelled, execution_id: runs.cancelled, details: expect.objectContaining({ reason: 'runaway tool loop' }) })]);
      const byApprover = await operator.audit.search({ actor: ids.approver });
      expect(byApprover.records.map((r) => r.action)).toEqual(['approval.reject', 'approval.approve']);
      expect((await operator.audit.search({ targetType: 'approval', targetId: decisions.records[0]!.target_id })).records).toHaveLength(1);
    });

    it('records credential changes made through the API', async () => {
      const issued = await admin.http.request<{ client_id: string }>('POST', '/api/v1/credentials', { body: { role: 'viewer', name: 'dashboards' } });
      await admin.http.request('DELETE', `/api/v1/credentials/${issued.client_id}`);
      const page = await admin.audit.search({ action: 'credential', targetType: 'credential', targetId: issued.client_id });
      expect(page.records.map((r) => [r.action, r.actor])).toEqual([
        ['credential.revoke', ids.admin],
        ['credential.create', ids.admin],
      ]);
      expect(page.records[1]!.details).toMatchObject({ role: 'viewer', name: 'dashboards' });
    });

    it('pages newest first, filters by time, and refuses bad queries with 400', async () => {
      const every = await collect(operator.audit.all({ limit: 2 }));
      expect(every.map((r) => r.seq)).toEqual(every.map((_, i) => every.length - i));
      const all = await operator.audit.search({ limit: 500 });
      expect(every).toEqual(all.records);
      const middle = all.records[Math.floor(all.records.length / 2)]!;
      const since = await operator.audit.search({ from: middle.at, limit: 500 });
      expect(since.records.every((r) => r.at >= middle.at)).toBe(true);
      expect((await operator.audit.search({ to: '2000-01-01T00:00:00Z' })).records).toEqual([]);

      for (const bad of [{ action: 'Gate!' }, { cursor: 'abc' }, { limit: 0 }, { from: 'yesterday' }, { targetId: 'x' }, { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }]) {
        await expect(operator.audit.search(bad)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
      }
      await expect(operator.audit.search({ action: 'Gate!' })).rejects.toBeInstanceOf(ValidationError);
    });

    it('serves operators and admins only, and each tenant its own trail', async () => {
      const viewer = await live.client('viewer');
      await expect(viewer.audit.search()).rejects.toBeInstanceOf(PermissionDeniedError);
      await expect(viewer.audit.verify()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const elsewhere = await live.client('operator', 'elsewhere');
      // Its own trail holds only the issue of its credential, first in a chain of its own.
      const own = (await elsewhere.audit.search()).records;
      expect(own.map((r) => [r.seq, r.action, r.actor, r.tenant_id, r.prev_hash])).toEqual([[1, 'credential.create', 'system', 'elsewhere', '0'.repeat(64)]]);
      expect(await elsewhere.audit.verify()).toEqual({ valid: true, checked: 1, head_seq: 1, head_hash: own[0]!.hash });
      expect((await elsewhere.audit.search({ executionId: runs.approved })).records).toEqual([]);
      await expect(operator.audit.search({ tenantId: 'elsewhere' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // An admin may read another tenant of the org.
      expect((await admin.audit.search({ tenantId: 'elsewhere' })).records).toEqual(own);
      expect((await admin.audit.search({ tenantId: 'default', action: 'approval' })).records).toHaveLength(2);
      // Another tenant's run is not there: nothing found, not an error about it.
      await expect(elsewhere.executions.get(runs.approved)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('verifies the chain, then finds the row a direct SQL edit changed', async () => {
      const before = await operator.audit.verify();
      const newest = (await operator.audit.search({ limit: 1 })).records[0]!;
      expect(before).toEqual({ valid: true, checked: newest.seq, head_seq: newest.seq, head_hash: newest.hash });
      const target = (await operator.audit.search({ action: 'approval.approve' })).records[0]!;
      await location.sql(`update audit_log set actor = 'someone-else' where org_id = 'default' and tenant_id = 'default' and seq = ${target.seq}`);
      expect(await operator.audit.verify()).toEqual({ valid: false, checked: target.seq - 1, first_bad_seq: target.seq, reason: 'hash_mismatch' });
      await location.sql(`update audit_log set actor = '${target.actor}' where org_id = 'default' and tenant_id = 'default' and seq = ${target.seq}`);
      await location.sql(`delete from audit_log where org_id = 'default' and tenant_id = 'default' and seq = ${newest.seq}`);
      expect(await admin.audit.verify()).toEqual({ valid: false, checked: newest.seq - 1, first_bad_seq: newest.seq, reason: 'head_mismatch' });
    });
  });
}
