/**
 * @module Conformance: re-runs. Targets are one per workflow name of a tenant, created or replaced
 * (the replace keeps who created it), deleted once, and audited with every write; another tenant
 * sees none of them. Children are found by parent: in start order, only the parent's, only in the
 * scope. Re-run events fold into the original run's `reruns` and leave its status alone.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Scope } from '../../core/identity/scope.js';
import type { RerunTarget } from '../../core/reruns/rerun-target.js';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const AT = '2026-05-01T10:00:00.000Z';
const LATER = '2026-05-01T11:00:00.000Z';
const id = (p: string) => `${p}_${randomBytes(6).toString('hex')}`;

function target(scope: Scope, workflowName: string, extra: Partial<RerunTarget> = {}): RerunTarget {
  return { orgId: scope.orgId, tenantId: scope.tenantId, workflowName, url: 'https://app.example.com/reruns', secret: 'rrsec_0123456789abcdef', createdAt: AT, createdBy: 'admin-a', updatedAt: AT, updatedBy: 'admin-a', ...extra };
}

const audit = (action: string, targetId: string) => ({ auditId: id('aud'), at: AT, actor: 'admin-a', action, targetType: 'rerun_target', targetId, details: { url: 'https://app.example.com/reruns' } });

export function rerunCases(ctx: ConformanceContext, it: Register): void {
  it('creates, replaces, lists, reads and deletes re-run targets per tenant, with an audit entry for each write', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    const other = { ...scope, tenantId: `${scope.tenantId}-other` };
    // Names are text: spaces, slashes and non-ASCII come back exactly.
    const names = ['refund agent/v2', 'Ärger-triage', 'billing'];
    for (const name of names) await store.putRerunTarget(scope, target(scope, name, { description: `for ${name}` }), audit('rerun_target.create', name));
    expect((await store.listRerunTargets(scope)).map((t) => t.workflowName)).toEqual([...names].sort());
    expect(await store.getRerunTarget(scope, 'refund agent/v2')).toEqual(target(scope, 'refund agent/v2', { description: 'for refund agent/v2' }));

    await store.putRerunTarget(scope, target(scope, 'billing', { url: 'https://other.example.com/r', secret: 'rrsec_rotated_0123456789', createdAt: LATER, createdBy: 'admin-b', updatedAt: LATER, updatedBy: 'admin-b' }), audit('rerun_target.replace', 'billing'));
    const replaced = await store.getRerunTarget(scope, 'billing');
    expect(replaced).toEqual({ ...target(scope, 'billing', { url: 'https://other.example.com/r', secret: 'rrsec_rotated_0123456789', updatedAt: LATER, updatedBy: 'admin-b' }) });
    expect(replaced).not.toHaveProperty('description');

    expect(await store.listRerunTargets(other)).toEqual([]);
    expect(await store.getRerunTarget(other, 'billing')).toBeUndefined();
    expect(await store.deleteRerunTarget(other, 'billing', audit('rerun_target.delete', 'billing'))).toBe(false);
    expect(await store.deleteRerunTarget(scope, 'billing', audit('rerun_target.delete', 'billing'))).toBe(true);
    expect(await store.deleteRerunTarget(scope, 'billing', audit('rerun_target.delete', 'billing'))).toBe(false);
    expect(await store.getRerunTarget(scope, 'billing')).toBeUndefined();

    const trail = await store.listAudit(scope, { targetType: 'rerun_target', limit: 20 });
    expect(trail.map((e) => `${e.action} ${e.targetId}`).sort()).toEqual(['rerun_target.create billing', 'rerun_target.create refund agent/v2', 'rerun_target.create Ärger-triage', 'rerun_target.delete billing', 'rerun_target.replace billing'].sort());
    // A refused delete (wrong tenant, or nothing to delete) records nothing.
    expect(await store.listAudit(other, { targetType: 'rerun_target', limit: 20 })).toEqual([]);
  });

  it('lists the children of a run by parent, oldest first, within the scope only', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    const other = { ...scope, tenantId: `${scope.tenantId}-other` };
    await store.append(scope, { executionId: 'original', decide: () => [ev.created('refund'), ev.completed()] });
    await store.append(scope, { executionId: 'child-2', decide: () => [ev.created('refund', { parentExecutionId: 'original', rerunId: 'rr_2', at: '2026-05-01T10:02:00.000Z' })] });
    await store.append(scope, { executionId: 'child-1', decide: () => [ev.created('refund', { parentExecutionId: 'original', rerunId: 'rr_1', at: '2026-05-01T10:01:00.000Z' })] });
    await store.append(scope, { executionId: 'grandchild', decide: () => [ev.created('refund', { parentExecutionId: 'child-1', rerunId: 'rr_3' })] });
    await store.append(scope, { executionId: 'unrelated', decide: () => [ev.created('refund')] });
    // Same parent id in another tenant: not a child of this tenant's run.
    await store.append(other, { executionId: 'intruder', decide: () => [ev.created('refund', { parentExecutionId: 'original', rerunId: 'rr_1' })] });

    const children = await store.listChildExecutions(scope, 'original', 10);
    expect(children.map((c) => [c.executionId, c.parentExecutionId, c.rerunId])).toEqual([
      ['child-1', 'original', 'rr_1'],
      ['child-2', 'original', 'rr_2'],
    ]);
    expect((await store.listChildExecutions(scope, 'original', 1)).map((c) => c.executionId)).toEqual(['child-1']);
    expect((await store.listChildExecutions(scope, 'child-1', 10)).map((c) => c.executionId)).toEqual(['grandchild']);
    expect(await store.listChildExecutions(scope, 'unrelated', 10)).toEqual([]);
    expect((await store.listChildExecutions(other, 'original', 10)).map((c) => c.executionId)).toEqual(['intruder']);
    // A later event keeps the link (the column is rewritten from the projection on every append).
    await store.append(scope, { executionId: 'child-1', decide: () => [ev.completed()] });
    expect((await store.listChildExecutions(scope, 'original', 10)).map((c) => `${c.executionId}:${c.status}`)).toEqual(['child-1:completed', 'child-2:running']);
  });

  it('folds re-run events into the original run without touching its status', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    await store.append(scope, { executionId: 'run', decide: () => [ev.created('refund'), ev.stepStarted('s1'), ev.failed('s1')] });
    const before = (await store.getExecution(scope, 'run'))!;
    const fromStep = { stepIndex: 0, stepId: 's1', name: 's1' };
    await store.append(scope, {
      executionId: 'run',
      decide: () => [{ type: 'rerun.requested', eventId: 'rr_a', at: LATER, data: { rerunId: 'rr_a', requestedBy: 'ops', reason: 'provider fixed, try again', fromStep, inputOverrides: { amount: 5 }, targetUrl: 'https://app.example.com/reruns' } }],
    });
    await store.append(scope, { executionId: 'run', decide: () => [{ type: 'rerun.dispatched', eventId: 'rr_a/dispatched', at: LATER, data: { rerunId: 'rr_a', outcome: 'ok', responseStatus: 202, latencyMs: 12 } }] });
    // A dispatch of a re-run the run never had changes nothing.
    await store.append(scope, { executionId: 'run', decide: () => [{ type: 'rerun.dispatched', eventId: 'rr_x/dispatched', data: { rerunId: 'rr_x', outcome: 'error', error: 'HTTP 500', latencyMs: 3 } }] });
    const after = (await store.getExecution(scope, 'run'))!;
    expect(after.status).toBe(before.status);
    expect(after.failureClass).toBe(before.failureClass);
    expect(after.completedAt).toBe(before.completedAt);
    expect(after.reruns).toEqual([
      { rerunId: 'rr_a', requestedAt: LATER, requestedBy: 'ops', reason: 'provider fixed, try again', fromStep, targetUrl: 'https://app.example.com/reruns', dispatch: { outcome: 'ok', responseStatus: 202, latencyMs: 12, at: LATER } },
    ]);
    expect(after.eventCount).toBe(before.eventCount + 3);
  });
}
