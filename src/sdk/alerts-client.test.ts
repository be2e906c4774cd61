/** The SDK alerts client over HTTP: rules read and changed (admins only), an alert fired and resolved by lowering then raising a threshold, list filters, get, errors by class. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalPolicies } from '../test-support/approval-policies.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import type { AxonFlowClient } from './axonflow-client.js';
import { NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';

for (const harness of storeHarnesses()) {
  describe(`SDK alerts client [${harness.kind}]`, () => {
    let live: LiveApp;
    let admin: AxonFlowClient;
    let viewer: AxonFlowClient;
    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: approvalPolicies() });
      admin = await live.client('admin');
      viewer = await live.client('viewer');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('reads the rules, lets an admin change them, and refuses others and bad values', async () => {
      const read = await viewer.alerts.rules();
      expect(read.tenant_id).toBe('default');
      expect(read.rules).toEqual(read.defaults);
      expect(read.rules.pending_approvals).toEqual({ enabled: true, max_pending: 20, max_oldest_minutes: 240 });
      await expect(viewer.alerts.putRules({ pending_approvals: { max_pending: 0 } })).rejects.toBeInstanceOf(PermissionDeniedError);
      await expect(admin.alerts.putRules({ failure_rate: { threshold_pct: 200 } })).rejects.toBeInstanceOf(ValidationError);
      const put = await admin.alerts.putRules({ pending_approvals: { max_pending: 0 } });
      expect(put.rules.pending_approvals).toEqual({ enabled: true, max_pending: 0, max_oldest_minutes: 240 });
      expect(put.defaults.pending_approvals.max_pending).toBe(20);
    });

    it('lists and reads an alert that fired, then the resolved one', async () => {
      const operator = await live.client('operator');
      const { workflow_id: workflowId } = await operator.workflows.create({ workflow_name: 'payouts' });
      const input = { amount: 900, currency: 'EUR' };
      const gate = await operator.workflows.gate(workflowId, 'pay', { step_type: 'tool_call', step_name: 'pay', step_input: input, tool_context: { tool_name: 'payments.transfer', tool_input: input } });
      expect(gate.decision).toBe('require_approval');
      await admin.alerts.putRules({ pending_approvals: { max_pending: 0 } });
      const { fired } = await live.app.alertEvaluator.evaluate();
      expect(fired.map((a) => a.kind)).toContain('pending_approvals');

      const list = await viewer.alerts.list({ kind: 'pending_approvals' });
      expect(list.firing).toBe(1);
      expect(list.alerts).toEqual([expect.objectContaining({ kind: 'pending_approvals', subject: 'backlog', state: 'firing', value: 1, threshold: 0 })]);
      const id = list.alerts[0]!.id;
      expect(await viewer.alerts.get(id)).toMatchObject({ id, state: 'firing', tenant_id: 'default' });
      await expect(viewer.alerts.get('alt_missing')).rejects.toBeInstanceOf(NotFoundError);
      await expect(viewer.alerts.get('alt_missing')).rejects.toMatchObject({ code: 'ALERT_NOT_FOUND' });

      await admin.alerts.putRules({ pending_approvals: { max_pending: 20 } });
      expect((await live.app.alertEvaluator.evaluate()).resolved.map((a) => a.alertId)).toContain(id);
      expect((await viewer.alerts.list({ state: 'firing' })).alerts).toEqual([]);
      const resolved = await viewer.alerts.list({ state: 'resolved', limit: 1 });
      expect(resolved.alerts).toEqual([expect.objectContaining({ id, state: 'resolved', resolved_value: 1 })]);
      expect(resolved.firing).toBe(0);
    });
  });
}
