/**
 * @module tailReads: the reads of live streams (`readBatch`: events and the runs they touched), served from one in-memory tail of each tenant's
 * event log. Under continuous writes the streams of a tenant sit at slightly different cursors, so
 * single-flight alone (shared-reads.ts) stopped sharing: each event cost up to two queries per
 * stream (bench/results/load.md). Here the first stream to reach the end of the tail reads the new
 * batch once, with the runs it touched, and every stream whose cursor lies inside the tail is
 * answered from memory. A stream further behind reads the store on its own, as before.
 *
 * Why this is safe: appends take their seqs under one row lock held until commit, so readers only
 * ever see a prefix of the log: once a read returned the events after seq A up to seq B, no event
 * of the scope can appear later in (A, B]. The tail holds exactly such a range, `(from, head]`.
 * A run cached with the tail was read after the events that touched it, so its projection is at
 * least as new as any event of it in the tail; an entry is only ever replaced by a newer one.
 *
 * A run deleted (DELETE /api/v1/executions/{id}) while its events are in the tail can still reach
 * the tenant's own list streams from memory until those events leave it: never another tenant's.
 *
 * Memory is bounded: at most `maxEvents` events and `maxRuns` runs per scope, `maxScopes` scopes
 * (least recently read dropped). Results are shared: callers must not change them.
 */
import type { ExecutionEvent } from '../../core/events/event-catalogue.js';
import type { Execution } from '../../core/executions/execution.js';
import type { Scope } from '../../core/identity/scope.js';
import type { ExecutionStore, ReadEventsQuery } from '../../core/ports/execution-store.js';
import { shareReads } from './shared-reads.js';

type Reads = Pick<ExecutionStore, 'readEvents' | 'getExecutions'>;

/** A batch of a stream: events after its cursor, and the runs they touched as new as those events or newer. */
export interface StreamBatch {
  readonly events: readonly ExecutionEvent[];
  readonly runs: ReadonlyMap<string, Execution>;
}

/** How live streams read the log (execution-stream.ts). */
export interface StreamReads {
  readBatch(scope: Scope, query: ReadEventsQuery): Promise<StreamBatch>;
}

export interface TailOptions {
  /** Events kept per scope; a stream further behind than this reads the store. @default 5000 */
  readonly maxEvents?: number;
  /** Runs kept per scope (the ones the newest events touched). @default 5000 */
  readonly maxRuns?: number;
  /** Scopes with a tail; the least recently read is dropped first. @default 200 */
  readonly maxScopes?: number;
  /** Events read per extension. @default 500 */
  readonly batch?: number;
}

interface Tail {
  /** Every event of the scope with from < seq <= head, in seq order. */
  events: ExecutionEvent[];
  from: number;
  head: number;
  runs: Map<string, Execution>;
  /** The read that extends the tail now, shared by every stream that reached its end. */
  extending?: Promise<void>;
}

const keyOf = (scope: Scope) => `${scope.orgId}\u0000${scope.tenantId}`;

/** Index of the first event with seq > after (events sorted by seq). */
function firstAfter(events: readonly ExecutionEvent[], after: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.seq > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function tailReads(store: Reads, options: TailOptions = {}): StreamReads {
  const maxEvents = options.maxEvents ?? 5000;
  const maxRuns = options.maxRuns ?? 5000;
  const maxScopes = options.maxScopes ?? 200;
  const batch = options.batch ?? 500;
  const shared = shareReads(store);
  const tails = new Map<string, Tail>();

  const touch = (key: string, tail: Tail) => {
    tails.delete(key);
    tails.set(key, tail);
    if (tails.size > maxScopes) tails.delete(tails.keys().next().value!);
  };

  const keepRun = (tail: Tail, run: Execution) => {
    const cached = tail.runs.get(run.executionId);
    if (cached && cached.lastSeq >= run.lastSeq) return;
    tail.runs.delete(run.executionId);
    tail.runs.set(run.executionId, run);
    if (tail.runs.size > maxRuns) tail.runs.delete(tail.runs.keys().next().value!);
  };

  async function extend(scope: Scope, tail: Tail): Promise<void> {
    const head = tail.head;
    const events = await store.readEvents(scope, { afterSeq: head, limit: batch });
    if (events.length === 0 || tail.head !== head) return;
    // Read after the events, so each run is at least as new as its events in the tail.
    const runs = await store.getExecutions(scope, [...new Set(events.map((e) => e.executionId))]);
    if (tail.head !== head) return;
    tail.events.push(...events);
    tail.head = events[events.length - 1]!.seq;
    for (const run of runs) keepRun(tail, run);
    if (tail.events.length > maxEvents) {
      const dropped = tail.events.splice(0, tail.events.length - maxEvents);
      tail.from = dropped[dropped.length - 1]!.seq;
    }
  }

  function fromTail(tail: Tail, after: number, limit: number): ExecutionEvent[] {
    const start = firstAfter(tail.events, after);
    return tail.events.slice(start, start + limit);
  }

  /** Runs from the tail's cache when it has them all (they are as new as the tail's events), else from the store. */
  async function runsFor(scope: Scope, tail: Tail | undefined, events: readonly ExecutionEvent[]): Promise<Map<string, Execution>> {
    const ids = [...new Set(events.map((e) => e.executionId))];
    if (ids.length === 0) return new Map();
    const cached = tail?.runs;
    if (cached && ids.every((id) => cached.has(id))) return new Map(ids.map((id) => [id, cached.get(id)!]));
    return new Map((await shared.getExecutions(scope, ids)).map((run) => [run.executionId, run]));
  }

  async function fromStore(scope: Scope, query: ReadEventsQuery): Promise<StreamBatch> {
    const events = await shared.readEvents(scope, query);
    return { events, runs: await runsFor(scope, undefined, events) };
  }

  async function readBatch(scope: Scope, query: ReadEventsQuery): Promise<StreamBatch> {
    // A single run's stream, or a read larger than a batch, is not what the tail is for.
    const limit = query.limit ?? batch;
    if (query.executionId !== undefined || limit > batch) return fromStore(scope, query);
    const after = query.afterSeq ?? 0;
    const key = keyOf(scope);
    let tail = tails.get(key);
    if (!tail) tail = { events: [], from: after, head: after, runs: new Map() };
    else if (after < tail.from) return fromStore(scope, query);
    touch(key, tail);
    const current = tail;
    if (after >= current.head) {
      // At the end of the tail, or ahead of it (a stream that starts at the latest seq before the
      // others caught up): one extension, shared by every stream that got here meanwhile.
      current.extending ??= extend(scope, current).finally(() => (current.extending = undefined));
      await current.extending;
      // The extension may also have moved `from` past the cursor (more new events than the tail keeps).
      if (after < current.from || after > current.head) return fromStore(scope, query);
    }
    const events = fromTail(current, after, limit);
    return { events, runs: await runsFor(scope, current, events) };
  }

  return { readBatch };
}
