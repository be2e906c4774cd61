/**
 * @module `axonctl executions replay`: a run step by step. On a terminal: a header, then one step
 * per Enter (b back, q quit). Otherwise (a pipe, a file, tests) every step in order, no prompts.
 * `--show-io` adds each step's input and output, truncated to 200 characters.
 */
import { emitKeypressEvents } from 'node:readline';
import type { Command } from 'commander';
import type { ExecutionSnapshot } from '../sdk/index.js';
import type { CliContext } from './cli-context.js';
import { stepLine } from './execution-details.js';
import { statusColor, type Colors } from './terminal.js';
import { formatCost, formatDuration, truncate } from './units.js';

const IO_LIMIT = 200;

function stepBlock(color: Colors, step: ExecutionSnapshot, total: number, showIo: boolean): string[] {
  const lines = [color.bold(`Step ${step.step_index + 1}/${total}`), `  ${stepLine(color, step)}`, color.dim(`  type: ${step.step_type}${step.agent_id ? `  agent: ${step.agent_id}` : ''}`)];
  if (step.retry_count > 0) lines.push(color.yellow(`  retries: ${step.retry_count}`));
  for (const p of step.policies_triggered ?? []) lines.push(`  policy: [${p.action}] ${p.policy_name ?? p.policy_id}${p.matched ? ` - ${p.matched}` : ''}`);
  if (step.approval_status) lines.push(`  approval: ${step.approval_status}`);
  if (step.error_message) lines.push(color.red(`  error: ${step.error_message}`));
  if (showIo) {
    const show = (value: unknown) => (value === undefined || value === null ? '-' : truncate(typeof value === 'string' ? value : JSON.stringify(value), IO_LIMIT));
    lines.push(`  input:  ${show(step.input)}`, `  output: ${show(step.output)}`);
  }
  return lines;
}

export async function replayExecution(ctx: CliContext, command: Command, id: string, flags: { showIo?: boolean }): Promise<void> {
  const { terminal } = ctx;
  const { color } = terminal;
  const { summary, steps } = await ctx.client(command).executions.get(id);
  terminal.out(`${color.bold(`Replay of ${summary.workflow_name}`)} ${summary.request_id}`);
  terminal.out(`  status: ${statusColor(color, summary.status_detail)(summary.status_detail)}  steps: ${summary.completed_steps}/${summary.total_steps}  duration: ${formatDuration(summary.duration_ms)}  cost: ${formatCost(summary.total_cost_usd)}`);
  if (summary.failure_class) terminal.out(color.red(`  failure: ${summary.failure_class}${summary.failure_reason ? ` - ${summary.failure_reason}` : ''}`));
  terminal.out('');
  if (steps.length === 0) return terminal.out(color.dim('(no steps recorded)'));

  const interactive = terminal.stdoutIsTTY && terminal.stdinIsTTY && typeof process.stdin.setRawMode === 'function';
  if (!interactive) {
    for (const step of steps) terminal.out([...stepBlock(color, step, steps.length, flags.showIo === true), ''].join('\n'));
    terminal.out('End of replay.');
    return;
  }

  emitKeypressEvents(process.stdin);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  try {
    let index = 0;
    for (;;) {
      terminal.out(stepBlock(color, steps[index]!, steps.length, flags.showIo === true).join('\n'));
      terminal.err(color.dim(index < steps.length - 1 ? '[Enter] next  [b] back  [q] quit' : '[b] back  [q] quit (last step)'));
      const key = await nextKey();
      if (key === 'q' || key === 'ctrl-c' || key === 'escape') break;
      if (key === 'b') index = Math.max(0, index - 1);
      else if (index < steps.length - 1) index += 1;
      else break;
      terminal.out('');
    }
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}

function nextKey(): Promise<string> {
  return new Promise((resolve) => {
    process.stdin.once('keypress', (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
      if (key?.ctrl && key.name === 'c') return resolve('ctrl-c');
      resolve(key?.name === 'return' || key?.name === 'enter' || key?.name === 'space' || text === 'n' ? 'next' : (key?.name ?? text ?? ''));
    });
  });
}
