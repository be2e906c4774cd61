/**
 * @module `axonctl webhooks`: list, get, create (the secret is printed once, on stdout, with a
 * warning on stderr that it is not shown again), delete, the delivery log, test deliveries and
 * redeliveries (`--wait` follows the delivery until its next attempt has been made).
 */
import { Option, type Command } from 'commander';
import type { AxonFlowClient, WebhookDelivery, Webhook } from '../sdk/index.js';
import { WEBHOOK_EVENT_VALUES, WEBHOOK_FORMAT_VALUES } from '../shared/vocabularies.js';
import { examples, type CliContext } from './cli-context.js';
import { CommandFailed, UsageError } from './exit-codes.js';
import { json, ndjson, table } from './render.js';
import { statusColor, type Colors } from './terminal.js';
import { formatDuration, formatTime, parseCount, parseList, truncate } from './units.js';

const EVENTS: readonly string[] = WEBHOOK_EVENT_VALUES;
const format = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
const tenant = () => new Option('--tenant <id>', 'admins: a webhook of another tenant of the org');

function parseEvents(text: string): string[] {
  const events = parseList(text);
  if (!events) throw new UsageError('--events needs one or more event names, comma-separated, or *');
  const bad = events.filter((e) => e !== '*' && !EVENTS.includes(e));
  if (bad.length > 0) throw new UsageError(`--events: unknown event ${bad.map((b) => `"${b}"`).join(', ')}; known: ${EVENTS.join(', ')}, or *`);
  return events;
}

/** `secret`: the create answer's, printed whole (the only time); otherwise the hint. */
function webhookLines(color: Colors, w: Webhook, secret?: string): string[] {
  const field = (name: string, value: string) => `  ${color.bold(name.padEnd(13))}${value}`;
  return [
    `${color.bold(`Webhook ${w.id}`)}  ${w.enabled ? color.green('enabled') : color.red(`disabled${w.disabled_reason ? ` (${w.disabled_reason}: the receiver answered 410)` : ''}`)}`,
    field('URL', w.url),
    field('Events', w.events.join(', ')),
    field('Format', w.format === 'slack' ? 'slack (Slack incoming-webhook messages)' : w.format),
    field('Secret', secret ?? `${w.secret_hint} ${color.dim('(only its last characters; the secret was shown once, at create)')}`),
    ...(w.description ? [field('Description', w.description)] : []),
    field('Tenant', `${w.org_id}/${w.tenant_id}`),
    field('Created', `${formatTime(w.created_at)} by ${w.created_by}`),
    field('Updated', `${formatTime(w.updated_at)} by ${w.updated_by}`),
  ];
}

/** `delivered (HTTP 200)`, `failed (HTTP 500: …)`, `pending, next attempt …`. */
function outcome(color: Colors, d: WebhookDelivery): string {
  const response = d.response_status !== undefined ? `HTTP ${d.response_status}` : undefined;
  const detail = [response, d.last_error && d.last_error !== response ? d.last_error : undefined].filter(Boolean).join(': ');
  const status = statusColor(color, d.status === 'delivered' ? 'completed' : d.status)(d.status);
  if (d.status === 'pending') return `${status}${detail ? ` (${detail})` : ''}${d.next_attempt_at ? `, next attempt ${formatTime(d.next_attempt_at)}` : ''}`;
  return `${status}${detail ? ` (${detail})` : ''}`;
}

function deliveryLine(color: Colors, d: WebhookDelivery): string {
  const last = d.attempt_log.at(-1);
  return `Delivery ${d.id} (${d.event}${d.execution_id ? ` ${d.execution_id}` : ''}) of webhook ${d.webhook_id}: ${outcome(color, d)}; ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${last ? `, last ${formatDuration(last.duration_ms)}` : ''}`;
}

/** Reads the delivery log until the delivery has had an attempt after `after` attempts, or the time is up. */
async function waitForAttempt(client: AxonFlowClient, webhookId: string, deliveryId: string, after: number, timeoutMs: number, tenantId?: string): Promise<WebhookDelivery | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { deliveries } = await client.webhooks.deliveries(webhookId, { limit: 500 }, { tenantId });
    const found = deliveries.find((d) => d.id === deliveryId);
    if (found && found.attempts > after) return found;
    if (Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function report(ctx: CliContext, command: Command, queued: WebhookDelivery, flags: { wait?: boolean; timeout: string; format: string; tenant?: string }, verb: string): Promise<void> {
  const { terminal } = ctx;
  let delivery = queued;
  if (flags.wait) {
    const seconds = parseCount('--timeout', flags.timeout, 1);
    if (flags.format !== 'json') terminal.err(terminal.errColor.dim(`Delivery ${queued.id} ${verb}; waiting up to ${seconds}s for the attempt…`));
    const done = await waitForAttempt(ctx.client(command), queued.webhook_id, queued.id, queued.attempts, seconds * 1000, flags.tenant);
    if (!done || done.attempts <= queued.attempts) throw new CommandFailed(`no attempt of delivery ${queued.id} within ${seconds}s (is the server's dispatcher running?)`);
    delivery = done;
  }
  if (flags.format === 'json') terminal.out(json(delivery));
  else terminal.out(flags.wait ? deliveryLine(terminal.color, delivery) : `Delivery ${delivery.id} (${delivery.event}) of webhook ${delivery.webhook_id} ${verb}: ${delivery.status}`);
  const last = delivery.attempt_log.at(-1);
  const ok = last ? last.response_status !== undefined && last.response_status >= 200 && last.response_status < 300 : delivery.status !== 'failed';
  if (flags.wait && !ok) throw new CommandFailed(`the receiver did not accept delivery ${delivery.id}${last?.error ? `: ${last.error}` : last?.response_status ? `: HTTP ${last.response_status}` : ''}`);
}

export function webhooksCommand(program: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  const group = program.command('webhooks').description('signed event deliveries to your endpoints: manage webhooks, read the delivery log, test and redeliver');
  examples(group, ['axonctl webhooks list', 'axonctl webhooks create --url https://ops.example.com/hooks/axonflow --events approval.requested,execution.failed', 'axonctl webhooks deliveries wh_123 --status failed']);

  examples(
    group
      .command('list')
      .description('the tenant’s webhooks, oldest first')
      .addOption(tenant())
      .addOption(format())
      .action(async (flags: { tenant?: string; format: string }, command: Command) => {
        const answer = await ctx.client(command).webhooks.list({ tenantId: flags.tenant });
        if (flags.format === 'json') return terminal.out(json(answer));
        if (answer.count === 0) return terminal.err('No webhooks. An admin creates one with: axonctl webhooks create --url https://… --events approval.requested');
        const { color } = terminal;
        terminal.out(
          table(
            ['ID', 'URL', 'EVENTS', 'FORMAT', 'ENABLED', 'SECRET', 'DESCRIPTION'],
            answer.webhooks.map((w) => [w.id, truncate(w.url, 48), truncate(w.events.join(','), 40), w.format, w.enabled ? color.green('true') : color.red(`false${w.disabled_reason ? ` (${w.disabled_reason})` : ''}`), w.secret_hint, truncate(w.description ?? '-', 32)]),
          ),
        );
      }),
    ['axonctl webhooks list', 'axonctl webhooks list --format json | jq -r ".webhooks[].url"'],
  );

  examples(
    group
      .command('get <id>')
      .description('a webhook (the secret shows only as its last characters)')
      .addOption(tenant())
      .addOption(format())
      .action(async (id: string, flags: { tenant?: string; format: string }, command: Command) => {
        const webhook = await ctx.client(command).webhooks.get(id, { tenantId: flags.tenant });
        if (flags.format === 'json') return terminal.out(json(webhook));
        terminal.out(webhookLines(terminal.color, webhook).join('\n'));
      }),
    ['axonctl webhooks get wh_123'],
  );

  examples(
    group
      .command('create')
      .description('create a webhook (admins); prints its signing secret, the only time it is shown')
      .requiredOption('--url <url>', 'where deliveries are POSTed (http or https)')
      .option('--events <events>', `comma-separated: ${EVENTS.join(', ')}, or * (default *)`)
      // Not --format: that is the output format on every command.
      .addOption(new Option('--payload-format <format>', 'the body of deliveries: axonflow {event, timestamp, data}, or slack {text, blocks} for a Slack incoming webhook').choices(WEBHOOK_FORMAT_VALUES).default('axonflow'))
      .option('--secret <secret>', 'your own signing secret, 16-256 characters (default: generated)')
      .option('--description <text>', 'what it is for')
      .option('--disabled', 'create it disabled (enable it through the API)')
      .addOption(tenant())
      .addOption(format())
      .action(async (flags: { url: string; events?: string; payloadFormat: (typeof WEBHOOK_FORMAT_VALUES)[number]; secret?: string; description?: string; disabled?: boolean; tenant?: string; format: string }, command: Command) => {
        const created = await ctx.client(command).webhooks.create({
          url: flags.url,
          events: flags.events === undefined ? undefined : (parseEvents(flags.events) as never),
          format: flags.payloadFormat,
          secret: flags.secret,
          description: flags.description,
          enabled: flags.disabled ? false : undefined,
          tenant_id: flags.tenant,
        });
        const { color, errColor } = terminal;
        if (flags.format === 'json') terminal.out(json(created));
        else {
          const { secret, ...webhook } = created;
          terminal.out(webhookLines(color, webhook, secret).join('\n'));
        }
        terminal.err(errColor.yellow(`Store the secret now: it is not shown again (axonctl webhooks get shows only its last characters). Receivers verify X-AxonFlow-Signature with it (docs/webhooks.md).`));
      }),
    [
      'axonctl webhooks create --url https://ops.example.com/hooks/axonflow --events approval.requested,approval.sla_breached',
      'axonctl webhooks create --url https://hooks.slack.com/services/T000/B000/XXXX --events alert.firing,alert.resolved,execution.failed --payload-format slack',
      'axonctl webhooks create --url https://ops.example.com/hooks/axonflow --format json | jq -r .secret > webhook-secret',
    ],
  );

  examples(
    group
      .command('delete <id>')
      .description('delete a webhook and its delivery log (admins)')
      .addOption(tenant())
      .action(async (id: string, flags: { tenant?: string }, command: Command) => {
        await ctx.client(command).webhooks.delete(id, { tenantId: flags.tenant });
        terminal.out(`webhook/${id} deleted`);
      }),
    ['axonctl webhooks delete wh_123'],
  );

  examples(
    group
      .command('deliveries <id>')
      .description('the delivery log of a webhook, newest first: status, attempts, last response')
      .addOption(new Option('--status <status>', 'only these').choices(['pending', 'delivered', 'failed']))
      .option('--limit <n>', 'deliveries (1-500)', '50')
      .addOption(tenant())
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'ndjson']).default('table'))
      .action(async (id: string, flags: { status?: 'pending' | 'delivered' | 'failed'; limit: string; tenant?: string; format: string }, command: Command) => {
        const answer = await ctx.client(command).webhooks.deliveries(id, { status: flags.status, limit: parseCount('--limit', flags.limit, 1) }, { tenantId: flags.tenant });
        if (flags.format === 'json') return terminal.out(json(answer));
        if (flags.format === 'ndjson') {
          if (answer.count > 0) terminal.out(ndjson(answer.deliveries));
          return;
        }
        if (answer.count === 0) return terminal.err(flags.status ? `No ${flags.status} deliveries.` : `No deliveries yet. Send one with: axonctl webhooks test ${id}`);
        const { color } = terminal;
        terminal.out(
          table(
            ['ID', 'EVENT', 'EXECUTION', 'STATUS', 'ATTEMPTS', 'RESPONSE', 'CREATED', 'NOTE'],
            answer.deliveries.map((d) => [
              d.id,
              d.event,
              d.execution_id ?? '-',
              statusColor(color, d.status === 'delivered' ? 'completed' : d.status)(d.status),
              String(d.attempts),
              d.response_status !== undefined ? String(d.response_status) : '-',
              formatTime(d.created_at),
              d.status === 'delivered' ? `delivered ${formatTime(d.delivered_at)}` : d.status === 'pending' && d.next_attempt_at ? `next ${formatTime(d.next_attempt_at)}` : truncate(d.last_error ?? '', 40),
            ]),
          ),
        );
        const count = (s: string) => answer.deliveries.filter((d) => d.status === s).length;
        terminal.out('');
        terminal.out(color.dim(`${answer.count} deliveries: ${count('delivered')} delivered, ${count('pending')} pending, ${count('failed')} failed`));
      }),
    ['axonctl webhooks deliveries wh_123', 'axonctl webhooks deliveries wh_123 --status failed --format json'],
  );

  const waitOptions = (command: Command) =>
    command
      .option('--wait', 'wait for the attempt and print its result; exit 1 unless the receiver answered 2xx')
      .option('--timeout <seconds>', 'with --wait: give up after this long', '15')
      .addOption(tenant())
      .addOption(format());

  examples(
    waitOptions(group.command('test <id>').description('queue a webhook.test delivery (whatever the webhook’s events)')).action(async (id: string, flags: { wait?: boolean; timeout: string; tenant?: string; format: string }, command: Command) => {
      const queued = await ctx.client(command).webhooks.test(id, { tenantId: flags.tenant });
      await report(ctx, command, queued, flags, 'queued');
    }),
    ['axonctl webhooks test wh_123 --wait'],
  );

  examples(
    waitOptions(group.command('redeliver <id> <delivery_id>').description('send a delivery again now, under the same delivery id and body')).action(
      async (id: string, deliveryId: string, flags: { wait?: boolean; timeout: string; tenant?: string; format: string }, command: Command) => {
        const queued = await ctx.client(command).webhooks.redeliver(id, deliveryId, { tenantId: flags.tenant });
        await report(ctx, command, queued, flags, 'queued again');
      },
    ),
    ['axonctl webhooks redeliver wh_123 dlv_456 --wait'],
  );
  return group;
}
