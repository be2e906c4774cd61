/**
 * @module `axonctl approvals`: the inbox (`/api/v1/approvals`). `list` with the inbox's filters in
 * every format, `show` one approval with its run, step input, matched policies and deadlines, and
 * `approve` / `reject` one approval, a list of ids or every approval a filter selects (bulk, with
 * `--dry-run`). Justifications are checked here (10 characters once trimmed, exit 2) as the server
 * checks them; a bulk decision prints every item's result and exits 1 when any failed.
 */
import { Option, type Command } from 'commander';
import type { ApprovalList, ApprovalResource, BulkApprovalRequest, BulkApprovalResponse } from '../sdk/index.js';
import { examples, type CliContext } from './cli-context.js';
import { CommandFailed, UsageError } from './exit-codes.js';
import { csv, json, LIST_FORMATS, ndjson, table, yaml, type ListFormat } from './render.js';
import { statusColor, type Colors } from './terminal.js';
import { formatAge, formatTime, parseAgeFlag, parseCount, parseList, truncate } from './units.js';

const STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
const MIN_JUSTIFICATION = 10;

interface ListFlags {
  readonly status: string;
  readonly workflow?: string;
  readonly policy?: string;
  readonly olderThan?: string;
  readonly newerThan?: string;
  readonly sla?: 'ok' | 'breached';
  readonly limit: string;
  readonly all?: boolean;
  readonly format: ListFormat;
}

interface DecideFlags {
  readonly comment?: string;
  readonly reason?: string;
  readonly ids?: string;
  readonly filterWorkflow?: string;
  readonly filterPolicy?: string;
  readonly olderThan?: string;
  readonly sla?: 'ok' | 'breached';
  readonly dryRun?: boolean;
  readonly format: 'table' | 'json';
}

export const APPROVAL_CSV_COLUMNS = [
  'approval_id',
  'status',
  'workflow_name',
  'execution_id',
  'execution_status',
  'step_id',
  'step_name',
  'policy_ids',
  'reason',
  'requested_at',
  'age_seconds',
  'sla_at',
  'sla_state',
  'expires_at',
  'decided_by',
  'decided_at',
  'comment',
] as const;

/** `pending` (the default), `all`, or a comma list of statuses. */
function statusQuery(text: string): string | undefined {
  const words = parseList(text) ?? [];
  if (words.length === 1 && words[0] === 'all') return undefined;
  const bad = words.filter((w) => !(STATUSES as readonly string[]).includes(w));
  if (words.length === 0 || bad.length > 0) throw new UsageError(`--status must be all or one or more of ${STATUSES.join(', ')}, comma-separated; got "${text}"`);
  return words.join(',');
}

async function listApprovals(ctx: CliContext, command: Command, flags: ListFlags): Promise<void> {
  const client = ctx.client(command);
  const query = {
    status: statusQuery(flags.status),
    workflow: flags.workflow,
    policyId: flags.policy,
    olderThan: flags.olderThan ? parseAgeFlag('--older-than', flags.olderThan) : undefined,
    newerThan: flags.newerThan ? parseAgeFlag('--newer-than', flags.newerThan) : undefined,
    sla: flags.sla,
    limit: parseCount('--limit', flags.limit, 1),
  };
  let page: ApprovalList;
  if (flags.all) {
    const approvals: ApprovalResource[] = [];
    let cursor: string | undefined;
    do {
      const next: ApprovalList = await client.approvals.list({ ...query, cursor });
      approvals.push(...next.approvals);
      cursor = next.next_cursor;
    } while (cursor);
    page = { approvals, count: approvals.length };
  } else {
    page = await client.approvals.list(query);
  }
  const { terminal } = ctx;
  switch (flags.format) {
    case 'json':
      return terminal.out(json(page));
    case 'yaml':
      return terminal.out(yaml(page));
    case 'ndjson':
      if (page.approvals.length > 0) terminal.out(ndjson(page.approvals));
      return;
    case 'csv':
      return terminal.out(csv(APPROVAL_CSV_COLUMNS, page.approvals.map((a) => ({ ...a, policy_ids: a.policy_ids.join(',') }))));
    case 'table':
      break;
  }
  if (page.approvals.length === 0) {
    const filtered = flags.workflow || flags.policy || flags.olderThan || flags.newerThan || flags.sla;
    const which = query.status === undefined ? '' : `${query.status.replace(/,/g, ' or ')} `;
    terminal.err(filtered ? `No ${which}approvals match these filters.` : `No ${which}approvals.${query.status === 'pending' ? ' (--status all shows decided and expired ones too)' : ''}`);
    return;
  }
  const { color } = terminal;
  const rows = page.approvals.map((a) => [
    a.approval_id,
    truncate(a.workflow_name, 28),
    truncate(a.step_name ?? a.step_id, 24),
    truncate(a.policy_ids.join(',') || '-', 32),
    formatAge(a.age_seconds),
    a.sla_state === 'breached' ? color.red('breached') : 'ok',
    statusColor(color, a.status)(a.status),
  ]);
  terminal.out(table(['ID', 'WORKFLOW', 'STEP', 'POLICY', 'AGE', 'SLA', 'STATUS'], rows));
  terminal.out('');
  terminal.out(color.dim(listFooter(page)));
}

/** `3 approvals: 2 pending, 1 approved; 1 past its SLA`, and a hint when there are more pages. */
export function listFooter(page: ApprovalList): string {
  const n = page.approvals.length;
  const counts = STATUSES.map((s) => [s, page.approvals.filter((a) => a.status === s).length] as const)
    .filter(([, count]) => count > 0)
    .map(([s, count]) => `${count} ${s}`);
  const breached = page.approvals.filter((a) => a.sla_state === 'breached').length;
  return `${n} approval${n === 1 ? '' : 's'}: ${counts.join(', ')}${breached ? `; ${breached} past SLA` : ''}${page.next_cursor ? ' (more: add --all)' : ''}`;
}

function showLines(color: Colors, a: ApprovalResource): string[] {
  const field = (name: string, value: string) => `  ${color.bold(name.padEnd(14))}${value}`;
  const step = `${a.step_index !== undefined ? `${a.step_index + 1}. ` : ''}${a.step_name ?? a.step_id}${a.step_type ? ` (${a.step_type})` : ''}${a.step_name && a.step_name !== a.step_id ? color.dim(` id ${a.step_id}`) : ''}`;
  const sla = a.sla_at ? `${formatTime(a.sla_at)} ${a.sla_state === 'breached' ? color.red(`breached${a.sla_breached_at ? ` (marked ${formatTime(a.sla_breached_at)})` : ''}`) : color.green('ok')}` : a.sla_state === 'breached' ? color.red('breached') : '-';
  const lines = [
    `${color.bold(`Approval ${a.approval_id}`)}  ${statusColor(color, a.status)(a.status)}`,
    field('Workflow', `${a.workflow_name} ${color.dim(`(run ${a.execution_id}, ${a.execution_status})`)}`),
    field('Step', step),
    field('Reason', a.reason),
    field('Policies', a.policy_ids.join(', ') || '-'),
    field('Requested', `${formatTime(a.requested_at)} ${color.dim(a.status === 'pending' ? `(${formatAge(a.age_seconds)} ago)` : `(waited ${formatAge(a.age_seconds)})`)}`),
    field('SLA', sla),
    field('Expires', formatTime(a.expires_at)),
    field('On reject', a.on_reject === 'fail' ? 'fail (the run fails)' : 'abort (the run is aborted)'),
  ];
  if (a.decided_at || a.decided_by) lines.push(field('Decided', `${a.status}${a.decided_by ? ` by ${a.decided_by}` : ''} ${formatTime(a.decided_at)}`));
  if (a.comment) lines.push(field(a.status === 'rejected' ? 'Reason given' : 'Comment', a.comment));
  lines.push('', color.bold('Matched Policies'));
  if (a.policies_matched.length === 0) lines.push(color.dim('  (none recorded)'));
  for (const p of a.policies_matched) lines.push(`  [${p.action}] ${p.policy_id} - ${p.policy_name}${p.reason && p.reason !== p.policy_name ? `: ${p.reason}` : ''}${p.version !== undefined ? color.dim(` (version ${p.version})`) : ''}`);
  lines.push('', color.bold('Step Input'));
  lines.push(a.step_input === undefined || a.step_input === null ? color.dim('  (none recorded)') : json(a.step_input).replace(/^/gm, '  '));
  return lines;
}

const justificationFlag = (action: 'approve' | 'reject') => (action === 'approve' ? '--comment' : '--reason');

/** The justification, checked as the server checks it: required unless a dry run, 10+ characters once trimmed. */
function justification(action: 'approve' | 'reject', flags: DecideFlags): string | undefined {
  const flag = justificationFlag(action);
  const text = action === 'approve' ? flags.comment : flags.reason;
  if (text === undefined) {
    if (flags.dryRun) return undefined;
    throw new UsageError(`${flag} is required: say why (at least ${MIN_JUSTIFICATION} characters), e.g. ${flag} "${action === 'approve' ? 'verified with the customer' : 'amount too high for self-service'}"`);
  }
  const length = text.trim().length;
  if (length < MIN_JUSTIFICATION) throw new UsageError(`${flag} must be at least ${MIN_JUSTIFICATION} characters once trimmed; got ${length}`);
  return text;
}

async function decide(ctx: CliContext, command: Command, action: 'approve' | 'reject', id: string | undefined, flags: DecideFlags): Promise<void> {
  const ids = parseList(flags.ids);
  const filterGiven = flags.filterWorkflow !== undefined || flags.filterPolicy !== undefined || flags.olderThan !== undefined || flags.sla !== undefined;
  const modes = [id !== undefined, flags.ids !== undefined, filterGiven].filter(Boolean).length;
  if (modes === 0) throw new UsageError(`${action} what? Give an approval id, --ids a,b,c, or a filter (--filter-workflow, --filter-policy, --older-than, --sla)`);
  if (modes > 1) throw new UsageError('give only one of: an approval id, --ids, or filter flags (--filter-workflow, --filter-policy, --older-than, --sla)');
  if (flags.ids !== undefined && !ids) throw new UsageError('--ids needs one or more approval ids, comma-separated');
  const text = justification(action, flags);
  const client = ctx.client(command);
  const { terminal } = ctx;
  const past = action === 'approve' ? 'approved' : 'rejected';

  if (id !== undefined && !flags.dryRun) {
    const approval = action === 'approve' ? await client.approvals.approve(id, text!) : await client.approvals.reject(id, text!);
    if (flags.format === 'json') return terminal.out(json(approval));
    terminal.out(`Approval ${approval.approval_id} ${statusColor(terminal.color, approval.status)(approval.status)} (${approval.workflow_name}, run ${approval.execution_id} now ${approval.execution_status})`);
    return;
  }

  const request: BulkApprovalRequest = {
    action,
    ...(id !== undefined ? { ids: [id] } : ids ? { ids } : { filter: { workflow: flags.filterWorkflow, policy_id: flags.filterPolicy, older_than: flags.olderThan ? parseAgeFlag('--older-than', flags.olderThan) : undefined, sla: flags.sla } }),
    ...(text !== undefined ? (action === 'approve' ? { comment: text } : { reason: text }) : {}),
    dry_run: flags.dryRun === true,
  };
  const answer = await client.approvals.bulk(request);
  const requested = request.ids;
  if (flags.format === 'json') terminal.out(json(answer));
  else printBulk(ctx, action, answer, requested);
  const failed = answer.failed ?? 0;
  if (failed > 0) throw new CommandFailed(`${failed} of ${answer.results?.length ?? failed} approvals could not be ${past}`);
}

function printBulk(ctx: CliContext, action: 'approve' | 'reject', answer: BulkApprovalResponse, requested: readonly string[] | undefined): void {
  const { terminal } = ctx;
  const { color } = terminal;
  const past = action === 'approve' ? 'approved' : 'rejected';
  const plural = (n: number) => `${n} approval${n === 1 ? '' : 's'}`;
  if (answer.dry_run) {
    const skipped = (requested ?? []).filter((i) => !answer.ids.includes(i));
    if (answer.ids.length === 0 && skipped.length === 0) return terminal.err(`No pending approvals match these filters: nothing would be ${past}.`);
    const rows = [...answer.ids.map((i) => [i, `would ${action}`]), ...skipped.map((i) => [i, color.dim('would skip (not pending, expired, or its run has ended)')])];
    terminal.out(table(['APPROVAL', 'DRY RUN'], rows));
    terminal.out('');
    terminal.out(color.dim(`Dry run: would ${action} ${plural(answer.count)}${skipped.length ? `, skip ${skipped.length}` : ''}; nothing was decided.`));
    return;
  }
  const results = answer.results ?? [];
  if (results.length === 0) return terminal.err(`No pending approvals match these filters: nothing ${past}.`);
  const rows = results.map((r) => [r.approval_id, r.ok ? statusColor(color, r.status ?? past)(r.status ?? past) : color.red('failed'), r.error ? `${r.error.code}: ${r.error.message}` : '']);
  terminal.out(table(['APPROVAL', 'RESULT', 'ERROR'], rows));
  terminal.out('');
  const failed = results.filter((r) => !r.ok).length;
  terminal.out(`${past[0]!.toUpperCase()}${past.slice(1)} ${results.length - failed} of ${plural(results.length)}${failed ? color.red(`; ${failed} failed`) : ''}.`);
}

function decideCommand(group: Command, ctx: CliContext, action: 'approve' | 'reject'): Command {
  const flag = justificationFlag(action);
  const past = action === 'approve' ? 'approved' : 'rejected';
  const command = group
    .command(`${action} [id]`)
    .description(
      action === 'approve'
        ? 'approve one approval (the step may run), --ids a,b,c, or every pending one a filter selects'
        : 'reject one approval (the run is aborted, or failed as its policy says), --ids a,b,c, or every pending one a filter selects',
    )
    .option(`${flag} <text>`, `why (required; at least ${MIN_JUSTIFICATION} characters; recorded with who decided)`)
    .option('--ids <ids>', 'bulk: these approval ids, comma-separated (at most 500)')
    .option('--filter-workflow <name>', 'bulk: pending approvals of this workflow')
    .option('--filter-policy <id>', 'bulk: pending approvals requested by this policy')
    .option('--older-than <age>', 'bulk: requested at least this long ago (30m, 4h, 7d)')
    .addOption(new Option('--sla <state>', 'bulk: pending approvals whose SLA is ok or breached').choices(['ok', 'breached']))
    .option('--dry-run', `list what would be ${past}, decide nothing`)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((id: string | undefined, flags: DecideFlags, cmd: Command) => decide(ctx, cmd, action, id, flags));
  return examples(
    command,
    action === 'approve'
      ? [
          'axonctl approvals approve apr_123 --comment "verified with the customer by phone"',
          'axonctl approvals approve --ids apr_1,apr_2 --comment "batch reviewed by finance"',
          'axonctl approvals approve --filter-workflow refund-agent --older-than 1h --comment "backlog cleared by on-call" --dry-run',
        ]
      : ['axonctl approvals reject apr_123 --reason "amount exceeds the customer\'s order total"', 'axonctl approvals reject --filter-workflow refund-agent --sla breached --reason "stale: customer must resubmit"'],
  );
}

export function approvalsCommand(program: Command, ctx: CliContext): Command {
  const group = program.command('approvals').description('the approvals inbox: list, show, approve and reject held steps (one, by ids, or by filter)');
  examples(group, ['axonctl approvals list', 'axonctl approvals show apr_123', 'axonctl approvals approve apr_123 --comment "verified with the customer"']);

  examples(
    group
      .command('list')
      .description('approvals, oldest request first (pending unless --status says otherwise)')
      .option('--status <status>', `${STATUSES.join(', ')}, comma-separated, or all`, 'pending')
      .option('--workflow <name>', 'workflow name, exactly')
      .option('--policy <id>', 'approvals requested by this policy')
      .option('--older-than <age>', 'requested at least this long ago (30m, 4h, 7d, 1h30m)')
      .option('--newer-than <age>', 'requested at most this long ago')
      .addOption(new Option('--sla <state>', 'SLA state').choices(['ok', 'breached']))
      .option('--limit <n>', 'approvals per page (1-200)', '50')
      .option('--all', 'every page (follows next_cursor; --limit is the page size)')
      .addOption(new Option('--format <format>', 'output format').choices([...LIST_FORMATS]).default('table'))
      .action((flags: ListFlags, command: Command) => listApprovals(ctx, command, flags)),
    [
      'axonctl approvals list',
      'axonctl approvals list --sla breached --older-than 30m',
      'axonctl approvals list --workflow refund-agent --status all --format json',
      'axonctl approvals list --status approved,rejected --all --format csv > decisions.csv',
    ],
  );

  examples(
    group
      .command('show <id>')
      .description('an approval: its run, step, step input, matched policies, SLA and expiry, decision')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
      .action(async (id: string, flags: { format: 'table' | 'json' }, command: Command) => {
        const approval = await ctx.client(command).approvals.get(id);
        if (flags.format === 'json') return ctx.terminal.out(json(approval));
        ctx.terminal.out(showLines(ctx.terminal.color, approval).join('\n'));
        if (approval.status === 'pending') ctx.terminal.err(ctx.terminal.errColor.dim(`Decide: axonctl approvals approve ${id} --comment "…" | axonctl approvals reject ${id} --reason "…"`));
      }),
    ['axonctl approvals show apr_123', 'axonctl approvals show apr_123 --format json | jq .step_input'],
  );

  decideCommand(group, ctx, 'approve');
  decideCommand(group, ctx, 'reject');
  return group;
}
