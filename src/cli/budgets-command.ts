/** @module `axonctl budgets`: list, get and status (where a budget stands in its period). */
import { Option, type Command } from 'commander';
import { examples, type CliContext } from './cli-context.js';
import { json, table } from './render.js';
import { formatCost, formatTime } from './units.js';

const format = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

export function budgetsCommand(program: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  const group = program.command('budgets').description('spending limits and where they stand');
  examples(group, ['axonctl budgets list', 'axonctl budgets status support-monthly']);

  examples(
    group
      .command('list')
      .description('the budgets of the tenant, oldest first')
      .addOption(new Option('--scope <scope>', 'only this scope').choices(['organization', 'tenant', 'workflow', 'agent', 'provider']))
      .addOption(format())
      .action(async (flags: { scope?: 'organization' | 'tenant' | 'workflow' | 'agent' | 'provider'; format: string }, command: Command) => {
        const page = await ctx.client(command).budgets.list({ scope: flags.scope, limit: 1000 });
        if (flags.format === 'json') return terminal.out(json(page));
        if (page.budgets.length === 0) return terminal.err('No budgets. An admin creates them with POST /api/v1/budgets (docs/budgets-and-usage.md).');
        terminal.out(table(['ID', 'NAME', 'SCOPE', 'LIMIT', 'PERIOD', 'ON EXCEED', 'ENABLED'], page.budgets.map((b) => [b.id, b.name, b.scope_id ? `${b.scope}:${b.scope_id}` : b.scope, formatCost(b.limit_usd), b.period, b.on_exceed, String(b.enabled)])));
      }),
    ['axonctl budgets list', 'axonctl budgets list --scope workflow --format json'],
  );

  examples(
    group
      .command('get <id>')
      .description('a budget')
      .addOption(format())
      .action(async (id: string, flags: { format: string }, command: Command) => {
        const b = await ctx.client(command).budgets.get(id);
        if (flags.format === 'json') return terminal.out(json(b));
        terminal.out(
          [
            `${terminal.color.bold(b.name)} (${b.id})${b.enabled ? '' : terminal.color.dim(' disabled')}`,
            `  scope:      ${b.scope}${b.scope_id ? ` ${b.scope_id}` : ''}`,
            `  limit:      ${formatCost(b.limit_usd)} ${b.period}`,
            `  on exceed:  ${b.on_exceed}`,
            `  alerts at:  ${b.alert_thresholds.map((t) => `${t}%`).join(', ')}`,
            ...(b.description ? [`  about:      ${b.description}`] : []),
            `  updated:    ${formatTime(b.updated_at)} by ${b.updated_by}`,
          ].join('\n'),
        );
      }),
    ['axonctl budgets get support-monthly'],
  );

  examples(
    group
      .command('status <id>')
      .description('spend so far in the current period against the limit')
      .addOption(format())
      .action(async (id: string, flags: { format: string }, command: Command) => {
        const s = await ctx.client(command).budgets.status(id);
        if (flags.format === 'json') return terminal.out(json(s));
        const { color } = terminal;
        const paint = s.is_exceeded ? color.red : s.percentage >= 80 ? color.yellow : color.green;
        const filled = Math.min(30, Math.round((s.percentage / 100) * 30));
        terminal.out(
          [
            `${color.bold(s.budget.name)} (${s.budget.id}) ${s.budget.period} ${formatTime(s.period_start)} .. ${formatTime(s.period_end)}`,
            `  [${paint('█'.repeat(filled))}${' '.repeat(30 - filled)}] ${paint(`${s.percentage.toFixed(1)}%`)}`,
            `  used ${formatCost(s.used_usd)} of ${formatCost(s.budget.limit_usd)}, remaining ${formatCost(s.remaining_usd)}`,
            `  ${s.is_blocked ? color.red('blocked: new spend is refused') : s.is_exceeded ? color.red(`exceeded (on exceed: ${s.budget.on_exceed})`) : 'within limit'}`,
          ].join('\n'),
        );
      }),
    ['axonctl budgets status support-monthly', 'axonctl budgets status support-monthly --format json | jq .percentage'],
  );
  return group;
}
