/**
 * @module `axonctl rerun-targets`: where each workflow's re-runs are sent (list, get, set, delete).
 * `set` creates or replaces a target (admins); the secret is printed only when `set` set it (given
 * or generated for a new target), on stdout, with a warning on stderr that it is not shown again.
 */
import { Option, type Command } from 'commander';
import type { PutRerunTargetResponse, RerunTarget } from '../sdk/index.js';
import { examples, type CliContext } from './cli-context.js';
import { json, table } from './render.js';
import type { Colors } from './terminal.js';
import { formatTime, truncate } from './units.js';

const format = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
const tenant = () => new Option('--tenant <id>', 'admins: a target of another tenant of the org');

/** `secret`: the one `set` returned, printed whole (the only time); otherwise the hint. */
function targetLines(color: Colors, t: RerunTarget, secret?: string): string[] {
  const field = (name: string, value: string) => `  ${color.bold(name.padEnd(13))}${value}`;
  return [
    color.bold(`Re-run target of ${t.workflow_name}`),
    field('URL', t.url),
    field('Secret', secret ?? `${t.secret_hint} ${color.dim('(only its last characters; the secret is shown once, by set)')}`),
    ...(t.description ? [field('Description', t.description)] : []),
    field('Tenant', `${t.org_id}/${t.tenant_id}`),
    field('Created', `${formatTime(t.created_at)} by ${t.created_by}`),
    field('Updated', `${formatTime(t.updated_at)} by ${t.updated_by}`),
  ];
}

export function rerunTargetsCommand(program: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  const group = program.command('rerun-targets').description('where re-runs of each workflow are sent: the application’s URL and the secret that signs the requests');
  examples(group, ['axonctl rerun-targets list', 'axonctl rerun-targets set refund-agent --url https://refunds.example.com/axonflow/reruns', 'axonctl rerun-targets delete refund-agent']);

  examples(
    group
      .command('list')
      .description('the tenant’s re-run targets, by workflow name')
      .addOption(tenant())
      .addOption(format())
      .action(async (flags: { tenant?: string; format: string }, command: Command) => {
        const answer = await ctx.client(command).reruns.listTargets({ tenantId: flags.tenant });
        if (flags.format === 'json') return terminal.out(json(answer));
        if (answer.count === 0) return terminal.err('No re-run targets. An admin sets one with: axonctl rerun-targets set <workflow> --url https://…');
        terminal.out(table(['WORKFLOW', 'URL', 'SECRET', 'UPDATED', 'DESCRIPTION'], answer.targets.map((t) => [t.workflow_name, truncate(t.url, 56), t.secret_hint, formatTime(t.updated_at), truncate(t.description ?? '-', 32)])));
      }),
    ['axonctl rerun-targets list', 'axonctl rerun-targets list --format json | jq -r ".targets[].workflow_name"'],
  );

  examples(
    group
      .command('get <workflow>')
      .description('the re-run target of a workflow (the secret shows only as its last characters)')
      .addOption(tenant())
      .addOption(format())
      .action(async (workflow: string, flags: { tenant?: string; format: string }, command: Command) => {
        const target = await ctx.client(command).reruns.getTarget(workflow, { tenantId: flags.tenant });
        if (flags.format === 'json') return terminal.out(json(target));
        terminal.out(targetLines(terminal.color, target).join('\n'));
      }),
    ['axonctl rerun-targets get refund-agent'],
  );

  examples(
    group
      .command('set <workflow>')
      .description('create or replace the re-run target of a workflow (admins); a new target without --secret gets a generated one, printed once')
      .requiredOption('--url <url>', 'where re-run requests are POSTed (http or https)')
      .option('--secret <secret>', 'the signing secret, 16-256 characters (new target: generated when absent; existing target: kept when absent)')
      .option('--description <text>', 'what it is')
      .addOption(tenant())
      .addOption(format())
      .action(async (workflow: string, flags: { url: string; secret?: string; description?: string; tenant?: string; format: string }, command: Command) => {
        const answer: PutRerunTargetResponse = await ctx.client(command).reruns.setTarget(workflow, { url: flags.url, secret: flags.secret, description: flags.description }, { tenantId: flags.tenant });
        if (flags.format === 'json') terminal.out(json(answer));
        else {
          const { secret, ...target } = answer;
          terminal.out(targetLines(terminal.color, target, secret).join('\n'));
        }
        if (answer.secret !== undefined) {
          terminal.err(terminal.errColor.yellow('Store the secret now: it is not shown again. The application verifies X-AxonFlow-Signature with it (createRerunHandler, docs/rerun.md).'));
        }
      }),
    [
      'axonctl rerun-targets set refund-agent --url https://refunds.example.com/axonflow/reruns --description "refunds service"',
      'axonctl rerun-targets set refund-agent --url https://refunds.example.com/axonflow/reruns --format json | jq -r .secret > rerun-secret',
      'axonctl rerun-targets set refund-agent --url https://refunds.example.com/axonflow/reruns --secret "$NEW_SECRET"   # rotate',
    ],
  );

  examples(
    group
      .command('delete <workflow>')
      .description('remove the re-run target of a workflow (admins); re-runs of it are then refused')
      .addOption(tenant())
      .action(async (workflow: string, flags: { tenant?: string }, command: Command) => {
        await ctx.client(command).reruns.deleteTarget(workflow, { tenantId: flags.tenant });
        terminal.out(`rerun-target/${workflow} deleted`);
      }),
    ['axonctl rerun-targets delete refund-agent'],
  );
  return group;
}
