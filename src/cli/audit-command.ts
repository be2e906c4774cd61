/**
 * @module `axonctl audit` (docs/audit.md): `search` the tenant's audit trail (who approved,
 * rejected, cancelled, exported, changed a policy or a credential; every gate decision) in every
 * list format, and `verify` its hash chain: exit 0 when intact, 1 (with the first bad seq and why)
 * when a record was edited, inserted or deleted.
 */
import { Option, type Command } from 'commander';
import type { AuditPage, AuditRecord, AuditSearchQuery } from '../sdk/index.js';
import { examples, type CliContext } from './cli-context.js';
import { CommandFailed } from './exit-codes.js';
import { csv, json, LIST_FORMATS, ndjson, table, yaml, type ListFormat } from './render.js';
import { formatTime, parseCount, parseTimeFlag, truncate } from './units.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'target_type', 'target_id', 'execution_id', 'details', 'prev_hash', 'hash'] as const;
const tenant = () => new Option('--tenant <id>', 'admins: another tenant of the org');

/** The one detail a person scans for: why (reason, comment), else the details in brief. */
export function auditSummary(record: AuditRecord): string {
  const d = record.details;
  const why = typeof d.reason === 'string' ? d.reason : typeof d.comment === 'string' ? d.comment : undefined;
  if (why !== undefined) return why;
  const { eventSeq: _seq, ...rest } = d;
  return Object.keys(rest).length === 0 ? '' : JSON.stringify(rest);
}

function printPage(ctx: CliContext, records: readonly AuditRecord[], format: ListFormat, nextCursor: string | undefined): void {
  const { terminal } = ctx;
  switch (format) {
    case 'json':
      return terminal.out(json({ records, ...(nextCursor ? { next_cursor: nextCursor } : {}) }));
    case 'yaml':
      return terminal.out(yaml({ records, ...(nextCursor ? { next_cursor: nextCursor } : {}) }));
    case 'ndjson':
      if (records.length > 0) terminal.out(ndjson(records));
      return;
    case 'csv':
      return terminal.out(csv(AUDIT_CSV_COLUMNS, records));
    case 'table':
      break;
  }
  if (records.length === 0) return terminal.err('No audit records match.');
  const { color } = terminal;
  terminal.out(
    table(
      ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'TARGET', 'EXECUTION', 'DETAILS'],
      records.map((r) => [String(r.seq), formatTime(r.at), truncate(r.actor, 32), r.action, truncate(`${r.target_type}/${r.target_id}`, 40), r.execution_id ?? '-', truncate(auditSummary(r), 60)]),
    ),
  );
  terminal.out('');
  terminal.out(color.dim(`${records.length} record${records.length === 1 ? '' : 's'}${nextCursor ? `; more with --cursor ${nextCursor} (or --all)` : ''}`));
}

interface SearchFlags {
  actor?: string;
  action?: string;
  execution?: string;
  targetType?: string;
  targetId?: string;
  since?: string;
  until?: string;
  limit: string;
  cursor?: string;
  all?: boolean;
  tenant?: string;
  format: ListFormat;
}

export function auditCommand(program: Command, ctx: CliContext): Command {
  const { terminal } = ctx;
  const group = program.command('audit').description('the tamper-evident audit trail: who did what, every gate decision, and a check of its hash chain');
  examples(group, ['axonctl audit search --action approval', 'axonctl audit search --execution wf_123', 'axonctl audit verify']);

  examples(
    group
      .command('search')
      .description('audit records of the tenant, newest first (operators and admins)')
      .option('--actor <client-id>', 'only what this credential did')
      .option('--action <action>', 'an action or a dotted prefix of one: gate, gate.block, approval, execution.cancel, credential…')
      .option('--execution <id>', 'only records about this run')
      .option('--target-type <type>', 'only records about this kind of object (execution, step, approval, policy, budget, webhook, credential…)')
      .option('--target-id <id>', 'with --target-type: only this object')
      .option('--since <time>', 'at or after: a duration ago (30m, 1h, 7d) or an RFC 3339 time')
      .option('--until <time>', 'before: a duration ago or an RFC 3339 time')
      .option('--limit <n>', 'records per page (1-500)', '50')
      .option('--cursor <cursor>', 'continue after a page (the cursor the previous page printed)')
      .option('--all', 'follow every page to the oldest record')
      .addOption(tenant())
      .addOption(new Option('--format <format>', 'output format').choices([...LIST_FORMATS]).default('table'))
      .action(async (flags: SearchFlags, command: Command) => {
        const client = ctx.client(command);
        const query: AuditSearchQuery = {
          actor: flags.actor,
          action: flags.action,
          executionId: flags.execution,
          targetType: flags.targetType,
          targetId: flags.targetId,
          from: flags.since === undefined ? undefined : parseTimeFlag('--since', flags.since),
          to: flags.until === undefined ? undefined : parseTimeFlag('--until', flags.until),
          limit: parseCount('--limit', flags.limit, 1),
          cursor: flags.cursor,
          tenantId: flags.tenant,
        };
        if (!flags.all) {
          const page: AuditPage = await client.audit.search(query);
          return printPage(ctx, page.records, flags.format, page.next_cursor);
        }
        if (flags.format === 'ndjson') {
          // Streams: one page in memory at a time.
          let cursor = query.cursor;
          do {
            const page = await client.audit.search({ ...query, cursor });
            if (page.records.length > 0) terminal.out(ndjson(page.records));
            cursor = page.next_cursor;
          } while (cursor !== undefined);
          return;
        }
        const records: AuditRecord[] = [];
        for await (const record of client.audit.all(query)) records.push(record);
        printPage(ctx, records, flags.format, undefined);
      }),
    [
      'axonctl audit search --action approval --since 24h',
      'axonctl audit search --actor axf_3f2a… --format json',
      'axonctl audit search --execution wf_123 --all',
      'axonctl audit search --target-type policy --target-id large-refunds',
      'axonctl audit search --action gate.block --all --format ndjson > blocks.ndjson',
    ],
  );

  examples(
    group
      .command('verify')
      .description('walk the tenant’s hash chain; exit 1 naming the first edited, inserted or deleted record')
      .addOption(tenant())
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'))
      .action(async (flags: { tenant?: string; format: string }, command: Command) => {
        const result = await ctx.client(command).audit.verify({ tenantId: flags.tenant });
        if (flags.format === 'json') terminal.out(json(result));
        else if (flags.format === 'yaml') terminal.out(yaml(result));
        else if (result.valid) terminal.out(`${terminal.color.green('valid')}: ${result.checked} record${result.checked === 1 ? '' : 's'} checked; head seq ${result.head_seq}, hash ${result.head_hash}`);
        if (!result.valid) throw new CommandFailed(`audit chain broken at seq ${result.first_bad_seq}: ${result.reason} (${result.checked} record${result.checked === 1 ? '' : 's'} before it checked)`);
      }),
    ['axonctl audit verify', 'axonctl audit verify --format json', 'axonctl audit verify --tenant payments'],
  );
  return group;
}
