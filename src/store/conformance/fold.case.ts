/** @module Conformance: projections are exactly the fold of the log. */
import { expect } from 'vitest';
import { emptyProjection, foldEvents, type EventDraft } from '../../core/index.js';
import type { Scope } from '../../core/identity/scope.js';
import { ev } from '../../test-support/event-drafts.js';
import type { ConformanceContext, Register } from './conformance-context.js';

async function expectProjectionMatchesLog(ctx: ConformanceContext, scope: Scope, executionId: string) {
  const store = ctx.store();
  const events = await store.readEvents(scope, { executionId });
  const rebuilt = foldEvents(emptyProjection(), events);
  expect(await store.getExecution(scope, executionId)).toEqual(rebuilt.execution);
  expect(await store.listSteps(scope, executionId)).toEqual([...rebuilt.steps.values()].sort((a, b) => a.stepIndex - b.stepIndex));
  expect(await store.listApprovals(scope, executionId)).toEqual([...rebuilt.approvals.values()]);
  expect(await store.listUsage(scope, executionId)).toEqual(
    rebuilt.usage,
  );
  return rebuilt;
}

/** Appends drafts one request at a time, as a live client would. */
async function appendEach(ctx: ConformanceContext, scope: Scope, executionId: string, drafts: EventDraft[]) {
  for (const draft of drafts) await ctx.store().append(scope, { executionId, decide: () => [draft] });
}

export function foldCases(ctx: ConformanceContext, it: Register): void {
  it('stores projections equal to folding every event from empty (multi-step run, one append per event)', async () => {
    const scope = ctx.scope();
    await appendEach(ctx, scope, 'run', [
      ev.created('refund-agent'),
      ev.stepStarted('plan'),
      ev.provider('plan', 1200, 300, 0.0105),
      ev.stepCompleted('plan'),
      ev.gated('transfer', 'require_approval', 'amount over 1000'),
      ev.approvalRequested('apr-1', 'transfer'),
      ev.approvalDecided('apr-1', 'transfer', 'approved'),
      ev.connector('transfer', 'error'),
      ev.attemptFailed('transfer', 1, 'connector'),
      ev.connector('transfer', 'ok'),
      ev.stepCompleted('transfer', { tokensIn: 10, tokensOut: 10, costUsd: 0.5 }),
      ev.completed(),
    ]);
    const rebuilt = await expectProjectionMatchesLog(ctx, scope, 'run');
    expect(rebuilt.execution).toMatchObject({ status: 'completed', stepCount: 2, completedSteps: 2, retryCount: 1, connectorErrors: 1 });
  });

  it('counts completed, failed and blocked steps as the steps themselves say', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [
        ev.created(),
        ev.stepStarted('a'),
        ev.stepCompleted('a'),
        ev.stepStarted('b'),
        ev.stepFailed('b'),
        ev.gated('c', 'block', 'PII in tool input'),
        ev.gated('d', 'allow'),
      ],
    });
    const execution = await ctx.store().getExecution(scope, 'run');
    const steps = await ctx.store().listSteps(scope, 'run');
    expect(steps.map((s) => [s.stepId, s.stepIndex, s.status])).toEqual([
      ['a', 0, 'completed'],
      ['b', 1, 'failed'],
      ['c', 2, 'blocked'],
      ['d', 3, 'running'],
    ]);
    expect(execution).toMatchObject({ completedSteps: 1, failedSteps: 1, blockedSteps: 1, stepCount: 4, totalSteps: 4, attention: 'blocked' });
    await expectProjectionMatchesLog(ctx, scope, 'run');
  });

  it('adds provider tokens and cost to the step, the execution and the usage records', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.created('research'), ev.stepStarted('s1'), ev.provider('s1', 1000, 200, 0.0045), ev.provider('s1', 500, 100, 0.00225), ev.provider(undefined, 10, 0, 0.0001)],
    });
    const [step] = await ctx.store().listSteps(scope, 'run');
    expect(step).toMatchObject({ tokensIn: 1500, tokensOut: 300, costUsd: 0.00675, provider: 'openai', model: 'gpt-4o' });
    expect(step!.providerCalls).toHaveLength(2);
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ tokensIn: 1510, tokensOut: 300, costUsd: 0.00685, providerCalls: 3 });
    const usage = await ctx.store().listUsage(scope, 'run');
    expect(usage.map((u) => [u.stepId ?? null, u.tokensIn, u.costUsd, u.workflowName])).toEqual([
      ['s1', 1000, 0.0045, 'research'],
      ['s1', 500, 0.00225, 'research'],
      [null, 10, 0.0001, 'research'],
    ]);
  });

  it('counts a completion’s own totals only for steps that reported no provider calls', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [
        ev.created(),
        ev.gated('wcp', 'allow'),
        ev.stepCompleted('wcp', { tokensIn: 300, tokensOut: 50, costUsd: 0.002, provider: 'anthropic', model: 'claude-sonnet-4' }),
        ev.stepStarted('called'),
        ev.provider('called', 100, 10, 0.001),
        ev.stepCompleted('called', { tokensIn: 999, tokensOut: 999, costUsd: 9 }),
      ],
    });
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ tokensIn: 400, tokensOut: 60, costUsd: 0.003 });
    const usage = await ctx.store().listUsage(scope, 'run');
    expect(usage.map((u) => [u.stepId, u.provider, u.tokensIn])).toEqual(
      expect.arrayContaining([
        ['wcp', 'anthropic', 300],
        ['called', 'openai', 100],
      ]),
    );
    expect(usage).toHaveLength(2);
  });

  it('replaces a step’s reported totals when its completion is repeated, never adding them twice', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(), ev.gated('s', 'allow'), ev.stepCompleted('s', { tokensIn: 100, tokensOut: 10, costUsd: 0.5 })] });
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.stepCompleted('s', { tokensIn: 100, tokensOut: 10, costUsd: 0.5 })] });
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ tokensIn: 100, tokensOut: 10, costUsd: 0.5 });
    expect(await ctx.store().listUsage(scope, 'run')).toHaveLength(1);
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.stepCompleted('s', { costUsd: 0.25 })] });
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ tokensIn: 100, costUsd: 0.25 });
    const usage = await ctx.store().listUsage(scope, 'run');
    expect(usage.map((u) => [u.usageId, u.tokensIn, u.costUsd])).toEqual([['completion:s', 100, 0.25]]);
    const [step] = await ctx.store().listSteps(scope, 'run');
    expect(step).toMatchObject({ completionCount: 3, costUsd: 0.25 });
    await expectProjectionMatchesLog(ctx, scope, 'run');
  });

  it('tracks an approval through request and decision on the approval, the step and the run', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(), ev.gated('pay', 'require_approval', 'over limit'), ev.approvalRequested('apr', 'pay')] });
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ pendingApprovals: 1, attention: 'approval_pending', failureClass: 'approval_pending' });
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.approvalDecided('apr', 'pay', 'approved')] });
    const [approval] = await ctx.store().listApprovals(scope, 'run');
    expect(approval).toMatchObject({ status: 'approved', decidedBy: 'reviewer@example.com', comment: 'checked the refund amount' });
    const [step] = await ctx.store().listSteps(scope, 'run');
    expect(step).toMatchObject({ status: 'running', approvalStatus: 'approved', approvedBy: 'reviewer@example.com', approvalId: 'apr' });
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ pendingApprovals: 0, attention: 'none' });
    await expectProjectionMatchesLog(ctx, scope, 'run');
  });

  it('keeps payloads over the cap whole in the log and as a preview in the projections', async () => {
    const scope = ctx.scope();
    const big = { text: 'é'.repeat(40_000) };
    const result = await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.created('wf', { input: big }), ev.stepStarted('s1'), ev.stepCompleted('s1', { output: big })],
    });
    const [step] = await ctx.store().listSteps(scope, 'run');
    expect(step!.output).toMatchObject({ $truncated: true, size_bytes: 80_011, seq: result.events[2]!.event.seq });
    expect((step!.output as { preview: string }).preview).toHaveLength(2048);
    expect((await ctx.store().getExecution(scope, 'run'))?.input).toMatchObject({ $truncated: true, seq: result.events[0]!.event.seq });
    const [, , completed] = await ctx.store().readEvents(scope, { executionId: 'run' });
    expect((completed!.data as { output: unknown }).output).toEqual(big);
    await expectProjectionMatchesLog(ctx, scope, 'run');
  });

  it('counts a cached gate as an attempt without changing the decision', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(), ev.gated('pay', 'allow'), ev.stepCompleted('pay')] });
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [{ type: 'step.gated', data: { stepId: 'pay', name: 'pay', stepType: 'tool_call', decision: 'block', reason: 'x', policiesEvaluated: [], policiesMatched: [], redactions: [], cached: true } }],
    });
    const [step] = await ctx.store().listSteps(scope, 'run');
    expect(step).toMatchObject({ gateCount: 2, decision: 'allow', status: 'completed', completionCount: 1 });
    await expectProjectionMatchesLog(ctx, scope, 'run');
  });

  it('keeps the first terminal status and still records later events', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('s'), ev.completed(), ev.failed(), ev.provider('s', 7, 3, 0.001)] });
    const execution = await ctx.store().getExecution(scope, 'run');
    expect(execution).toMatchObject({ status: 'completed', tokensIn: 7, eventCount: 5 });
    expect(execution?.failureClass).toBeUndefined();
  });

  it('classifies a policy block, also when the client aborts after it', async () => {
    const blocked = ctx.scope();
    await ctx.store().append(blocked, { executionId: 'run', decide: () => [ev.created(), ev.gated('export', 'block', 'SSN in tool input')] });
    expect(await ctx.store().getExecution(blocked, 'run')).toMatchObject({
      status: 'running',
      attention: 'blocked',
      failureClass: 'policy_block',
      failureReason: 'SSN in tool input',
      failureStep: 'export',
    });
    await ctx.store().append(blocked, { executionId: 'run', decide: () => [ev.aborted()] });
    expect(await ctx.store().getExecution(blocked, 'run')).toMatchObject({ status: 'aborted', attention: 'none', failureClass: 'policy_block' });
    const gaveUp = ctx.scope();
    await ctx.store().append(gaveUp, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('s'), ev.aborted()] });
    expect(await ctx.store().getExecution(gaveUp, 'run')).toMatchObject({ status: 'aborted', failureClass: 'cancelled', failureReason: 'aborted by client' });
  });

  it('classifies provider failures, with attention retrying while attempts fail', async () => {
    const scope = ctx.scope();
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.created(), ev.stepStarted('draft'), ev.provider('draft', 0, 0, 0, { outcome: 'error', error: '429 rate limited' }), ev.attemptFailed('draft', 1)],
    });
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({ attention: 'retrying', failureClass: 'provider_failure', retryCount: 1 });
    await ctx.store().append(scope, {
      executionId: 'run',
      decide: () => [ev.provider('draft', 0, 0, 0, { outcome: 'error', error: '503 upstream unavailable' }), ev.stepFailed('draft', 'provider'), ev.failed('draft')],
    });
    expect(await ctx.store().getExecution(scope, 'run')).toMatchObject({
      status: 'failed',
      attention: 'none',
      failureClass: 'provider_failure',
      failureReason: 'draft failed',
      failureStep: 'draft',
    });
  });

  it('classifies connector failures and workflow logic bugs', async () => {
    const connector = ctx.scope();
    await ctx.store().append(connector, { executionId: 'run', decide: () => [ev.created(), ev.connector('lookup', 'error'), ev.stepFailed('lookup', 'connector'), ev.failed('lookup')] });
    expect(await ctx.store().getExecution(connector, 'run')).toMatchObject({ failureClass: 'connector_failure', failureStep: 'lookup' });
    const logic = ctx.scope();
    await ctx.store().append(logic, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('route'), ev.stepFailed('route', 'step'), ev.failed('route')] });
    expect(await ctx.store().getExecution(logic, 'run')).toMatchObject({ failureClass: 'workflow_logic_bug', failureReason: 'route failed' });
  });

  it('classifies cancelled runs and expired approvals', async () => {
    const cancelled = ctx.scope();
    await ctx.store().append(cancelled, { executionId: 'run', decide: () => [ev.created(), ev.stepStarted('s'), ev.cancelled()] });
    expect(await ctx.store().getExecution(cancelled, 'run')).toMatchObject({ status: 'cancelled', failureClass: 'cancelled', failureReason: 'operator cancelled' });
    const expired = ctx.scope();
    await ctx.store().append(expired, {
      executionId: 'run',
      decide: () => [ev.created(), ev.gated('pay', 'require_approval'), ev.approvalRequested('apr', 'pay'), ev.approvalExpired('apr', 'pay'), ev.aborted()],
    });
    expect(await ctx.store().getExecution(expired, 'run')).toMatchObject({ status: 'aborted', failureClass: 'approval_pending', failureStep: 'pay', pendingApprovals: 0 });
    const [approval] = await ctx.store().listApprovals(expired, 'run');
    expect(approval?.status).toBe('expired');
  });
}
