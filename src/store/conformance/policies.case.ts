/** @module Conformance: policy versions (append-only, expectations, concurrent writers, audit). */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Scope } from '../../core/identity/scope.js';
import type { PolicySpec } from '../../core/policies/policy.js';
import type { PolicyExpectation } from '../../core/ports/policy-store.js';
import type { Store } from '../../core/ports/store.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const spec = (id: string, when: string): PolicySpec => ({
  id,
  name: `Policy ${id}`,
  enabled: true,
  priority: 0,
  severity: 'high',
  when,
  action: 'block',
  reason: 'because',
  scope: { workflow: 'refund-agent' },
});

const audit = (id: string): AuditEntry => ({
  auditId: `aud-${randomBytes(6).toString('hex')}`,
  at: new Date().toISOString(),
  actor: 'admin-client',
  action: 'policy.updated',
  targetType: 'policy',
  targetId: id,
  details: {},
});

async function write(store: Store, scope: Scope, id: string, expectation: PolicyExpectation, when?: string) {
  return store.appendPolicyVersion(scope, { policyId: id, spec: when === undefined ? undefined : spec(id, when), expect: expectation, at: new Date().toISOString(), by: 'admin-client' }, audit(id));
}

export function policyCases(ctx: ConformanceContext, it: Register): void {
  it('appends versions 1, 2, 3 and keeps every one readable, the spec as written', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    const v1 = await write(store, scope, 'p1', 'absent', 'tool != null');
    const v2 = await write(store, scope, 'p1', { version: 1 }, 'tool == null');
    const v3 = await write(store, scope, 'p1', 'any', 'true');
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
    expect((await store.getPolicyVersion(scope.orgId, 'p1', 1))?.spec).toEqual(spec('p1', 'tool != null'));
    expect((await store.getPolicyVersion(scope.orgId, 'p1'))?.spec?.when).toBe('true');
    const versions = await store.listPolicyVersions(scope.orgId, 'p1');
    expect(versions.map((v) => [v.version, v.spec?.when, v.deleted, v.createdBy])).toEqual([
      [1, 'tool != null', false, 'admin-client'],
      [2, 'tool == null', false, 'admin-client'],
      [3, 'true', false, 'admin-client'],
    ]);
    expect(await store.getPolicyVersion(scope.orgId, 'p1', 4)).toBeUndefined();
  });

  it('deletes by appending a version; the live list drops it, its history stays, and it can be created again', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    await write(store, scope, 'keep', 'absent', 'true');
    await write(store, scope, 'drop', 'absent', 'true');
    const deleted = await write(store, scope, 'drop', 'present');
    expect(deleted).toMatchObject({ version: 2, deleted: true, spec: undefined });
    expect((await store.listLivePolicies(scope.orgId)).map((p) => p.policyId)).toEqual(['keep']);
    expect((await store.getPolicyVersion(scope.orgId, 'drop'))?.deleted).toBe(true);
    expect((await store.getPolicyVersion(scope.orgId, 'drop', 1))?.spec?.when).toBe('true');
    const again = await write(store, scope, 'drop', 'absent', 'false');
    expect(again.version).toBe(3);
    expect((await store.listLivePolicies(scope.orgId)).map((p) => [p.policyId, p.version])).toEqual([
      ['drop', 3],
      ['keep', 1],
    ]);
  });

  it('refuses writes whose expectation fails and writes nothing, audit included', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    await write(store, scope, 'p', 'absent', 'true');
    await expect(write(store, scope, 'p', 'absent', 'false')).rejects.toMatchObject({ code: 'POLICY_ALREADY_EXISTS' });
    await expect(write(store, scope, 'p', { version: 7 }, 'false')).rejects.toMatchObject({ code: 'POLICY_VERSION_CONFLICT', details: { expected: 7, actual: 1 } });
    await expect(write(store, scope, 'missing', 'present')).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
    await expect(write(store, scope, 'missing', { version: 1 }, 'true')).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
    expect((await store.listPolicyVersions(scope.orgId, 'p')).length).toBe(1);
    expect(await store.listPolicyVersions(scope.orgId, 'missing')).toEqual([]);
    const trail = await store.listAudit(scope, { targetType: 'policy', limit: 10 });
    expect(trail.map((e) => [e.targetId, e.details['version']])).toEqual([['p', 1]]);
  });

  it("keeps orgs apart: another org's policy of the same id is neither listed nor read", async () => {
    const a = ctx.scope();
    const b = ctx.scope();
    const store = ctx.store();
    await write(store, a, 'shared-id', 'absent', 'true');
    await write(store, b, 'shared-id', 'absent', 'false');
    expect((await store.getPolicyVersion(a.orgId, 'shared-id'))?.spec?.when).toBe('true');
    expect((await store.getPolicyVersion(b.orgId, 'shared-id'))?.spec?.when).toBe('false');
    expect((await store.listLivePolicies(a.orgId)).length).toBe(1);
    expect(await store.listLivePolicies(ctx.scope().orgId)).toEqual([]);
  });

  it('gives concurrent writers distinct consecutive versions; of concurrent creates exactly one wins', async () => {
    const location = ctx.location();
    const a = ctx.track(location.open());
    await a.migrate();
    const b = ctx.kind === 'postgres' ? ctx.track(location.open()) : a;
    const scope = ctx.scope();
    const creates = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => write(i % 2 ? a : b, scope, 'race', 'absent', `${i} == ${i}`)));
    expect(creates.filter((r) => r.status === 'fulfilled').length).toBe(1);
    for (const r of creates) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'POLICY_ALREADY_EXISTS' });
    const updates = await Promise.all(Array.from({ length: 8 }, (_, i) => write(i % 2 ? a : b, scope, 'race', 'any', `${i} > 0`)));
    expect(updates.map((u) => u.version).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await a.listPolicyVersions(scope.orgId, 'race')).map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
}
