/**
 * @module The diff of two runs: their steps aligned by longest common subsequence on (name, type),
 * the first point where their trajectories part, what changed in each aligned pair, and the
 * deltas of the run totals. Pure: the caller reads the runs (at most DIFF_STEP_LIMIT steps each).
 *
 * The trajectory is the sequence of steps and their outcomes, so the first divergence is the
 * first row where a step is only in one run, or an aligned pair ended differently (status) or was
 * decided differently at its gate (decision). Inputs and outputs of two runs usually differ (two
 * tickets, two customers): those are reported per pair, and the first pair whose input or output
 * changed is named separately (`firstDataChange`).
 */
import { alignByLcs } from './align-by-lcs.js';
import type { Execution } from './execution.js';
import { jsonChanges, type JsonChanges } from './json-changes.js';
import { addUsd } from './money.js';
import type { Step } from './step.js';

/** Steps compared per run; a longer run is compared on its first DIFF_STEP_LIMIT steps (`truncated`). */
export const DIFF_STEP_LIMIT = 5000;

export interface DiffSide {
  readonly execution: Execution;
  /** The run's first steps in step-index order. */
  readonly steps: readonly Step[];
  /** The run has more steps than `steps`. */
  readonly truncated: boolean;
}

/** What differs between two aligned steps. Latency always differs a little: see the deltas. */
export const STEP_CHANGES = ['input', 'output', 'status', 'decision', 'model', 'tokens', 'cost', 'error'] as const;
export type StepChange = (typeof STEP_CHANGES)[number];

export const DIVERGENCE_KINDS = ['only_in_a', 'only_in_b', 'status', 'decision'] as const;
export type DivergenceKind = (typeof DIVERGENCE_KINDS)[number];

export interface StepDeltas {
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly costUsd: number;
  /** Present when both steps have a duration. */
  readonly durationMs?: number;
}

export interface DiffRow {
  readonly match: 'matched' | 'only_a' | 'only_b';
  /** The step's index in run a; for a step only b has, the index where a continues. */
  readonly indexA: number;
  readonly indexB: number;
  readonly a?: Step;
  readonly b?: Step;
  /** Matched rows: what differs (empty when nothing does). */
  readonly changes: readonly StepChange[];
  readonly input?: JsonChanges;
  readonly output?: JsonChanges;
  /** Matched rows: b minus a. */
  readonly deltas?: StepDeltas;
}

export interface Divergence {
  /** Position in `rows`. */
  readonly row: number;
  readonly indexA: number;
  readonly indexB: number;
  readonly kinds: readonly DivergenceKind[];
  readonly reason: string;
}

export interface DataChange {
  readonly row: number;
  readonly indexA: number;
  readonly indexB: number;
  readonly fields: readonly ('input' | 'output')[];
}

export interface Compared<T> {
  readonly a: T;
  readonly b: T;
  readonly changed: boolean;
}

export interface Delta {
  readonly a?: number;
  readonly b?: number;
  /** b minus a, when both are known. */
  readonly delta?: number;
}

export interface SummaryDiff {
  readonly status: Compared<string>;
  readonly failureClass: Compared<string | undefined>;
  readonly durationMs: Delta;
  readonly tokensIn: Delta;
  readonly tokensOut: Delta;
  readonly tokens: Delta;
  readonly costUsd: Delta;
  readonly steps: Delta;
}

export interface RunDiff {
  readonly rows: readonly DiffRow[];
  readonly firstDivergence?: Divergence;
  readonly firstDataChange?: DataChange;
  readonly summary: SummaryDiff;
  readonly counts: { readonly matched: number; readonly changed: number; readonly onlyA: number; readonly onlyB: number };
  /** Either run had more than DIFF_STEP_LIMIT steps; only the first ones were compared. */
  readonly truncated: boolean;
}

const keyOf = (step: Step) => `${step.stepType}\u0000${step.name}`;

const delta = (a: number | undefined, b: number | undefined, add: (x: number, y: number) => number = (x, y) => x + y): Delta => ({
  a,
  b,
  ...(a !== undefined && b !== undefined ? { delta: add(b, -a) } : {}),
});

function compareSteps(a: Step, b: Step): Pick<DiffRow, 'changes' | 'input' | 'output' | 'deltas'> {
  const input = jsonChanges({ input: a.input, tool_input: a.tool?.input }, { input: b.input, tool_input: b.tool?.input });
  const output = jsonChanges(a.output, b.output);
  const changes: StepChange[] = [];
  if (input.changed) changes.push('input');
  if (output.changed) changes.push('output');
  if (a.status !== b.status) changes.push('status');
  if (a.decision !== b.decision) changes.push('decision');
  if (a.provider !== b.provider || a.model !== b.model || a.tool?.name !== b.tool?.name) changes.push('model');
  if (a.tokensIn !== b.tokensIn || a.tokensOut !== b.tokensOut) changes.push('tokens');
  if (a.costUsd !== b.costUsd) changes.push('cost');
  if (a.error?.message !== b.error?.message) changes.push('error');
  const deltas: StepDeltas = {
    tokensIn: b.tokensIn - a.tokensIn,
    tokensOut: b.tokensOut - a.tokensOut,
    costUsd: addUsd(b.costUsd, -a.costUsd),
    ...(a.durationMs !== undefined && b.durationMs !== undefined ? { durationMs: b.durationMs - a.durationMs } : {}),
  };
  return { changes, input, output, deltas };
}

function divergenceOf(row: DiffRow, at: number): Divergence | undefined {
  const base = { row: at, indexA: row.indexA, indexB: row.indexB };
  if (row.match === 'only_a') return { ...base, kinds: ['only_in_a'], reason: `step ${row.indexA} "${row.a!.name}" (${row.a!.stepType}) is only in run a` };
  if (row.match === 'only_b') return { ...base, kinds: ['only_in_b'], reason: `step ${row.indexB} "${row.b!.name}" (${row.b!.stepType}) is only in run b` };
  const kinds: DivergenceKind[] = [];
  const why: string[] = [];
  if (row.changes.includes('status')) {
    kinds.push('status');
    why.push(`status ${row.a!.status} → ${row.b!.status}`);
  }
  if (row.changes.includes('decision')) {
    kinds.push('decision');
    why.push(`decision ${row.a!.decision ?? 'none'} → ${row.b!.decision ?? 'none'}`);
  }
  if (kinds.length === 0) return undefined;
  return { ...base, kinds, reason: `step "${row.a!.name}": ${why.join(', ')}` };
}

function summaryOf(a: Execution, b: Execution, stepsA: number, stepsB: number): SummaryDiff {
  return {
    status: { a: a.status, b: b.status, changed: a.status !== b.status },
    failureClass: { a: a.failureClass, b: b.failureClass, changed: a.failureClass !== b.failureClass },
    durationMs: delta(a.durationMs, b.durationMs),
    tokensIn: delta(a.tokensIn, b.tokensIn),
    tokensOut: delta(a.tokensOut, b.tokensOut),
    tokens: delta(a.tokensIn + a.tokensOut, b.tokensIn + b.tokensOut),
    costUsd: delta(a.costUsd, b.costUsd, addUsd),
    steps: delta(stepsA, stepsB),
  };
}

export function diffRuns(a: DiffSide, b: DiffSide): RunDiff {
  const stepsA = a.steps.slice(0, DIFF_STEP_LIMIT);
  const stepsB = b.steps.slice(0, DIFF_STEP_LIMIT);
  const rows: DiffRow[] = [];
  let atA = 0;
  let atB = 0;
  for (const aligned of alignByLcs(stepsA.map(keyOf), stepsB.map(keyOf))) {
    const sa = aligned.a !== undefined ? stepsA[aligned.a] : undefined;
    const sb = aligned.b !== undefined ? stepsB[aligned.b] : undefined;
    const indexA = sa?.stepIndex ?? stepsA[atA]?.stepIndex ?? atA;
    const indexB = sb?.stepIndex ?? stepsB[atB]?.stepIndex ?? atB;
    if (sa && sb) rows.push({ match: 'matched', indexA, indexB, a: sa, b: sb, ...compareSteps(sa, sb) });
    else if (sa) rows.push({ match: 'only_a', indexA, indexB, a: sa, changes: [] });
    else rows.push({ match: 'only_b', indexA, indexB, b: sb, changes: [] });
    if (sa) atA++;
    if (sb) atB++;
  }

  let firstDivergence: Divergence | undefined;
  let firstDataChange: DataChange | undefined;
  const counts = { matched: 0, changed: 0, onlyA: 0, onlyB: 0 };
  rows.forEach((row, i) => {
    firstDivergence ??= divergenceOf(row, i);
    if (row.match === 'only_a') counts.onlyA++;
    else if (row.match === 'only_b') counts.onlyB++;
    else {
      counts.matched++;
      if (row.changes.length > 0) counts.changed++;
      const fields = (['input', 'output'] as const).filter((f) => row.changes.includes(f));
      if (fields.length > 0) firstDataChange ??= { row: i, indexA: row.indexA, indexB: row.indexB, fields };
    }
  });

  return {
    rows,
    firstDivergence,
    firstDataChange,
    summary: summaryOf(a.execution, b.execution, Math.max(a.execution.stepCount, a.steps.length), Math.max(b.execution.stepCount, b.steps.length)),
    counts,
    truncated: a.truncated || b.truncated || a.steps.length > DIFF_STEP_LIMIT || b.steps.length > DIFF_STEP_LIMIT,
  };
}
