/**
 * @module One live stream of executions (docs/sse.md): a status snapshot, then every event of the
 * durable log after a cursor, then the events as they are written. The cursor is the only state
 * that matters: frames carry `id: <seq>`, so a client that reconnects with Last-Event-ID resumes
 * from the log with nothing lost or repeated, on any replica. The loop reads the log in batches
 * and, when it is caught up, waits for a bus wake-up (or re-reads each `pollMs` in case one was
 * lost). It writes only as fast as the client reads (SseWriter), so nothing queues in memory.
 *
 * With each batch it gets the runs the batch touched (log-tail.ts shares both across a tenant's
 * streams) and sends `execution.updated` (status, attention, failure, progress, cost) and
 * `cost.updated` when they changed since the last frame this client got; those frames carry no id,
 * so they never move the client's cursor.
 *
 * Errors that can be answered (bad Last-Event-ID, unknown run) are thrown before the response is
 * hijacked, so they take the normal error path and envelope.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';
import type { EventType } from '../../core/events/event-catalogue.js';
import type { Execution } from '../../core/executions/execution.js';
import { isTerminalStatus } from '../../core/executions/execution-status.js';
import { withStuck } from '../../core/executions/stuck.js';
import type { ExecutionStatus, ExecutionType, FailureClass } from '../../core/executions/vocabularies.js';
import { scopeOf } from '../../core/identity/scope.js';
import type { Clock } from '../../core/ports/clock.js';
import type { EventBus } from '../../core/ports/event-bus.js';
import type { ExecutionStore } from '../../core/ports/execution-store.js';
import type { SeqReads } from '../../core/ports/seq-reads.js';
import type { CostUpdatedData, ExecutionUpdatedData } from '../../shared/streams.js';
import { callerOf } from '../auth/target-scope.js';
import { presentEvent } from '../presenters/event-presenter.js';
import { presentUnifiedStatus } from '../presenters/unified-presenter.js';
import type { StreamReads } from './log-tail.js';
import { SseWriter } from './sse-writer.js';
import type { StreamRegistry } from './stream-registry.js';

export interface ExecutionStreamDeps {
  readonly store: ExecutionStore & SeqReads;
  /** The log after a cursor with the runs it touched: shared by the streams of a tenant (log-tail.ts). */
  readonly reads: StreamReads;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly registry: StreamRegistry;
  readonly stuckAfterMs: number;
  /** A `: keepalive` comment this often, so proxies and clients see the stream is alive. */
  readonly heartbeatMs: number;
  /** A client that does not drain its socket for this long is cut off. */
  readonly slowClientTimeoutMs: number;
  /** Re-read the log this often when no wake-up came (a lost notice costs at most this). @default 1000 */
  readonly pollMs?: number;
}

/** Which runs a list stream follows, matched against each run's current fields. */
export interface ExecutionStreamFilter {
  readonly statuses?: readonly ExecutionStatus[];
  /** The workflow (execution) name. */
  readonly name?: string;
  readonly failureClasses?: readonly FailureClass[];
  readonly executionType?: ExecutionType;
}

export type StreamTarget =
  | { readonly kind: 'execution'; readonly executionId: string }
  | { readonly kind: 'list'; readonly filter: ExecutionStreamFilter };

const BATCH = 500;
const SNAPSHOT_LIMIT = 50;
/** Runs whose last summary sent is remembered (to send only changes); the oldest are forgotten. */
const REMEMBERED_RUNS = 10_000;
const DIGITS = /^\d{1,16}$/;

/** The SSE event name of a stored event: the domain type, except AxonFlow's `step.decision`. */
export function streamEventName(type: EventType): string {
  return type === 'step.gated' ? 'step.decision' : type;
}

export function matchesStreamFilter(execution: Execution, filter: ExecutionStreamFilter): boolean {
  if (filter.statuses && !filter.statuses.includes(execution.status)) return false;
  if (filter.name !== undefined && execution.name !== filter.name) return false;
  if (filter.executionType !== undefined && execution.executionType !== filter.executionType) return false;
  if (filter.failureClasses && (execution.failureClass === undefined || !filter.failureClasses.includes(execution.failureClass))) return false;
  return true;
}

/**
 * Where the client wants to resume: the Last-Event-ID header (what EventSource sends on reconnect,
 * so it wins over a `last_event_id` left in the URL), else the query value.
 */
export function requestedCursor(header: string | string[] | undefined, fromQuery: number | undefined): number | undefined {
  const raw = (Array.isArray(header) ? header[0] : header)?.trim();
  if (raw === undefined || raw === '') return fromQuery;
  if (!DIGITS.test(raw) || !Number.isSafeInteger(Number(raw))) {
    const issues = [{ location: 'headers', field: 'last-event-id', message: 'must be a non-negative integer (the id of the last frame received)' }];
    throw new DomainError('VALIDATION_FAILED', { summary: `headers last-event-id: ${issues[0]!.message}`, issues });
  }
  return Number(raw);
}

function summaryOf(execution: Execution, now: string): ExecutionUpdatedData {
  const status = presentUnifiedStatus(execution, undefined, now);
  return {
    execution_id: status.execution_id,
    status: status.status,
    attention: status.attention,
    failure_class: status.failure_class,
    failure_reason: status.failure_reason,
    progress_percent: status.progress_percent,
    actual_cost_usd: status.actual_cost_usd,
    tokens_in: status.tokens_in,
    tokens_out: status.tokens_out,
  };
}

const costOf = (s: ExecutionUpdatedData): CostUpdatedData => ({ execution_id: s.execution_id, actual_cost_usd: s.actual_cost_usd, tokens_in: s.tokens_in, tokens_out: s.tokens_out });
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function serveExecutionStream(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ExecutionStreamDeps,
  target: StreamTarget,
  lastEventIdQuery: number | undefined,
): Promise<void> {
  const scope = scopeOf(callerOf(request));
  const { store, stuckAfterMs } = deps;
  const requested = requestedCursor(request.headers['last-event-id'], lastEventIdQuery);
  const runId = target.kind === 'execution' ? target.executionId : undefined;
  const sent = new Map<string, ExecutionUpdatedData>();
  const remember = (summary: ExecutionUpdatedData) => {
    sent.delete(summary.execution_id);
    sent.set(summary.execution_id, summary);
    if (sent.size > REMEMBERED_RUNS) sent.delete(sent.keys().next().value!);
  };

  // Before hijacking: anything that fails here is an ordinary error response.
  const now = deps.clock.now();
  let cursor: number;
  let snapshot: unknown;
  let run: Execution | undefined;
  if (target.kind === 'execution') {
    run = await store.getExecution(scope, target.executionId);
    if (!run) throw new DomainError('EXECUTION_NOT_FOUND', { executionId: target.executionId });
    // Over, and the client has seen all of it: 204 is what stops EventSource from reconnecting.
    if (isTerminalStatus(run.status) && requested !== undefined && run.lastSeq <= requested) {
      await reply.code(204).send(null);
      return;
    }
    cursor = requested ?? run.lastSeq;
    const current = withStuck(run, now, stuckAfterMs);
    snapshot = presentUnifiedStatus(current, await store.listSteps(scope, target.executionId), now);
    remember(summaryOf(current, now));
  } else {
    // The cursor is taken before the page is read, so an event landing in between is streamed, not lost.
    cursor = requested ?? (await store.latestSeq(scope));
    const page = await store.listExecutions(scope, { ...target.filter, limit: SNAPSHOT_LIMIT, offset: 0 });
    const shown = page.executions.filter((e) => matchesStreamFilter(e, target.filter)).map((e) => withStuck(e, now, stuckAfterMs));
    snapshot = { executions: shown.map((e) => presentUnifiedStatus(e, undefined, now)) };
    for (const e of shown) remember(summaryOf(e, now));
  }

  reply.hijack();
  const writer = new SseWriter(reply.raw, { requestId: request.id, slowClientTimeoutMs: deps.slowClientTimeoutMs });
  writer.open();
  const unregister = deps.registry.register(writer);

  // Subscribed before the first read, so a wake-up between a read and the wait is never missed.
  let woken = false;
  let wake: (() => void) | undefined;
  const unsubscribe = deps.bus.subscribe((notice) => {
    if (notice !== 'resync') {
      if (notice.orgId !== scope.orgId || notice.tenantId !== scope.tenantId) return;
      if (runId !== undefined && notice.executionId !== runId) return;
    }
    woken = true;
    wake?.();
  });
  const onClose = () => wake?.();
  writer.signal.addEventListener('abort', onClose, { once: true });
  const heartbeat = setInterval(() => writer.comment('keepalive'), deps.heartbeatMs);
  const pollMs = deps.pollMs ?? 1000;
  const idle = () =>
    new Promise<void>((resolve) => {
      if (woken || writer.closed) return resolve();
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      wake = done;
    });

  const sendUpdates = async (execution: Execution): Promise<boolean> => {
    const at = deps.clock.now();
    const next = summaryOf(withStuck(execution, at, stuckAfterMs), at);
    const previous = sent.get(execution.executionId);
    if (previous && sameJson(previous, next)) return true;
    // An ended run is forgotten once its last summary is out: remembering every run a list stream
    // saw grew each stream by a summary per run (hundreds of MiB over 200 streams in bench/load.ts).
    // A late event of such a run costs one repeated execution.updated, nothing more.
    if (isTerminalStatus(execution.status)) sent.delete(execution.executionId);
    else remember(next);
    if (!(await writer.send({ event: 'execution.updated', data: next }))) return false;
    const cost = costOf(next);
    const costChanged = previous ? !sameJson(costOf(previous), cost) : cost.actual_cost_usd > 0 || cost.tokens_in > 0 || cost.tokens_out > 0;
    return costChanged ? writer.send({ event: 'cost.updated', data: cost }) : true;
  };

  try {
    if (!(await writer.send({ id: cursor, event: 'snapshot', data: snapshot }))) return;
    for (;;) {
      woken = false;
      const { events, runs: touched } = await deps.reads.readBatch(scope, { afterSeq: cursor, executionId: runId, limit: BATCH });
      if (writer.closed) return;
      if (events.length > 0) {
        const ids = [...new Set(events.map((e) => e.executionId))];
        const follows = (id: string) => {
          const execution = touched.get(id);
          return execution !== undefined && (target.kind === 'execution' || matchesStreamFilter(execution, target.filter));
        };
        for (const event of events) {
          // The cursor passes events of runs outside the filter too: they are read once, never again.
          if (follows(event.executionId) && !(await writer.send({ id: event.seq, event: streamEventName(event.type), data: presentEvent(event) }))) return;
          cursor = event.seq;
        }
        for (const id of ids) if (follows(id) && !(await sendUpdates(touched.get(id)!))) return;
        if (runId !== undefined) run = touched.get(runId) ?? run;
      }
      if (run && isTerminalStatus(run.status) && cursor >= run.lastSeq) {
        await writer.send({ event: 'end', data: { execution_id: run.executionId, status: run.status } });
        return;
      }
      if (events.length === 0) await idle();
    }
  } catch (error) {
    // The client reconnects with its Last-Event-ID; nothing is lost by ending here.
    request.log.warn({ err: error }, 'live stream ended by an error');
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
    writer.signal.removeEventListener('abort', onClose);
    unregister();
    writer.end();
  }
}
