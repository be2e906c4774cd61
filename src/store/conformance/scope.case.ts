/** @module Conformance: nothing crosses a tenant or org boundary. */
import { expect } from 'vitest';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

export function scopeCases(ctx: ConformanceContext, it: Register): void {
  async function seedRun() {
    const owner = ctx.scope();
    await ctx.store().append(owner, {
      executionId: 'secret-run',
      decide: () => [ev.created('payroll'), ev.gated('pay', 'require_approval'), ev.approvalRequested('apr', 'pay'), ev.provider('pay', 10, 10, 0.01)],
    });
    return owner;
  }

  it('hides an execution from another tenant of the same org', async () => {
    const owner = await seedRun();
    const neighbour = { orgId: owner.orgId, tenantId: `${owner.tenantId}-other` };
    expect(await ctx.store().getExecution(neighbour, 'secret-run')).toBeUndefined();
    expect(await ctx.store().listSteps(neighbour, 'secret-run')).toEqual([]);
    expect(await ctx.store().getStep(neighbour, 'secret-run', 'pay')).toBeUndefined();
    expect(await ctx.store().getApproval(neighbour, 'apr')).toBeUndefined();
    expect(await ctx.store().getStep(owner, 'secret-run', 'pay')).toMatchObject({ stepId: 'pay', approvalId: 'apr' });
    expect(await ctx.store().getApproval(owner, 'apr')).toMatchObject({ approvalId: 'apr', executionId: 'secret-run', status: 'pending' });
    expect(await ctx.store().listApprovals(neighbour, 'secret-run')).toEqual([]);
    expect(await ctx.store().listUsage(neighbour, 'secret-run')).toEqual([]);
    expect(await ctx.store().readEvents(neighbour, { executionId: 'secret-run' })).toEqual([]);
  });

  it('hides an execution from another org with the same tenant id', async () => {
    const owner = await seedRun();
    const stranger = { orgId: `${owner.orgId}-x`, tenantId: owner.tenantId };
    expect(await ctx.store().getExecution(stranger, 'secret-run')).toBeUndefined();
    expect((await ctx.store().listExecutions(stranger, { limit: 50, offset: 0 })).total).toBe(0);
  });

  it('lists and reads events only from the caller’s scope', async () => {
    const mine = ctx.scope();
    const theirs = ctx.scope();
    await ctx.store().append(mine, { executionId: 'a', decide: () => [ev.created()] });
    await ctx.store().append(theirs, { executionId: 'b', decide: () => [ev.created()] });
    await ctx.store().append(mine, { executionId: 'c', decide: () => [ev.created()] });
    const page = await ctx.store().listExecutions(mine, { limit: 50, offset: 0 });
    expect(page.executions.map((e) => e.executionId).sort()).toEqual(['a', 'c']);
    expect(page.total).toBe(2);
    const events = await ctx.store().readEvents(mine, {});
    expect(events.map((e) => e.executionId)).toEqual(['a', 'c']);
    expect(events.every((e) => e.tenantId === mine.tenantId && e.orgId === mine.orgId)).toBe(true);
  });

  it('keeps the same execution id in two tenants as two separate runs', async () => {
    const a = ctx.scope();
    const b = ctx.scope();
    await ctx.store().append(a, { executionId: 'shared-id', decide: () => [ev.created('alpha'), ev.completed()] });
    await ctx.store().append(b, { executionId: 'shared-id', decide: () => [ev.created('beta')] });
    expect(await ctx.store().getExecution(a, 'shared-id')).toMatchObject({ name: 'alpha', status: 'completed' });
    expect(await ctx.store().getExecution(b, 'shared-id')).toMatchObject({ name: 'beta', status: 'running' });
  });

  it('refuses to append to another tenant’s run as if it did not exist', async () => {
    const owner = await seedRun();
    const neighbour = { orgId: owner.orgId, tenantId: `${owner.tenantId}-other` };
    await expect(ctx.store().append(neighbour, { executionId: 'secret-run', decide: () => [ev.completed()] })).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
    expect(await ctx.store().getExecution(owner, 'secret-run')).toMatchObject({ status: 'running' });
  });

  it('deletes a run with everything folded from it, records who did it, and never another tenant’s run', async () => {
    const owner = await seedRun();
    const neighbour = { orgId: owner.orgId, tenantId: `${owner.tenantId}-other` };
    const audit = (auditId: string) => ({ auditId, at: '2026-06-01T00:00:00.000Z', actor: 'axf_admin', action: 'execution.deleted', targetType: 'execution', targetId: 'secret-run', details: { reason: 'GDPR request' } });
    expect(await ctx.store().countExecutions(owner, { search: 'pay' })).toBe(1);
    expect(await ctx.store().deleteExecution(neighbour, 'secret-run', audit('a0'))).toBe(false);
    expect(await ctx.store().listAudit(neighbour, { limit: 10 })).toEqual([]);
    expect(await ctx.store().deleteExecution(owner, 'secret-run', audit('a1'))).toBe(true);
    expect(await ctx.store().getExecution(owner, 'secret-run')).toBeUndefined();
    expect(await ctx.store().listSteps(owner, 'secret-run')).toEqual([]);
    expect(await ctx.store().listApprovals(owner, 'secret-run')).toEqual([]);
    expect(await ctx.store().listUsage(owner, 'secret-run')).toEqual([]);
    expect(await ctx.store().readEvents(owner, { executionId: 'secret-run' })).toEqual([]);
    expect(await ctx.store().countExecutions(owner, { search: 'pay' })).toBe(0);
    // Filed under the run it is about (docs/audit.md), so it is found by execution after the run is gone.
    expect(await ctx.store().listAudit(owner, { targetType: 'execution', targetId: 'secret-run', limit: 10 })).toEqual([{ ...audit('a1'), executionId: 'secret-run' }]);
    expect(await ctx.store().deleteExecution(owner, 'secret-run', audit('a2'))).toBe(false);
  });

  it('hides and protects credentials across tenants', async () => {
    const owner = ctx.scope();
    const other = ctx.scope(owner.orgId);
    const at = '2026-05-01T00:00:00.000Z';
    await ctx.store().ensureTenant(owner, at);
    await ctx.store().insertCredential({ ...owner, clientId: `cl-${owner.tenantId}`, role: 'admin', name: null, createdAt: at, createdBy: null, revokedAt: null, secretLookup: 'l', secretHash: 'h' });
    expect(await ctx.store().getCredential(other, `cl-${owner.tenantId}`)).toBeUndefined();
    expect(await ctx.store().listCredentials(other)).toEqual([]);
    expect(await ctx.store().revokeCredential(other, `cl-${owner.tenantId}`, at)).toBe(false);
    expect(await ctx.store().getCredential(owner, `cl-${owner.tenantId}`)).toMatchObject({ revokedAt: null });
  });
}
