import { describe, expect, it } from 'vitest';
import { DIFF_STEP_LIMIT, diffRuns, type DiffSide } from './diff-runs.js';
import type { Execution } from './execution.js';
import type { Step } from './step.js';

function step(stepIndex: number, name: string, overrides: Partial<Step> = {}): Step {
  return {
    executionId: 'run',
    stepId: `${name}-${stepIndex + 1}`,
    stepIndex,
    name,
    stepType: 'llm_call',
    status: 'completed',
    decision: 'allow',
    policiesEvaluated: [],
    policiesMatched: [],
    redactions: [],
    gateCount: 1,
    completionCount: 1,
    attempts: [],
    providerCalls: [],
    connectorCalls: [],
    tokensIn: 100,
    tokensOut: 20,
    tokensCached: 0,
    costUsd: 0.001,
    durationMs: 500,
    firstAttemptAt: '2026-01-01T00:00:00.000Z',
    lastAttemptAt: '2026-01-01T00:00:00.000Z',
    updatedSeq: 1,
    ...overrides,
  };
}

function side(steps: Step[], execution: Partial<Execution> = {}): DiffSide {
  const run = {
    executionId: 'run',
    name: 'support-triage',
    status: 'completed',
    stepCount: steps.length,
    tokensIn: steps.reduce((n, s) => n + s.tokensIn, 0),
    tokensOut: steps.reduce((n, s) => n + s.tokensOut, 0),
    costUsd: steps.reduce((n, s) => n + s.costUsd, 0),
    durationMs: 2000,
    ...execution,
  } as Execution;
  return { execution: run, steps, truncated: false };
}

const triage = (i: number, o: Partial<Step> = {}) => step(i, 'triage ticket', { input: { ticket: 'invoice twice' }, output: { intent: 'billing' }, ...o });
const search = (i: number, o: Partial<Step> = {}) => step(i, 'search help centre', { stepType: 'connector_call', tool: { name: 'kb.search', input: { query: 'invoice' } }, output: [{ id: 'kb-112' }], ...o });
const draft = (i: number, o: Partial<Step> = {}) => step(i, 'draft reply', { output: { reply: 'Thanks' }, ...o });
const review = (i: number, o: Partial<Step> = {}) => step(i, 'review reply', { output: { approved: true }, ...o });

describe('diffRuns', () => {
  it('finds no divergence between two runs of the same trajectory, and names the first data change', () => {
    const a = side([triage(0), search(1), draft(2)]);
    const b = side([triage(0, { input: { ticket: 'rotate key' }, output: { intent: 'how-to' } }), search(1), draft(2, { tokensIn: 150, costUsd: 0.0015, durationMs: 700 })]);
    const diff = diffRuns(a, b);
    expect(diff.firstDivergence).toBeUndefined();
    expect(diff.rows.map((r) => r.match)).toEqual(['matched', 'matched', 'matched']);
    expect(diff.rows[0]).toMatchObject({ changes: ['input', 'output'], input: { paths: ['$.input.ticket'] }, output: { paths: ['$.intent'] } });
    expect(diff.rows[1]!.changes).toEqual([]);
    expect(diff.rows[2]).toMatchObject({ changes: ['tokens', 'cost'], deltas: { tokensIn: 50, tokensOut: 0, costUsd: 0.0005, durationMs: 200 } });
    expect(diff.firstDataChange).toEqual({ row: 0, indexA: 0, indexB: 0, fields: ['input', 'output'] });
    expect(diff.counts).toEqual({ matched: 3, changed: 2, onlyA: 0, onlyB: 0 });
  });

  it('names the failing step of a failed run as the first divergence from a completed one', () => {
    const completed = side([triage(0), search(1), draft(2), review(3)]);
    const failed = side([triage(0), search(1), draft(2, { status: 'failed', output: undefined, error: { message: '429 Too Many Requests', source: 'provider' } })], { status: 'failed', failureClass: 'provider_failure', durationMs: 9000 });
    const diff = diffRuns(completed, failed);
    expect(diff.firstDivergence).toEqual({ row: 2, indexA: 2, indexB: 2, kinds: ['status'], reason: 'step "draft reply": status completed → failed' });
    expect(diff.rows.map((r) => [r.match, r.indexA, r.indexB])).toEqual([
      ['matched', 0, 0],
      ['matched', 1, 1],
      ['matched', 2, 2],
      ['only_a', 3, 3],
    ]);
    expect(diff.rows[2]!.changes).toEqual(['output', 'status', 'error']);
    expect(diff.summary).toMatchObject({
      status: { a: 'completed', b: 'failed', changed: true },
      failureClass: { a: undefined, b: 'provider_failure', changed: true },
      durationMs: { a: 2000, b: 9000, delta: 7000 },
      steps: { a: 4, b: 3, delta: -1 },
      tokens: { a: 480, b: 360, delta: -120 },
      costUsd: { a: 0.004, b: 0.003, delta: -0.001 },
    });
  });

  it('reports a gate decision that changed (a block) and a step only the second run made', () => {
    const a = side([triage(0), draft(1)]);
    const b = side([triage(0), search(1), draft(2, { decision: 'block', status: 'blocked' })]);
    const diff = diffRuns(a, b);
    expect(diff.rows.map((r) => [r.match, r.indexA, r.indexB])).toEqual([
      ['matched', 0, 0],
      ['only_b', 1, 1],
      ['matched', 1, 2],
    ]);
    expect(diff.firstDivergence).toMatchObject({ row: 1, indexA: 1, indexB: 1, kinds: ['only_in_b'], reason: 'step 1 "search help centre" (connector_call) is only in run b' });
    expect(diffRuns(side([triage(0), draft(1)]), side([triage(0), draft(1, { decision: 'block', status: 'blocked' })])).firstDivergence).toMatchObject({ kinds: ['status', 'decision'], reason: 'step "draft reply": status completed → blocked, decision allow → block' });
  });

  it('aligns on name and type: a step renamed or retyped is one step only in a and one only in b', () => {
    const diff = diffRuns(side([triage(0), search(1)]), side([triage(0), search(1, { stepType: 'tool_call' })]));
    expect(diff.rows.map((r) => r.match)).toEqual(['matched', 'only_a', 'only_b']);
    expect(diff.counts).toMatchObject({ onlyA: 1, onlyB: 1 });
    expect(diff.firstDivergence).toMatchObject({ row: 1, kinds: ['only_in_a'] });
  });

  it('compares the tool input with the step input, and a changed model', () => {
    const diff = diffRuns(side([search(0)]), side([search(0, { tool: { name: 'kb.search_v2', input: { query: 'refund' } } })]));
    expect(diff.rows[0]).toMatchObject({ changes: ['input', 'model'], input: { paths: ['$.tool_input.query'] } });
  });

  it('compares at most DIFF_STEP_LIMIT steps of each run and says so', () => {
    const many = Array.from({ length: DIFF_STEP_LIMIT + 3 }, (_, i) => step(i, `s${i % 10}`));
    const diff = diffRuns(side(many), side(many.slice(0, 10)));
    expect(diff.truncated).toBe(true);
    expect(diff.rows).toHaveLength(DIFF_STEP_LIMIT);
    expect(diff.summary.steps).toEqual({ a: DIFF_STEP_LIMIT + 3, b: 10, delta: -DIFF_STEP_LIMIT + 7 });
  });
});
