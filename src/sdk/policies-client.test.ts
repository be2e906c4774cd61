import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import type { AxonFlowClient } from './axonflow-client.js';
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from './errors.js';

const policy = {
  id: 'sdk-refunds',
  name: 'Refunds need review',
  when: 'tool != null && tool.name == "payments.refund"',
  action: 'require_approval' as const,
  reason: 'refund',
  scope: { workflow: 'sdk-policies' },
};

for (const harness of storeHarnesses()) {
  describe(`SDK policies client [${harness.kind}]`, () => {
    let live: LiveApp;
    let admin: AxonFlowClient;
    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: [] });
      admin = await live.client('admin');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('applies idempotently: re-applying unchanged content adds no version, a change adds one', async () => {
      expect((await admin.policies.apply(policy)).version).toBe(1);
      expect((await admin.policies.apply(policy)).version).toBe(1);
      const changed = await admin.policies.apply({ ...policy, reason: 'refund over limit' });
      expect(changed).toMatchObject({ version: 2, reason: 'refund over limit', source: 'api' });
      expect((await admin.policies.get(policy.id, 1)).policy?.reason).toBe('refund');
      expect((await admin.policies.versions(policy.id)).versions.map((v) => v.version)).toEqual([1, 2]);
      expect((await admin.policies.list()).policies.map((p) => p.id)).toContain(policy.id);
    });

    it('maps refusals to typed errors with the stable code', async () => {
      await expect(admin.policies.create(policy)).rejects.toBeInstanceOf(ConflictError);
      await expect(admin.policies.apply(policy, { expectedVersion: 1 })).rejects.toMatchObject({ code: 'POLICY_VERSION_CONFLICT' });
      await expect(admin.policies.apply({ ...policy, when: 'tool.' })).rejects.toBeInstanceOf(ValidationError);
      await expect(admin.policies.get('no-such-policy')).rejects.toBeInstanceOf(NotFoundError);
      const viewer = await live.client('viewer');
      await expect(viewer.policies.delete(policy.id)).rejects.toBeInstanceOf(PermissionDeniedError);
      expect((await admin.policies.delete(policy.id, { expectedVersion: 2 })).deleted).toBe(true);
    });

    it('simulates a draft over the recorded gates of the caller', async () => {
      const operator = await live.client('operator');
      const run = await operator.workflows.create({ workflow_name: 'sdk-policies' });
      await operator.workflows.gate(run.workflow_id, 'refund', { step_type: 'tool_call', tool_context: { tool_name: 'payments.refund', tool_input: { amount: 10 } } });
      const report = await operator.policies.simulate({ policies: [{ ...policy, action: 'block' }] });
      expect(report).toMatchObject({ steps_evaluated: 1, steps_changed: 1, transitions: [{ from: 'allow', to: 'block', steps: 1 }] });
    });
  });
}
