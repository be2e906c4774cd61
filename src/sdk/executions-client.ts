/**
 * @module Executions: the replay/export API (`/api/v1/executions`) and a run's event log, optionally
 * waiting for the next event (long poll).
 */
import type { EventsResponse, WireEvent } from '../shared/events.js';
import type { BulkExportEnd, ExportFormat } from '../shared/exports.js';
import type { ExecutionSnapshot, ExecutionSummary, TimelineEntry, TimelineItem } from '../shared/executions.js';
import type { ExecutionDiff } from '../shared/execution-diff.js';
import type { RerunWire } from '../shared/reruns.js';
import type { HttpClient } from './http-client.js';

export type { BulkExportEnd, EventsResponse, ExportFormat, ExecutionDiff, ExecutionSnapshot, ExecutionSummary, TimelineEntry, TimelineItem };

export interface EventsQuery {
  readonly afterSeq?: number;
  /** Wait up to this long (≤ 30 s) for an event when none is there yet. */
  readonly waitMs?: number;
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/** Query parameters of the execution lists, as the API names them (see GET /api/v1/executions in /openapi.json). */
export type ExecutionListQuery = Record<string, string | number | boolean | undefined>;

export interface ReplayList {
  readonly executions: ExecutionSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly has_more: boolean;
  readonly next_cursor?: string;
}

export interface ExportOptions {
  /** @default json */
  readonly format?: ExportFormat;
  /** Inputs, outputs and policy lists in the json export and the bundle's execution.json (default true). */
  readonly includeInput?: boolean;
  readonly includeOutput?: boolean;
  readonly includePolicies?: boolean;
  readonly signal?: AbortSignal;
  /** How long to wait for the response to start (a bundle is built before it is sent). @default the client's */
  readonly timeoutMs?: number;
}

/** AxonFlow's JSON export body. */
export interface JsonExport {
  readonly exported_at: string;
  readonly format: string;
  readonly execution: { summary: ExecutionSummary; steps: ExecutionSnapshot[] };
}

/** The list filters (as the API names them), plus `limit` (max 100,000) and `events`. */
export type BulkExportQuery = ExecutionListQuery & { readonly limit?: number; readonly events?: boolean };

export interface BulkExportRun {
  readonly type: 'execution';
  readonly summary: ExecutionSummary;
  /** Without `events`: the run's steps. */
  readonly steps?: ExecutionSnapshot[];
  /** With `events: true`: the run's events in seq order. */
  readonly events?: WireEvent[];
}

export type BulkExportLine = BulkExportRun | BulkExportEnd;

function exportQuery(options: ExportOptions) {
  return { format: options.format ?? 'json', include_input: options.includeInput, include_output: options.includeOutput, include_policies: options.includePolicies };
}

async function* bodyOf(response: Response): AsyncIterable<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const path = (id: string, ...rest: string[]) => `/api/v1/executions/${[id, ...rest].map(encodeURIComponent).join('/')}`;

export class ExecutionsClient {
  constructor(private readonly http: HttpClient) {}

  list(query: ExecutionListQuery = {}): Promise<ReplayList> {
    return this.http.request('GET', '/api/v1/executions', { query, idempotent: true });
  }

  /** Every page of a list, following cursors. */
  async *all(query: ExecutionListQuery = {}): AsyncIterable<ExecutionSummary> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...query, cursor });
      yield* page.executions;
      cursor = page.next_cursor;
    } while (cursor);
  }

  async count(query: ExecutionListQuery = {}): Promise<number> {
    return (await this.http.request<{ count: number }>('GET', '/api/v1/executions/count', { query, idempotent: true })).count;
  }

  /** A run with its steps, and `reruns` (oldest first) when operators asked for any. */
  get(id: string): Promise<{ summary: ExecutionSummary; steps: ExecutionSnapshot[]; reruns?: RerunWire[] }> {
    return this.http.request('GET', path(id), { idempotent: true });
  }

  steps(id: string): Promise<ExecutionSnapshot[]> {
    return this.http.request('GET', path(id, 'steps'), { idempotent: true });
  }

  step(id: string, index: number): Promise<ExecutionSnapshot> {
    return this.http.request('GET', path(id, 'steps', String(index)), { idempotent: true });
  }

  timeline(id: string): Promise<TimelineEntry[]> {
    return this.http.request('GET', path(id, 'timeline'), { idempotent: true });
  }

  eventTimeline(id: string): Promise<{ execution_id: string; started_at: string; completed_at?: string; items: TimelineItem[]; truncated: boolean }> {
    return this.http.request('GET', path(id, 'timeline'), { query: { format: 'events' }, idempotent: true });
  }

  /**
   * The run's export (docs/exports.md). `json` (the default) is AxonFlow's body, parsed; any other
   * format (`ndjson`, `csv`, `html`, `bundle`) comes back as its bytes. For big runs stream
   * `exportBytes` to a file instead of holding the whole export.
   */
  export(id: string, options?: ExportOptions & { readonly format?: 'json' }): Promise<JsonExport>;
  export(id: string, options: ExportOptions & { readonly format: Exclude<ExportFormat, 'json'> }): Promise<Uint8Array>;
  async export(id: string, options: ExportOptions = {}): Promise<JsonExport | Uint8Array> {
    if ((options.format ?? 'json') === 'json') {
      return this.http.request<JsonExport>('GET', path(id, 'export'), { query: { ...exportQuery(options), format: 'json' }, idempotent: true, signal: options.signal });
    }
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.exportBytes(id, options)) chunks.push(chunk);
    return concat(chunks);
  }

  /** The export as bytes while they arrive, in any format: write them to a file without holding the export. */
  async *exportBytes(id: string, options: ExportOptions = {}): AsyncIterable<Uint8Array> {
    yield* bodyOf(await this.http.download(path(id, 'export'), { query: exportQuery(options), signal: options.signal, timeoutMs: options.timeoutMs }));
  }

  /**
   * The bulk export: every run matching the list filters (`limit` runs at most, default 10,000),
   * one parsed line at a time, ending with the `export_end` line (check `truncated` and continue
   * with `cursor: next_cursor`). A stream that ends without that line was cut short: this throws.
   */
  async *bulkExport(query: BulkExportQuery = {}, options: { readonly signal?: AbortSignal } = {}): AsyncIterable<BulkExportLine> {
    const decoder = new TextDecoder();
    let pending = '';
    let ended = false;
    const parse = (line: string): BulkExportLine => {
      const parsed = JSON.parse(line) as BulkExportLine;
      if (parsed.type === 'export_end') ended = true;
      return parsed;
    };
    for await (const chunk of this.bulkExportBytes(query, options)) {
      pending += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim()) yield parse(line);
      }
    }
    pending += decoder.decode();
    if (pending.trim()) yield parse(pending);
    if (!ended) throw new Error('The bulk export ended without its export_end line: the stream was cut short');
  }

  /** The bulk export's NDJSON bytes while they arrive (to write to a file). */
  async *bulkExportBytes(query: BulkExportQuery = {}, options: { readonly signal?: AbortSignal } = {}): AsyncIterable<Uint8Array> {
    yield* bodyOf(await this.http.download('/api/v1/executions/export', { query, signal: options.signal }));
  }

  /** Run `b` beside run `a`: steps aligned by name and type, the first divergence, deltas (docs/diff.md). */
  diff(a: string, b: string): Promise<ExecutionDiff> {
    return this.http.request('GET', path(a, 'diff', b), { idempotent: true });
  }

  delete(id: string, reason?: string): Promise<void> {
    return this.http.request('DELETE', path(id), { query: { reason } });
  }

  events(executionId: string, query: EventsQuery = {}): Promise<EventsResponse> {
    return this.http.request<EventsResponse>('GET', path(executionId, 'events'), {
      query: { after_seq: query.afterSeq, wait_ms: query.waitMs, limit: query.limit },
      idempotent: true,
      timeoutMs: (query.waitMs ?? 0) + 15_000,
      signal: query.signal,
    });
  }
}
