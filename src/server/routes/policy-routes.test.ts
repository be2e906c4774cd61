import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePolicy } from '../../core/policies/index.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const refundPolicy = {
  id: 'large-refunds',
  name: 'Refunds over $500 need a reviewer',
  when: 'tool != null && tool.name == "payments.refund" && tool.input.amount > 500',
  action: 'block',
  severity: 'high',
  reason: 'Refund of ${tool.input.amount} is over the limit',
  scope: { workflow: 'api-tests' },
};

const filePolicy = compilePolicy({
  id: 'from-file',
  name: 'File policy',
  enabled: true,
  priority: 0,
  severity: 'low',
  when: 'step.name == "never-used"',
  action: 'warn',
  reason: 'from a file',
  version: 1,
  source: 'file',
});

for (const harness of storeHarnesses()) {
  describe(`policies API [${harness.kind}]`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(harness, { filePolicies: [filePolicy] });
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    async function credential(role: string, scope = { orgId: 'default', tenantId: 'default' }) {
      const issued = await app.credentials.create({ scope, role: role as 'viewer' });
      return { authorization: `Basic ${Buffer.from(`${issued.credential.clientId}:${issued.clientSecret}`).toString('base64')}` };
    }

    async function workflow(name: string): Promise<string> {
      return (await app.inject({ method: 'POST', url: '/api/v1/workflows', payload: { workflow_name: name } })).json().workflow_id;
    }

    async function gate(workflowId: string, stepId: string, amount: number) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/workflows/${workflowId}/steps/${stepId}/gate`,
        payload: { step_name: stepId, step_type: 'tool_call', tool_context: { tool_name: 'payments.refund', tool_input: { amount } } },
      });
      expect(res.statusCode).toBe(200);
      return res.json();
    }

    it('creates, replaces and deletes as versions; every version stays readable', async () => {
      const created = await app.inject({ method: 'POST', url: '/api/v1/policies', payload: refundPolicy });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ ...refundPolicy, version: 1, source: 'api', enabled: true, priority: 0 });
      expect(created.json().created_by).toEqual(expect.any(String));

      const replaced = await app.inject({ method: 'PUT', url: '/api/v1/policies/large-refunds', payload: { ...refundPolicy, id: undefined, action: 'require_approval', approval_ttl_seconds: 3600 } });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json()).toMatchObject({ id: 'large-refunds', version: 2, action: 'require_approval', approval_ttl_seconds: 3600 });

      const live = await app.inject({ method: 'GET', url: '/api/v1/policies/large-refunds' });
      expect(live.json()).toMatchObject({ policy_id: 'large-refunds', version: 2, deleted: false, policy: { action: 'require_approval' } });
      const v1 = await app.inject({ method: 'GET', url: '/api/v1/policies/large-refunds?version=1' });
      expect(v1.json()).toMatchObject({ version: 1, policy: { action: 'block' } });

      const removed = await app.inject({ method: 'DELETE', url: '/api/v1/policies/large-refunds' });
      expect(removed.statusCode).toBe(200);
      expect(removed.json()).toMatchObject({ policy_id: 'large-refunds', version: 3, deleted: true });
      expect(removed.json().policy).toBeUndefined();

      const gone = await app.inject({ method: 'GET', url: '/api/v1/policies/large-refunds' });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().code).toBe('POLICY_NOT_FOUND');
      expect((await app.inject({ method: 'GET', url: '/api/v1/policies/large-refunds?version=2' })).json()).toMatchObject({ version: 2, policy: { action: 'require_approval' } });
      const missingVersion = await app.inject({ method: 'GET', url: '/api/v1/policies/large-refunds?version=9' });
      expect([missingVersion.statusCode, missingVersion.json().code]).toEqual([404, 'POLICY_VERSION_NOT_FOUND']);

      const versions = await app.inject({ method: 'GET', url: '/api/v1/policies/large-refunds/versions' });
      expect(versions.json().versions.map((v: { version: number; deleted: boolean }) => [v.version, v.deleted])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      const listed = (await app.inject({ method: 'GET', url: '/api/v1/policies' })).json();
      expect(listed.policies.map((p: { id: string }) => p.id)).not.toContain('large-refunds');

      const audit = await app.store.listAudit({ orgId: 'default', tenantId: 'default' }, { targetType: 'policy', targetId: 'large-refunds', limit: 10 });
      expect(audit.map((e) => e.action)).toEqual(['policy.deleted', 'policy.updated', 'policy.created']);
    });

    it('refuses an invalid expression with the field and position, and stores nothing', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/policies', payload: { ...refundPolicy, id: 'broken', when: 'tool.name ==\n  && true' } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'POLICY_INVALID', details: { policyId: 'broken', field: 'when', line: 2 } });
      expect(res.json().details.column).toEqual(expect.any(Number));
      expect(res.json().message).toContain('line 2');
      expect((await app.inject({ method: 'GET', url: '/api/v1/policies/broken/versions' })).statusCode).toBe(404);

      const unknownFact = await app.inject({ method: 'POST', url: '/api/v1/policies', payload: { ...refundPolicy, id: 'unknown-fact', when: 'amount > 5' } });
      expect(unknownFact.statusCode).toBe(400);
      expect(unknownFact.json().code).toBe('POLICY_INVALID');

      const badField = await app.inject({ method: 'POST', url: '/api/v1/policies', payload: { ...refundPolicy, id: 'bad-action', action: 'explode' } });
      expect(badField.statusCode).toBe(400);
      expect(badField.json().code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(badField.json())).toContain('action');

      const badId = await app.inject({ method: 'POST', url: '/api/v1/policies', payload: { ...refundPolicy, id: 'budget:x' } });
      expect(badId.statusCode).toBe(400);
    });

    it('answers conflicts with 409 codes: duplicate create, stale expected_version, file policies; a mismatched body id is a 400', async () => {
      const payload = { ...refundPolicy, id: 'conflicts' };
      expect((await app.inject({ method: 'POST', url: '/api/v1/policies', payload })).statusCode).toBe(201);
      const duplicate = await app.inject({ method: 'POST', url: '/api/v1/policies', payload });
      expect([duplicate.statusCode, duplicate.json().code]).toEqual([409, 'POLICY_ALREADY_EXISTS']);
      // Re-applying the live content adds no version; a change does.
      expect((await app.inject({ method: 'PUT', url: '/api/v1/policies/conflicts?expected_version=1', payload })).json().version).toBe(1);
      expect((await app.inject({ method: 'PUT', url: '/api/v1/policies/conflicts?expected_version=1', payload: { ...payload, reason: 'changed' } })).json().version).toBe(2);
      const stale = await app.inject({ method: 'PUT', url: '/api/v1/policies/conflicts?expected_version=1', payload });
      expect([stale.statusCode, stale.json().code, stale.json().details]).toEqual([409, 'POLICY_VERSION_CONFLICT', { policyId: 'conflicts', expected: 1, actual: 2 }]);
      const mismatch = await app.inject({ method: 'PUT', url: '/api/v1/policies/conflicts', payload: { ...payload, id: 'other' } });
      expect([mismatch.statusCode, mismatch.json().code]).toEqual([400, 'POLICY_ID_MISMATCH']);
      const fromFile = await app.inject({ method: 'PUT', url: '/api/v1/policies/from-file', payload: { ...payload, id: undefined } });
      expect([fromFile.statusCode, fromFile.json().code]).toEqual([409, 'POLICY_DEFINED_IN_FILE']);
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/policies/from-file' })).statusCode).toBe(409);
      const file = (await app.inject({ method: 'GET', url: '/api/v1/policies/from-file' })).json();
      expect(file).toMatchObject({ version: 1, policy: { source: 'file', action: 'warn' } });
    });

    it('lets only admins write; others read the policies of their tenant; other orgs see nothing', async () => {
      await app.inject({ method: 'POST', url: '/api/v1/policies', payload: { ...refundPolicy, id: 'for-tenant-b', scope: { tenant_id: 'tenant-b' } } });
      await app.inject({ method: 'POST', url: '/api/v1/policies', payload: { ...refundPolicy, id: 'org-wide' } });
      const operator = await credential('operator');
      const write = await app.inject({ method: 'POST', url: '/api/v1/policies', headers: operator, payload: { ...refundPolicy, id: 'by-operator' } });
      expect([write.statusCode, write.json().code]).toEqual([403, 'FORBIDDEN']);
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/policies/org-wide', headers: operator })).statusCode).toBe(403);

      const ids = (await app.inject({ method: 'GET', url: '/api/v1/policies', headers: operator })).json().policies.map((p: { id: string }) => p.id);
      expect(ids).toContain('org-wide');
      expect(ids).toContain('from-file');
      expect(ids).not.toContain('for-tenant-b');
      expect((await app.inject({ method: 'GET', url: '/api/v1/policies/for-tenant-b', headers: operator })).statusCode).toBe(404);
      const tenantB = await credential('viewer', { orgId: 'default', tenantId: 'tenant-b' });
      expect((await app.inject({ method: 'GET', url: '/api/v1/policies/for-tenant-b', headers: tenantB })).statusCode).toBe(200);

      const otherOrg = await credential('admin', { orgId: 'other-org', tenantId: 'default' });
      const theirs = (await app.inject({ method: 'GET', url: '/api/v1/policies', headers: otherOrg })).json();
      expect(theirs.policies.map((p: { id: string }) => p.id)).toEqual(['from-file']);
      expect((await app.inject({ method: 'GET', url: '/api/v1/policies/org-wide', headers: otherOrg })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/policies/org-wide', headers: otherOrg })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/v1/policies', headers: {} as Record<string, string> })).statusCode).toBe(200);
      const anonymous = await app.server.inject({ method: 'GET', url: '/api/v1/policies' });
      expect(anonymous.statusCode).toBe(401);
    });

    it('applies a change at the next gate, recording the version that decided', async () => {
      const workflowId = await workflow('gate-change');
      const policy = { ...refundPolicy, id: 'gate-refunds', scope: { workflow: 'gate-change' } };

      expect((await gate(workflowId, 'before', 900)).decision).toBe('allow');
      await app.inject({ method: 'POST', url: '/api/v1/policies', payload: policy });
      const blocked = await gate(workflowId, 'after-create', 900);
      expect(blocked).toMatchObject({ decision: 'block', reason: 'Refund of $900 is over the limit', policy_ids: expect.arrayContaining(['gate-refunds']) });
      expect(blocked.policies_matched).toEqual(expect.arrayContaining([expect.objectContaining({ policy_id: 'gate-refunds', policy_name: policy.name, action: 'block' })]));
    });

    it('records each version at the gates it decided', async () => {
      const policy = { ...refundPolicy, id: 'versioned-gate', action: 'warn', reason: 'v1 warns', scope: { workflow: 'gate-versions' } };
      await app.inject({ method: 'POST', url: '/api/v1/policies', payload: policy });
      const a = await workflow('gate-versions');
      await gate(a, 's1', 700);
      await app.inject({ method: 'PUT', url: '/api/v1/policies/versioned-gate', payload: { ...policy, reason: 'v2 warns' } });
      await gate(a, 's2', 700);
      const steps = await app.store.listSteps({ orgId: 'default', tenantId: 'default' }, a);
      const matched = steps.map((step) => step.policiesMatched.find((m) => m.policyId === 'versioned-gate'));
      expect(matched.map((m) => [m?.version, m?.reason, m?.action])).toEqual([
        [1, 'v1 warns', 'warn'],
        [2, 'v2 warns', 'warn'],
      ]);
      expect(steps.map((step) => step.decision)).toEqual(['allow', 'allow']);
    });
  });
}
