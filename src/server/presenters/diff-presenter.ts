/** @module The run diff on the wire (shared/execution-diff.ts) from the core's RunDiff. */
import { DIFF_STEP_LIMIT, type Delta, type DiffRow as CoreRow, type DiffSide, type RunDiff } from '../../core/executions/diff-runs.js';
import type { JsonChanges } from '../../core/executions/json-changes.js';
import type { Step } from '../../core/executions/index.js';
import type { DiffRow, DiffRun, DiffStepRef, ExecutionDiff } from '../../shared/execution-diff.js';

function presentRun(side: DiffSide): DiffRun {
  const e = side.execution;
  return {
    execution_id: e.executionId,
    workflow_name: e.name,
    status: e.status,
    failure_class: e.failureClass,
    failure_reason: e.failureReason,
    started_at: e.startedAt,
    duration_ms: e.durationMs,
    total_steps: Math.max(e.stepCount, side.steps.length),
    steps_compared: Math.min(side.steps.length, DIFF_STEP_LIMIT),
    truncated: side.truncated || side.steps.length > DIFF_STEP_LIMIT,
  };
}

function presentStep(step: Step): DiffStepRef {
  return {
    step_index: step.stepIndex,
    step_id: step.stepId,
    step_name: step.name,
    step_type: step.stepType,
    status: step.status,
    decision: step.decision,
    provider: step.provider,
    model: step.model,
    tool_name: step.tool?.name,
    tokens_in: step.tokensIn,
    tokens_out: step.tokensOut,
    cost_usd: step.costUsd,
    duration_ms: step.durationMs,
    error_message: step.error?.message,
  };
}

const change = (c: JsonChanges | undefined) => c && { changed: c.changed, paths: [...c.paths], more: c.more };
const delta = (d: Delta) => ({ a: d.a, b: d.b, delta: d.delta });

function presentRow(row: CoreRow): DiffRow {
  return {
    match: row.match,
    index_a: row.indexA,
    index_b: row.indexB,
    a: row.a && presentStep(row.a),
    b: row.b && presentStep(row.b),
    changes: [...row.changes],
    input: change(row.input),
    output: change(row.output),
    deltas: row.deltas && { tokens_in: row.deltas.tokensIn, tokens_out: row.deltas.tokensOut, cost_usd: row.deltas.costUsd, duration_ms: row.deltas.durationMs },
  };
}

export function presentDiff(a: DiffSide, b: DiffSide, diff: RunDiff): ExecutionDiff {
  const s = diff.summary;
  const d = diff.firstDivergence;
  const c = diff.firstDataChange;
  return {
    a: presentRun(a),
    b: presentRun(b),
    same_trajectory: d === undefined,
    first_divergence: d ? { row: d.row, index_a: d.indexA, index_b: d.indexB, kinds: [...d.kinds], reason: d.reason } : null,
    first_data_change: c ? { row: c.row, index_a: c.indexA, index_b: c.indexB, fields: [...c.fields] } : null,
    summary: {
      status: { ...s.status },
      failure_class: { a: s.failureClass.a ?? null, b: s.failureClass.b ?? null, changed: s.failureClass.changed },
      duration_ms: delta(s.durationMs),
      tokens: delta(s.tokens),
      tokens_in: delta(s.tokensIn),
      tokens_out: delta(s.tokensOut),
      cost_usd: delta(s.costUsd),
      steps: delta(s.steps),
    },
    counts: { matched: diff.counts.matched, changed: diff.counts.changed, only_a: diff.counts.onlyA, only_b: diff.counts.onlyB },
    steps: diff.rows.map(presentRow),
    truncated: diff.truncated,
    step_limit: DIFF_STEP_LIMIT,
  };
}
