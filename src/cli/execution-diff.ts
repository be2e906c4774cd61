/**
 * @module `axonctl executions diff <a> <b>`: two runs side by side (GET /api/v1/executions/{a}/diff/{b}).
 * The table shows the run totals with their deltas (b minus a), the first divergence, one row per
 * aligned step (the divergent one marked `>`), then the JSON paths of changed inputs and outputs.
 * `-o json` prints the API's answer as it is.
 */
import { Option, type Command } from 'commander';
import type { DiffRow, ExecutionDiff } from '../sdk/index.js';
import { examples, type CliContext } from './cli-context.js';
import { json, table } from './render.js';
import { statusColor, type Colors } from './terminal.js';
import { formatCost, formatDuration } from './units.js';

const sign = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `-${text}` : text);
const signedInt = (n: number | undefined) => (n === undefined ? '-' : n === 0 ? '0' : sign(n, Math.abs(n).toLocaleString('en-US')));
const signedCost = (n: number | undefined) => (n === undefined ? '-' : n === 0 ? '$0' : sign(n, formatCost(Math.abs(n))));
const signedDuration = (n: number | undefined) => (n === undefined ? '-' : n === 0 ? '0ms' : sign(n, formatDuration(Math.abs(n))));

function summaryLines(color: Colors, d: ExecutionDiff): string[] {
  const s = d.summary;
  const status = (v: string) => statusColor(color, v)(v);
  const rows = [
    ['Status', status(s.status.a), status(s.status.b), s.status.changed ? color.yellow('changed') : ''],
    ['Failure class', s.failure_class.a ?? '-', s.failure_class.b ?? '-', s.failure_class.changed ? color.yellow('changed') : ''],
    ['Duration', formatDuration(s.duration_ms.a), formatDuration(s.duration_ms.b), signedDuration(s.duration_ms.delta)],
    ['Steps', String(s.steps.a ?? '-'), String(s.steps.b ?? '-'), signedInt(s.steps.delta)],
    ['Tokens in/out', `${s.tokens_in.a ?? '-'}/${s.tokens_out.a ?? '-'}`, `${s.tokens_in.b ?? '-'}/${s.tokens_out.b ?? '-'}`, `${signedInt(s.tokens_in.delta)}/${signedInt(s.tokens_out.delta)}`],
    ['Cost', formatCost(s.cost_usd.a), formatCost(s.cost_usd.b), signedCost(s.cost_usd.delta)],
  ];
  return [
    `${color.bold('Diff')} ${d.a.workflow_name}${d.b.workflow_name !== d.a.workflow_name ? ` / ${d.b.workflow_name}` : ''}`,
    `  a: ${d.a.execution_id}`,
    `  b: ${d.b.execution_id}`,
    '',
    table(['', 'A', 'B', 'DELTA'], rows.map((r) => r.map(String))).replace(/^/gm, '  '),
  ];
}

function divergenceLine(color: Colors, d: ExecutionDiff): string {
  const f = d.first_divergence;
  if (!f) return color.green(`Same trajectory: ${d.counts.matched} steps aligned, none only in one run, no status or decision changed.`);
  return color.red(`First divergence at step ${f.index_a} of a / ${f.index_b} of b: ${f.reason}`);
}

function matchWord(color: Colors, row: DiffRow): string {
  if (row.match === 'only_a') return color.red('only in a');
  if (row.match === 'only_b') return color.green('only in b');
  return row.changes.length > 0 ? color.yellow('changed') : 'same';
}

function statusCell(color: Colors, row: DiffRow): string {
  const a = row.a?.status;
  const b = row.b?.status;
  if (a && b) return a === b ? statusColor(color, a)(a) : `${statusColor(color, a)(a)} → ${statusColor(color, b)(b)}`;
  const only = (a ?? b)!;
  return statusColor(color, only)(only);
}

function stepRows(color: Colors, d: ExecutionDiff): string[][] {
  return d.steps.map((row, i) => {
    const step = (row.a ?? row.b)!;
    const marker = d.first_divergence?.row === i ? color.red('>') : ' ';
    return [
      marker,
      row.a ? String(row.index_a) : '-',
      row.b ? String(row.index_b) : '-',
      step.step_name,
      step.step_type,
      matchWord(color, row),
      statusCell(color, row),
      row.changes.join(','),
      row.deltas ? `${signedInt(row.deltas.tokens_in)}/${signedInt(row.deltas.tokens_out)}` : '',
      row.deltas ? signedCost(row.deltas.cost_usd) : '',
      row.deltas ? signedDuration(row.deltas.duration_ms) : '',
    ];
  });
}

function pathLines(d: ExecutionDiff): string[] {
  const lines: string[] = [];
  for (const row of d.steps) {
    for (const field of ['input', 'output'] as const) {
      const change = row[field];
      if (change?.changed) lines.push(`  step ${row.index_a}/${row.index_b} ${row.a!.step_name} ${field}: ${change.paths.join(' ')}${change.more ? ' …' : ''}`);
    }
  }
  return lines.length > 0 ? ['', 'Changed inputs and outputs (JSON paths)', ...lines] : [];
}

export function renderDiff(color: Colors, d: ExecutionDiff): string {
  const counts = `${d.counts.matched} aligned (${d.counts.changed} with changes), ${d.counts.only_a} only in a, ${d.counts.only_b} only in b`;
  return [
    ...summaryLines(color, d),
    '',
    divergenceLine(color, d),
    '',
    table(['', 'A#', 'B#', 'STEP', 'TYPE', 'MATCH', 'STATUS', 'CHANGES', 'TOKENS Δ', 'COST Δ', 'LATENCY Δ'], stepRows(color, d)),
    ...pathLines(d),
    '',
    counts + (d.truncated ? color.yellow(` (truncated: only the first ${d.step_limit} steps of each run were compared)`) : ''),
  ].join('\n');
}

export async function diffExecutions(ctx: CliContext, command: Command, a: string, b: string, flags: { output: 'table' | 'json' }): Promise<void> {
  const diff = await ctx.client(command).executions.diff(a, b);
  ctx.terminal.out(flags.output === 'json' ? json(diff) : renderDiff(ctx.terminal.color, diff));
}

/** Adds `diff <a> <b>` to the executions group. */
export function diffCommand(group: Command, ctx: CliContext): void {
  examples(
    group
      .command('diff <a> <b>')
      .description('two runs side by side: steps aligned by name and type, the first divergence, per-step and total deltas (b minus a)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
      .action((a: string, b: string, flags: { output: 'table' | 'json' }, command: Command) => diffExecutions(ctx, command, a, b, flags)),
    ['axonctl exec diff wf_ok wf_failed', 'axonctl exec diff wf_ok wf_failed -o json | jq .first_divergence'],
  );
}
