/** @module `axonctl usage`: spend and tokens over a UTC calendar period, totalled or grouped. */
import { Option, type Command } from 'commander';
import type { UsageGroupBy, UsagePeriod, UsageQuery } from '../sdk/index.js';
import { examples, type CliContext } from './cli-context.js';
import { json, table, yaml } from './render.js';
import { formatCost, formatTime, parseTimeFlag } from './units.js';

interface UsageFlags {
  readonly period: UsagePeriod;
  readonly groupBy?: UsageGroupBy;
  readonly since?: string;
  readonly until?: string;
  readonly workflow?: string;
  readonly provider?: string;
  readonly model?: string;
  readonly format: 'table' | 'json' | 'yaml';
}

export function usageCommand(program: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  return examples(
    program
      .command('usage')
      .description('cost, tokens and requests over the current period, or grouped with --group-by')
      .addOption(new Option('--period <period>', 'the current UTC calendar period').choices(['daily', 'weekly', 'monthly', 'quarterly', 'yearly']).default('monthly'))
      .addOption(new Option('--group-by <group>', 'break the total down (tenant: admins, whole org)').choices(['workflow', 'provider', 'model', 'agent', 'tenant']))
      .option('--since <when>', 'replace the period start: a duration ago (24h) or RFC 3339')
      .option('--until <when>', 'replace the period end')
      .option('--workflow <name>', 'only this workflow')
      .option('--provider <provider>', 'only this provider')
      .option('--model <model>', 'only this model')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'))
      .action(async (flags: UsageFlags, command: Command) => {
        const client = ctx.client(command);
        const query: UsageQuery = {
          period: flags.period,
          startTime: flags.since ? parseTimeFlag('--since', flags.since) : undefined,
          endTime: flags.until ? parseTimeFlag('--until', flags.until) : undefined,
          workflow: flags.workflow,
          provider: flags.provider,
          model: flags.model,
        };
        if (!flags.groupBy) {
          const totals = await client.usage.summary(query);
          if (flags.format !== 'table') return terminal.out(flags.format === 'json' ? json(totals) : yaml(totals));
          terminal.out(
            [
              `${terminal.color.bold('Usage')} ${totals.period} ${formatTime(totals.period_start)} .. ${formatTime(totals.period_end)} (tenant ${totals.tenant_id})`,
              `  Cost      ${formatCost(totals.cost_usd)}`,
              `  Tokens    ${totals.total_tokens} (in ${totals.tokens_in}, out ${totals.tokens_out})`,
              `  Requests  ${totals.request_count}`,
            ].join('\n'),
          );
          return;
        }
        const report = await client.usage.breakdown(flags.groupBy, query);
        if (flags.format !== 'table') return terminal.out(flags.format === 'json' ? json(report) : yaml(report));
        terminal.out(`${terminal.color.bold(`Usage by ${report.group_by}`)} ${report.period} ${formatTime(report.period_start)} .. ${formatTime(report.period_end)}`);
        if (report.items.length === 0) return terminal.err('No usage recorded in this period.');
        const rows = report.items.map((i) => [i.group_value || '(none)', formatCost(i.cost_usd), `${i.percentage.toFixed(1)}%`, String(i.tokens_in), String(i.tokens_out), String(i.request_count)]);
        rows.push(['TOTAL', formatCost(report.total_cost_usd), '100.0%', String(report.total_tokens_in), String(report.total_tokens_out), String(report.total_request_count)]);
        terminal.out(table([report.group_by.toUpperCase(), 'COST', 'SHARE', 'TOKENS IN', 'TOKENS OUT', 'REQUESTS'], rows));
      }),
    ['axonctl usage', 'axonctl usage --period daily --group-by model', 'axonctl usage --group-by workflow --since 7d --format json'],
  );
}
