/**
 * @module `axonctl executions get` and `steps`: AxonFlow's "Execution Summary", "Steps" and
 * "Policy Events" sections, with the failure class and reason, attempts and approvals added.
 */
import type { Command } from 'commander';
import type { ExecutionSnapshot, ExecutionSummary } from '../sdk/index.js';
import type { CliContext } from './cli-context.js';
import { json } from './render.js';
import { statusColor, type Colors } from './terminal.js';
import { formatCost, formatDuration, formatTime } from './units.js';

export async function getExecution(ctx: CliContext, command: Command, id: string, flags: { format: 'table' | 'json' }): Promise<void> {
  const execution = await ctx.client(command).executions.get(id);
  if (flags.format === 'json') return ctx.terminal.out(json(execution));
  ctx.terminal.out([...summaryLines(ctx.terminal.color, execution.summary), '', ...stepsSection(ctx.terminal.color, execution.steps), ...policySection(execution.steps), ...approvalSection(execution.steps)].join('\n'));
}

export async function listSteps(ctx: CliContext, command: Command, id: string, flags: { format: 'table' | 'json' }): Promise<void> {
  const steps = await ctx.client(command).executions.steps(id);
  if (flags.format === 'json') return ctx.terminal.out(json(steps));
  ctx.terminal.out(stepsSection(ctx.terminal.color, steps).join('\n'));
}

function summaryLines(color: Colors, s: ExecutionSummary): string[] {
  const field = (name: string, value: string) => `  ${color.bold(name.padEnd(14))}${value}`;
  const lines = [
    color.bold('Execution Summary'),
    field('ID', s.request_id),
    field('Workflow', s.workflow_name),
    field('Status', statusColor(color, s.status_detail)(s.status_detail) + (s.status_detail !== s.status ? color.dim(` (${s.status})`) : '')),
  ];
  if (s.failure_class) lines.push(field('Failure', `${color.red(s.failure_class)}${s.failure_reason ? ` - ${s.failure_reason}` : ''}${s.failure_step ? color.dim(` (step ${s.failure_step})`) : ''}`));
  if (s.attention && s.attention !== 'none') lines.push(field('Attention', color.yellow(s.attention)));
  lines.push(
    field('Steps', `${s.completed_steps}/${s.total_steps}`),
    field('Duration', formatDuration(s.duration_ms)),
    field('Tokens', String(s.total_tokens)),
    field('Cost', formatCost(s.total_cost_usd)),
    field('Started', formatTime(s.started_at)),
  );
  if (s.completed_at) lines.push(field('Completed', formatTime(s.completed_at)));
  if (s.error_message) lines.push(field('Error', color.red(s.error_message)));
  return lines;
}

/** `n. [status] name (dur) [provider/model] tokens: in/out cost`, then attempts, errors and policies. */
export function stepLine(color: Colors, step: ExecutionSnapshot): string {
  const model = step.provider || step.model ? ` [${step.provider ?? '?'}/${step.model ?? '?'}]` : '';
  const tokens = step.tokens_in || step.tokens_out ? ` tokens: ${step.tokens_in}/${step.tokens_out}` : '';
  const cost = step.cost_usd ? ` ${formatCost(step.cost_usd)}` : '';
  const status = statusColor(color, step.status_detail)(`[${step.status_detail}]`);
  return `${step.step_index + 1}. ${status} ${step.step_name} (${formatDuration(step.duration_ms)})${model}${tokens}${cost}`;
}

function stepsSection(color: Colors, steps: readonly ExecutionSnapshot[]): string[] {
  const lines = [color.bold('Steps')];
  if (steps.length === 0) lines.push(color.dim('  (no steps recorded)'));
  for (const step of steps) {
    lines.push(`  ${stepLine(color, step)}`);
    if (step.agent_id) lines.push(color.dim(`       agent: ${step.agent_id}`));
    for (const attempt of step.attempts) {
      const error = (attempt.error as { message?: string } | undefined)?.message;
      lines.push(color.yellow(`       attempt ${String(attempt.attempt)}: ${String(attempt.outcome ?? 'failed')}${error ? ` - ${error}` : ''}${attempt.backoff_ms !== undefined ? ` (retry in ${formatDuration(Number(attempt.backoff_ms))})` : ''}`));
    }
    if (step.error_message) lines.push(color.red(`       error: ${step.error_message}`));
    for (const p of step.policies_triggered ?? []) lines.push(`       policy: [${p.action}] ${p.policy_name ?? p.policy_id}${p.matched ? ` - ${p.matched}` : ''}`);
    if (step.approval_status) lines.push(`       approval: ${step.approval_status}${step.approved_by ? ` by ${step.approved_by}` : ''}${step.rejected_by ? ` by ${step.rejected_by}` : ''}`);
  }
  return lines;
}

function policySection(steps: readonly ExecutionSnapshot[]): string[] {
  const events = steps.flatMap((s) => (s.policies_triggered ?? []).map((p) => `  [${p.action}] ${p.policy_name ?? p.policy_id} - ${p.matched ?? 'matched'}${p.resolution ? ` (resolution: ${p.resolution})` : ''}`));
  return events.length === 0 ? [] : ['', 'Policy Events', ...events];
}

function approvalSection(steps: readonly ExecutionSnapshot[]): string[] {
  const approvals = steps.filter((s) => s.approval_status).map((s) => `  ${s.step_name}: ${s.approval_status}${s.approved_by ? ` (approved by ${s.approved_by})` : ''}${s.rejected_by ? ` (rejected by ${s.rejected_by})` : ''}`);
  return approvals.length === 0 ? [] : ['', 'Approvals', ...approvals];
}
