/**
 * @module `axonctl executions watch [id]`: live events from the SDK stream client, one line per
 * event (or NDJSON frames with `--format ndjson`). With an id it follows one run and exits 0 when
 * the run ends; without one it follows the runs matching the filters until Ctrl-C. The SDK
 * reconnects after a dropped connection with Last-Event-ID, so no event is missed or repeated.
 */
import type { Command } from 'commander';
import type { StreamFrame } from '../sdk/index.js';
import type { CliContext } from './cli-context.js';
import { statusColor, type Colors } from './terminal.js';
import { formatCost, formatTime } from './units.js';

export interface WatchFlags {
  readonly status?: string;
  readonly workflowId?: string;
  readonly failureClass?: string;
  readonly type?: string;
  readonly format: 'text' | 'ndjson';
}

type Stored = { execution_id?: string; type?: string; at?: string; data?: Record<string, unknown> };

/** One line for a frame, or undefined for frames only the NDJSON output keeps. */
export function frameLine(color: Colors, frame: StreamFrame): string | undefined {
  const data = (frame.data ?? {}) as Record<string, unknown>;
  if (frame.event === 'snapshot') {
    const runs = Array.isArray(data.executions) ? (data.executions as Record<string, unknown>[]) : [data];
    return runs.map((r) => `${color.dim('snapshot')} ${String(r.execution_id)} ${paint(color, String(r.status))} ${String(r.name ?? '')}${r.failure_class ? ` ${color.red(String(r.failure_class))}` : ''}`).join('\n') || undefined;
  }
  if (frame.event === 'execution.updated') {
    return `${color.dim('update  ')} ${String(data.execution_id)} ${paint(color, String(data.status))} attention=${String(data.attention)} progress=${String(data.progress_percent)}% cost=${formatCost(Number(data.actual_cost_usd))}${data.failure_class ? ` ${color.red(String(data.failure_class))}` : ''}`;
  }
  if (frame.event === 'cost.updated') return undefined;
  const stored = data as Stored;
  const detail = stored.data ?? {};
  const step = detail.step_id === undefined ? undefined : (detail.name ?? detail.step_id);
  const extra = [
    step ? `step=${String(step)}` : '',
    detail.decision ? `decision=${paint(color, String(detail.decision))}` : '',
    detail.provider ? `${String(detail.provider)}/${String(detail.model ?? '?')}` : '',
    detail.reason ? `reason="${String(detail.reason)}"` : '',
    typeof detail.error === 'object' && detail.error !== null ? color.red(`error="${String((detail.error as { message?: string }).message)}"`) : '',
  ].filter(Boolean);
  return `${color.dim(`#${frame.id ?? '-'}`)} ${formatTime(stored.at)} ${stored.execution_id ?? ''} ${color.bold(frame.event)}${extra.length ? ` ${extra.join(' ')}` : ''}`;
}

function paint(color: Colors, status: string): string {
  return statusColor(color, status)(status);
}

export async function watchExecutions(ctx: CliContext, command: Command, id: string | undefined, flags: WatchFlags): Promise<void> {
  const { terminal } = ctx;
  const client = ctx.client(command);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const frames = id
    ? client.streams.execution(id, { signal: stop.signal })
    : client.streams.executions(
        { status: flags.status, workflow: flags.workflowId, failureClass: flags.failureClass, executionType: flags.type as 'wcp_workflow' | 'reported' | undefined },
        { signal: stop.signal },
      );
  try {
    for await (const frame of frames) {
      if (flags.format === 'ndjson') {
        terminal.out(JSON.stringify(frame));
        continue;
      }
      if (!id && frame.event === 'snapshot') {
        const count = ((frame.data as { executions?: unknown[] } | undefined)?.executions ?? []).length;
        const filters = [flags.status && `status ${flags.status}`, flags.workflowId && `workflow ${flags.workflowId}`, flags.failureClass && `class ${flags.failureClass}`, flags.type && `type ${flags.type}`].filter(Boolean);
        terminal.err(terminal.errColor.dim(`Watching executions${filters.length ? ` (${filters.join(', ')})` : ''}: ${count} match now. Ctrl-C stops.`));
      }
      const line = frameLine(terminal.color, frame);
      if (line) terminal.out(line);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (id && !stop.signal.aborted) terminal.err(`Execution ${id} ended.`);
}
