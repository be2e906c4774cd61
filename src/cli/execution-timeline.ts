/**
 * @module `axonctl executions timeline`: a text waterfall, one bar per step placed and scaled on
 * the run's duration, with marks from the event timeline (`?format=events`): R a failed attempt
 * (retry), A an approval requested or decided, X a block.
 */
import type { Command } from 'commander';
import type { ExecutionSnapshot, TimelineItem } from '../sdk/index.js';
import type { CliContext } from './cli-context.js';
import { json } from './render.js';
import { statusColor } from './terminal.js';
import { formatDuration, truncate } from './units.js';

const WIDTH = 50;

export function markOf(item: TimelineItem): string | undefined {
  if (item.type === 'step.attempt_failed') return 'R';
  if (item.type.startsWith('approval.')) return 'A';
  if (item.type === 'step.gated' && item.data.decision === 'block') return 'X';
  return undefined;
}

export async function showTimeline(ctx: CliContext, command: Command, id: string, flags: { format: 'table' | 'json' }): Promise<void> {
  const client = ctx.client(command);
  const [run, events] = await Promise.all([client.executions.get(id), client.executions.eventTimeline(id)]);
  if (flags.format === 'json') return ctx.terminal.out(json(events));
  const { color } = ctx.terminal;
  const start = Date.parse(run.summary.started_at);
  const end = run.summary.completed_at ? Date.parse(run.summary.completed_at) : Math.max(start, ...events.items.map((i) => Date.parse(i.at)));
  const span = Math.max(1, end - start);
  const column = (at: number) => Math.min(WIDTH - 1, Math.max(0, Math.floor(((at - start) / span) * WIDTH)));
  const nameWidth = Math.min(28, Math.max(4, ...run.steps.map((s) => s.step_name.length)));

  const lines = [`${color.bold(run.summary.workflow_name)} ${run.summary.request_id}  ${statusColor(color, run.summary.status_detail)(run.summary.status_detail)}  ${formatDuration(span)}`];
  lines.push(`${' '.repeat(nameWidth + 2)}|${'0'.padEnd(WIDTH / 2)}${formatDuration(span / 2).padEnd(WIDTH / 2)}|${formatDuration(span)}`);
  for (const step of run.steps) lines.push(bar(step));
  lines.push('', color.dim('R retry  A approval  X blocked'));
  ctx.terminal.out(lines.join('\n'));

  function bar(step: ExecutionSnapshot): string {
    const from = step.started_at ? Date.parse(step.started_at) : Date.parse(step.created_at);
    const to = step.completed_at ? Date.parse(step.completed_at) : step.duration_ms !== undefined ? from + step.duration_ms : end;
    const cells = Array.from({ length: WIDTH }, () => ' ');
    for (let c = column(from); c <= column(Math.max(from, to)); c++) cells[c] = '█';
    for (const item of events.items.filter((i) => i.step_id === step.step_id)) {
      const mark = markOf(item);
      if (mark) cells[column(Date.parse(item.at))] = mark;
    }
    const paint = statusColor(color, step.status_detail);
    const text = cells.join('').replace(/█+/g, (run) => paint(run)).replace(/[RAX]/g, (m) => color.bold(color.yellow(m)));
    return `${truncate(step.step_name, nameWidth).padEnd(nameWidth)}  |${text}| ${formatDuration(step.duration_ms)} ${color.dim(step.status_detail)}`;
  }
}
