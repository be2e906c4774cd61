/**
 * @module Conformance: the approvals inbox reads (filters, SLA state, keyset pages, scope) and the
 * sweeper's due query, which alone reads across tenants.
 */
import { expect } from 'vitest';
import { planApprovalDecision, planApprovalSweep } from '../../core/approvals/index.js';
import { heldRun } from '../../test-support/approval-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

// After the store's own clock (which stamps requests and decisions), so decisions precede every SLA.
const T0 = '2099-05-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export function approvalCases(ctx: ConformanceContext, it: Register): void {
  it('finds due approvals in every tenant, earliest first, and never decided ones', async () => {
    const store = await ctx.freshStore();
    const [a, b] = [ctx.scope(), ctx.scope()];
    await store.append(a, { executionId: 'r1', decide: () => heldRun({ approvalId: 'apr-1', expiresAt: at(60), slaAt: at(10) }) });
    await store.append(b, { executionId: 'r2', decide: () => heldRun({ approvalId: 'apr-2', expiresAt: at(5) }) });
    await store.append(b, { executionId: 'r3', decide: () => heldRun({ approvalId: 'apr-3', expiresAt: at(1) }) });
    await store.append(b, { executionId: 'r3', decide: () => [{ type: 'approval.decided', data: { approvalId: 'apr-3', stepId: 'pay', decision: 'approved', by: 'lead', comment: 'fine by me' } }] });
    await store.append(a, { executionId: 'r4', decide: () => heldRun({ approvalId: 'apr-4' }) });

    expect(await store.findDueApprovals(at(4), 10)).toEqual([]);
    expect((await store.findDueApprovals(at(30), 10)).map((d) => [d.scope, d.approvalId, d.dueAt])).toEqual([
      [b, 'apr-2', at(5)],
      [a, 'apr-1', at(10)],
    ]);
    expect(await store.findDueApprovals(at(30), 1)).toHaveLength(1);
    // Once its SLA is marked, apr-1 is due again only at its expiry.
    await store.append(a, { executionId: 'r1', load: { approvalIds: ['apr-1'] }, decide: (current) => planApprovalSweep(current, 'apr-1', at(30)) });
    expect((await store.findDueApprovals(at(30), 10)).map((d) => d.approvalId)).toEqual(['apr-2']);
    expect((await store.findDueApprovals(at(60), 10)).map((d) => [d.approvalId, d.dueAt])).toEqual([['apr-2', at(5)], ['apr-1', at(60)]]);
    expect(await store.getApproval(a, 'apr-1')).toMatchObject({ status: 'pending', slaBreached: true });
  });

  it('sums the pending backlog per workflow across every tenant, leaving decided approvals out', async () => {
    const store = await ctx.freshStore();
    const [a, b] = [ctx.scope(), ctx.scope()];
    expect(await store.pendingApprovalBacklog()).toEqual([]);
    await store.append(a, { executionId: 'p1', decide: () => heldRun({ approvalId: 'bk-1', name: 'payouts' }) });
    await store.append(b, { executionId: 'p2', decide: () => heldRun({ approvalId: 'bk-2', name: 'payouts' }) });
    await store.append(b, { executionId: 'r1', decide: () => heldRun({ approvalId: 'bk-3', name: 'refunds' }) });
    await store.append(a, { executionId: 'r2', decide: () => heldRun({ approvalId: 'bk-4', name: 'refunds' }) });
    await store.append(a, { executionId: 'r2', decide: () => [{ type: 'approval.decided', data: { approvalId: 'bk-4', stepId: 'pay', decision: 'rejected', by: 'lead', comment: 'not this one' } }] });
    const oldest = (await store.getApproval(a, 'bk-1'))!.requestedAt;
    const backlog = [...(await store.pendingApprovalBacklog())].sort((x, y) => x.workflowName.localeCompare(y.workflowName));
    expect(backlog).toEqual([
      { workflowName: 'payouts', pending: 2, oldestRequestedAt: oldest },
      { workflowName: 'refunds', pending: 1, oldestRequestedAt: (await store.getApproval(b, 'bk-3'))!.requestedAt },
    ]);
  });

  it('lists approvals with their step and run, filtered and in keyset pages, within the scope only', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    await store.append(scope, { executionId: 'r1', decide: () => heldRun({ approvalId: 'apr-a', name: 'payouts', policyIds: ['p_1', 'p-2'], slaAt: at(10), expiresAt: at(60) }) });
    await store.append(scope, { executionId: 'r2', decide: () => heldRun({ approvalId: 'apr-b', name: 'refunds', policyIds: ['p%1'] }) });
    await store.append(scope, { executionId: 'r3', decide: () => heldRun({ approvalId: 'apr-c', name: 'payouts', policyIds: ['p-2'], slaAt: at(10) }) });
    await store.append(scope, { executionId: 'r3', load: { approvalIds: ['apr-c'] }, decide: (current) => planApprovalDecision(current, { approvalId: 'apr-c', decision: 'rejected', by: 'lead', comment: 'not this one', now: at(1) }) });

    const ids = async (query: Parameters<typeof store.listApprovalViews>[1]) => (await store.listApprovalViews(scope, query)).items.map((v) => v.approval.approvalId);
    const all = await store.listApprovalViews(scope, { limit: 10 });
    expect(all.items.map((v) => v.approval.approvalId).sort()).toEqual(['apr-a', 'apr-b', 'apr-c']);
    const a = all.items.find((v) => v.approval.approvalId === 'apr-a')!;
    expect(a).toMatchObject({ workflowName: 'payouts', executionType: 'wcp_workflow', executionStatus: 'running', step: { stepId: 'pay', decision: 'require_approval' } });
    expect((await store.getApprovalView(scope, 'apr-c'))).toMatchObject({ approval: { status: 'rejected' }, executionStatus: 'aborted' });

    expect(await ids({ limit: 10, statuses: ['pending'] })).toEqual(expect.arrayContaining(['apr-a', 'apr-b']));
    expect(await ids({ limit: 10, statuses: ['rejected', 'expired'] })).toEqual(['apr-c']);
    expect(await ids({ limit: 10, statuses: [] })).toEqual([]);
    expect((await ids({ limit: 10, workflowName: 'payouts' })).sort()).toEqual(['apr-a', 'apr-c']);
    // Policy ids match exactly: `_` and `%` are not wildcards.
    expect((await ids({ limit: 10, policyId: 'p-2' })).sort()).toEqual(['apr-a', 'apr-c']);
    expect(await ids({ limit: 10, policyId: 'p_1' })).toEqual(['apr-a']);
    expect(await ids({ limit: 10, policyId: 'p%1' })).toEqual(['apr-b']);
    expect(await ids({ limit: 10, policyId: 'p?1' })).toEqual([]);
    // SLA: breached once its time passed before resolution; apr-c was rejected before its SLA.
    expect(await ids({ limit: 10, sla: 'breached', now: at(5) })).toEqual([]);
    expect(await ids({ limit: 10, sla: 'breached', now: at(11) })).toEqual(['apr-a']);
    expect((await ids({ limit: 10, sla: 'ok', now: at(11) })).sort()).toEqual(['apr-b', 'apr-c']);
    expect(await ids({ limit: 10, excludeLapsed: true, statuses: ['pending'], now: at(61) })).toEqual(['apr-b']);
    expect(await ids({ limit: 10, activeRunsOnly: true })).toEqual(expect.not.arrayContaining(['apr-c']));

    const first = await store.listApprovalViews(scope, { limit: 2 });
    const rest = await store.listApprovalViews(scope, { limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...rest.items].map((v) => v.approval.approvalId)).toEqual(all.items.map((v) => v.approval.approvalId));
    expect(rest.nextCursor).toBeUndefined();

    const other = ctx.scope();
    expect((await store.listApprovalViews(other, { limit: 10 })).items).toEqual([]);
    expect(await store.getApprovalView(other, 'apr-a')).toBeUndefined();
    expect(await store.getApprovalView({ orgId: scope.orgId, tenantId: 'someone-else' }, 'apr-a')).toBeUndefined();
  });

  it('removes an approval and its policy rows with its run', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    await store.append(scope, { executionId: 'gone', decide: () => heldRun({ approvalId: 'apr-gone', policyIds: ['p-gone'], expiresAt: at(1) }) });
    const audit = { auditId: 'aud-1', at: T0, actor: 'admin', action: 'execution.deleted', targetType: 'execution', targetId: 'gone', details: {} };
    expect(await store.deleteExecution(scope, 'gone', audit)).toBe(true);
    expect(await store.listApprovalViews(scope, { limit: 10, policyId: 'p-gone' })).toMatchObject({ items: [] });
    expect((await store.findDueApprovals(at(2), 1000)).filter((d) => d.approvalId === 'apr-gone' && d.scope.tenantId === scope.tenantId)).toEqual([]);
  });

  it('expires an approval once when replicas sweep it at the same moment', async () => {
    const location = ctx.location();
    const first = ctx.track(location.open());
    await first.migrate();
    // A second replica where the backend allows several processes; one store otherwise (SQLite).
    const second = ctx.kind === 'postgres' ? ctx.track(location.open()) : first;
    const scope = ctx.scope();
    await first.append(scope, { executionId: 'run', decide: () => heldRun({ approvalId: 'apr-race', expiresAt: at(1), slaAt: at(0) }) });
    const sweep = (store: typeof first) => store.append(scope, { executionId: 'run', load: { approvalIds: ['apr-race'] }, decide: (current) => planApprovalSweep(current, 'apr-race', at(2)) });
    await Promise.all(Array.from({ length: 6 }, (_, i) => sweep(i % 2 === 0 ? first : second)));
    const types = (await first.readEvents(scope, { executionId: 'run' })).map((e) => e.type);
    expect(types.filter((t) => t === 'approval.sla_breached')).toHaveLength(1);
    expect(types.filter((t) => t === 'approval.expired')).toHaveLength(1);
    expect(types.filter((t) => t === 'execution.aborted')).toHaveLength(1);
    expect(await second.getExecution(scope, 'run')).toMatchObject({ status: 'aborted', pendingApprovals: 0 });
  });
}
