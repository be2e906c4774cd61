/**
 * @module `axonctl alerts` (docs/alerts.md): the tenant's built-in alerts, firing first, in every
 * list format with a footer counting the firing ones; one alert; the rules in force (with the
 * defaults) and `rules set -f FILE` (admins) to change them from YAML or JSON.
 */
import { Option, type Command } from 'commander';
import type { Alert, AlertKind, AlertList, AlertRulesResponse, AlertRulesUpdate, AlertState } from '../sdk/index.js';
import { ALERT_KIND_VALUES } from '../shared/alerts.js';
import { examples, type CliContext } from './cli-context.js';
import { UsageError } from './exit-codes.js';
import { readDataFile } from './read-data-file.js';
import { csv, json, LIST_FORMATS, ndjson, table, yaml, type ListFormat } from './render.js';
import type { Colors } from './terminal.js';
import { formatTime, parseCount, truncate } from './units.js';

const KINDS: readonly string[] = ALERT_KIND_VALUES;
export const ALERT_CSV_COLUMNS = ['id', 'tenant_id', 'kind', 'subject', 'state', 'value', 'threshold', 'summary', 'fired_at', 'resolved_at', 'resolved_value'] as const;
const tenant = () => new Option('--tenant <id>', 'admins: another tenant of the org');

/** A measured value in its unit: percent, minutes, USD or a count. */
export function formatAlertValue(kind: AlertKind, subject: string, value: number | undefined): string {
  if (value === undefined) return '-';
  const n = Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, '');
  if (kind === 'failure_rate') return `${n}%`;
  if (kind === 'cost_growth') return `$${n}`;
  if (kind === 'pending_approvals' && subject === 'oldest_age') return `${n}m`;
  return n;
}

const stateColor = (color: Colors, state: AlertState) => (state === 'firing' ? color.red : color.green);

function alertLines(color: Colors, a: Alert): string[] {
  const field = (name: string, value: string) => `  ${color.bold(name.padEnd(11))}${value}`;
  return [
    `${color.bold(`Alert ${a.id}`)}  ${stateColor(color, a.state)(a.state)}`,
    field('Kind', a.kind),
    field('Subject', a.subject),
    field('Summary', a.summary),
    field('Value', formatAlertValue(a.kind, a.subject, a.value)),
    field('Threshold', formatAlertValue(a.kind, a.subject, a.threshold)),
    field('Fired', formatTime(a.fired_at)),
    ...(a.resolved_at ? [field('Resolved', `${formatTime(a.resolved_at)}${a.resolved_value !== undefined ? ` (value then ${formatAlertValue(a.kind, a.subject, a.resolved_value)})` : ''}`)] : []),
    field('Tenant', a.tenant_id),
  ];
}

function printList(ctx: CliContext, answer: AlertList, format: ListFormat, filtered: boolean): void {
  const { terminal } = ctx;
  switch (format) {
    case 'json':
      return terminal.out(json(answer));
    case 'yaml':
      return terminal.out(yaml(answer));
    case 'ndjson':
      if (answer.alerts.length > 0) terminal.out(ndjson(answer.alerts));
      return;
    case 'csv':
      return terminal.out(csv(ALERT_CSV_COLUMNS, answer.alerts));
    case 'table':
      break;
  }
  if (answer.alerts.length === 0) return terminal.err(filtered ? 'No alerts match these filters.' : 'No alerts. Rules in force: axonctl alerts rules');
  const { color } = terminal;
  terminal.out(
    table(
      ['ID', 'KIND', 'SUBJECT', 'STATE', 'VALUE', 'THRESHOLD', 'FIRED', 'RESOLVED'],
      answer.alerts.map((a) => [
        a.id,
        a.kind,
        truncate(a.subject, 32),
        stateColor(color, a.state)(a.state),
        formatAlertValue(a.kind, a.subject, a.value),
        formatAlertValue(a.kind, a.subject, a.threshold),
        formatTime(a.fired_at),
        formatTime(a.resolved_at),
      ]),
    ),
  );
  const n = answer.alerts.length;
  terminal.out('');
  terminal.out(color.dim(`${n} alert${n === 1 ? '' : 's'}: ${answer.firing} firing`));
}

function printRules(ctx: CliContext, answer: AlertRulesResponse, format: string): void {
  const { terminal } = ctx;
  if (format === 'json') return terminal.out(json(answer));
  if (format === 'yaml') return terminal.out(yaml(answer));
  const { color } = terminal;
  const rows: string[][] = [];
  let changed = 0;
  for (const kind of ALERT_KIND_VALUES) {
    const rule = answer.rules[kind] as Record<string, unknown>;
    const defaults = answer.defaults[kind] as Record<string, unknown>;
    for (const [setting, value] of Object.entries(rule)) {
      const differs = value !== defaults[setting];
      if (differs) changed++;
      rows.push([kind, setting, differs ? color.yellow(String(value)) : String(value), String(defaults[setting])]);
    }
  }
  terminal.out(table(['KIND', 'SETTING', 'VALUE', 'DEFAULT'], rows));
  terminal.out('');
  terminal.out(color.dim(`Rules of tenant ${answer.tenant_id}${answer.updated_at ? `, updated ${formatTime(answer.updated_at)}` : ''}; ${changed} setting${changed === 1 ? '' : 's'} differ from the defaults`));
}

/** The rules in a YAML or JSON file: `{failure_rate: {threshold_pct: 10}, …}`, or the output of `axonctl alerts rules --format yaml` (its `rules` member). */
export function readRulesFile(path: string): AlertRulesUpdate {
  const parsed = readDataFile(path);
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed)) throw new UsageError(`${path}: needs an object of rules by kind, e.g. {"failure_rate": {"threshold_pct": 10}}`);
  const rules = isObject(parsed.rules) ? parsed.rules : parsed;
  const bad = Object.keys(rules).filter((k) => !KINDS.includes(k));
  if (bad.length > 0) throw new UsageError(`${path}: unknown kind ${bad.map((b) => `"${b}"`).join(', ')}; known: ${KINDS.join(', ')}`);
  if (Object.keys(rules).length === 0) throw new UsageError(`${path}: no rules in the file`);
  return rules as AlertRulesUpdate;
}

export function alertsCommand(program: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  const group = program.command('alerts').description('built-in alerts: what is firing and what resolved, and the rules (thresholds) per tenant');
  examples(group, ['axonctl alerts list', 'axonctl alerts get alt_123', 'axonctl alerts rules --format yaml > rules.yaml', 'axonctl alerts rules set -f rules.yaml']);

  examples(
    group
      .command('list')
      .description('the tenant’s alerts: firing ones first, then resolved ones, newest first')
      .addOption(new Option('--state <state>', 'only these').choices(['firing', 'resolved', 'all']).default('all'))
      .addOption(new Option('--kind <kind>', 'only this kind of rule').choices([...KINDS]))
      .option('--limit <n>', 'alerts (1-500)', '100')
      .addOption(tenant())
      .addOption(new Option('--format <format>', 'output format').choices([...LIST_FORMATS]).default('table'))
      .action(async (flags: { state: string; kind?: AlertKind; limit: string; tenant?: string; format: ListFormat }, command: Command) => {
        const state = flags.state === 'all' ? undefined : (flags.state as AlertState);
        const answer = await ctx.client(command).alerts.list({ state, kind: flags.kind, limit: parseCount('--limit', flags.limit, 1), tenantId: flags.tenant });
        printList(ctx, answer, flags.format, state !== undefined || flags.kind !== undefined);
      }),
    ['axonctl alerts list', 'axonctl alerts list --state firing --kind failure_rate', 'axonctl alerts list --format json | jq -r ".alerts[] | select(.state == \\"firing\\") | .summary"'],
  );

  examples(
    group
      .command('get <id>')
      .description('one alert: what was measured, against which threshold, when it fired and resolved')
      .addOption(tenant())
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'))
      .action(async (id: string, flags: { tenant?: string; format: string }, command: Command) => {
        const alert = await ctx.client(command).alerts.get(id, { tenantId: flags.tenant });
        if (flags.format === 'json') return terminal.out(json(alert));
        if (flags.format === 'yaml') return terminal.out(yaml(alert));
        terminal.out(alertLines(terminal.color, alert).join('\n'));
      }),
    ['axonctl alerts get alt_123', 'axonctl alerts get alt_123 --format json'],
  );

  const rulesFormat = () => new Option('--format <format>', 'output format').choices(['table', 'json', 'yaml']).default('table');
  const rules = group
    .command('rules')
    .description('the alert rules in force (stored overrides over the defaults); "rules set" changes them')
    .addOption(tenant())
    .addOption(rulesFormat())
    // A command with subcommands gets no global flags from program.ts; give them here.
    .addOption(new Option('--endpoint <url>', 'control plane URL (global)'))
    .addOption(new Option('--profile <name>', 'config profile (global)'))
    .action(async (flags: { tenant?: string; format: string }, command: Command) => {
      printRules(ctx, await ctx.client(command).alerts.rules({ tenantId: flags.tenant }), flags.format);
    });
  examples(rules, ['axonctl alerts rules', 'axonctl alerts rules --format yaml > rules.yaml', 'axonctl alerts rules set -f rules.yaml']);

  examples(
    rules
      .command('set')
      .description('change the rules from a YAML or JSON file (admins); kinds and settings left out keep their value')
      .requiredOption('-f, --file <path>', 'rules by kind, e.g. {"failure_rate": {"threshold_pct": 10}}, or the output of "alerts rules --format yaml"; - for stdin')
      .addOption(tenant())
      .addOption(rulesFormat())
      .action(async (flags: { file: string; tenant?: string; format: string }, command: Command) => {
        const update = readRulesFile(flags.file);
        const answer = await ctx.client(command).alerts.putRules({ ...update, tenant_id: flags.tenant });
        if (flags.format === 'table') terminal.err(`alert rules of tenant ${answer.tenant_id} updated`);
        printRules(ctx, answer, flags.format);
      }),
    ['axonctl alerts rules set -f rules.yaml', 'echo \'{"failure_rate": {"threshold_pct": 10}}\' | axonctl alerts rules set -f -'],
  );
  return group;
}
