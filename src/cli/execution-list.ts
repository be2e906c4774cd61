/**
 * @module `axonctl executions list`: reads the replay list (`GET /api/v1/executions`). It carries
 * everything the table needs (steps n/m, duration, cost, status_detail, failure_class, attention),
 * takes every filter, pages to 1000 and follows cursors, and its JSON is the ExecutionSummary
 * AxonFlow's axonctl printed, so scripts keep working. `--status` takes the replay's four words
 * (`failed` covers cancelled, aborted and expired); the STATUS column shows the precise one.
 */
import type { Command } from 'commander';
import type { ExecutionListQuery, ExecutionSummary, ReplayList } from '../sdk/index.js';
import type { CliContext } from './cli-context.js';
import { csv, json, ndjson, table, yaml, type ListFormat } from './render.js';
import { statusColor } from './terminal.js';
import { formatCost, formatDuration, formatTime, parseCount, parseTimeFlag, truncate } from './units.js';

export interface ListFlags {
  readonly limit: string;
  readonly offset: string;
  readonly status?: string;
  readonly workflowId?: string;
  readonly since?: string;
  readonly until?: string;
  readonly type?: string;
  readonly failureClass?: string;
  readonly attention?: string;
  readonly provider?: string;
  readonly search?: string;
  readonly sort?: string;
  readonly order?: string;
  readonly all?: boolean;
  readonly format: ListFormat;
}

export function listQuery(flags: ListFlags, now = new Date()): ExecutionListQuery {
  return {
    limit: parseCount('--limit', flags.limit, 1),
    offset: parseCount('--offset', flags.offset),
    status: flags.status,
    workflow_id: flags.workflowId,
    start_time: flags.since ? parseTimeFlag('--since', flags.since, now) : undefined,
    end_time: flags.until ? parseTimeFlag('--until', flags.until, now) : undefined,
    execution_type: flags.type,
    failure_class: flags.failureClass,
    attention: flags.attention,
    provider: flags.provider,
    search: flags.search,
    sort: flags.sort,
    order: flags.order,
  };
}

export const CSV_COLUMNS = ['request_id', 'workflow_name', 'status', 'status_detail', 'failure_class', 'attention', 'completed_steps', 'total_steps', 'duration_ms', 'total_tokens', 'total_cost_usd', 'started_at', 'completed_at'] as const;

export async function listExecutions(ctx: CliContext, command: Command, flags: ListFlags): Promise<void> {
  const client = ctx.client(command);
  const query = listQuery(flags);
  let page: ReplayList;
  if (flags.all) {
    const executions: ExecutionSummary[] = [];
    let first: ReplayList | undefined;
    let cursor: string | undefined;
    do {
      const next: ReplayList = await client.executions.list({ ...query, ...(cursor ? { cursor, offset: undefined } : {}) });
      first ??= next;
      executions.push(...next.executions);
      cursor = next.next_cursor;
    } while (cursor);
    page = { executions, total: first.total, limit: executions.length, offset: query.offset as number, has_more: false };
  } else {
    page = await client.executions.list(query);
  }
  printList(ctx, page, flags.format, flags);
}

function printList(ctx: CliContext, page: ReplayList, format: ListFormat, flags: ListFlags): void {
  const { terminal } = ctx;
  switch (format) {
    case 'json':
      return terminal.out(json(page));
    case 'yaml':
      return terminal.out(yaml(page));
    case 'ndjson':
      if (page.executions.length > 0) terminal.out(ndjson(page.executions));
      return;
    case 'csv':
      return terminal.out(csv(CSV_COLUMNS, page.executions));
    case 'table':
      break;
  }
  if (page.executions.length === 0) {
    const filtered = flags.status || flags.workflowId || flags.since || flags.until || flags.type || flags.failureClass || flags.attention || flags.provider || flags.search;
    terminal.err(filtered ? 'No executions match these filters. Widen them (e.g. a longer --since) or drop some.' : 'No executions yet. Runs appear here once a workflow reports to the control plane (try: npm start, which runs demo traffic).');
    return;
  }
  const { color } = terminal;
  const rows = page.executions.map((e) => [
    truncate(e.request_id, 36),
    truncate(e.workflow_name, 28),
    statusColor(color, e.status_detail)(e.status_detail),
    e.failure_class ? color.red(e.failure_class) : color.dim('-'),
    `${e.completed_steps}/${e.total_steps}`,
    formatDuration(e.duration_ms),
    formatCost(e.total_cost_usd),
    formatTime(e.started_at),
  ]);
  terminal.out(table(['ID', 'WORKFLOW', 'STATUS', 'CLASS', 'STEPS', 'DURATION', 'COST', 'STARTED'], rows));
  terminal.out('');
  terminal.out(color.dim(`Showing ${page.executions.length} of ${page.total} executions (offset ${page.offset})`));
}
