/**
 * @module Executions: the replay/export API (`/api/v1/executions`) and a run's event log, optionally
 * waiting for the next event (long poll).
 */
import type { EventsResponse } from '../shared/events.js';
import type { ExecutionSnapshot, ExecutionSummary, TimelineEntry, TimelineItem } from '../shared/executions.js';
import type { HttpClient } from './http-client.js';

export type { EventsResponse, ExecutionSnapshot, ExecutionSummary, TimelineEntry, TimelineItem };

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

  get(id: string): Promise<{ summary: ExecutionSummary; steps: ExecutionSnapshot[] }> {
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

  export(id: string, options: { includeInput?: boolean; includeOutput?: boolean; includePolicies?: boolean } = {}): Promise<{ exported_at: string; format: string; execution: { summary: ExecutionSummary; steps: ExecutionSnapshot[] } }> {
    return this.http.request('GET', path(id, 'export'), {
      query: { format: 'json', include_input: options.includeInput, include_output: options.includeOutput, include_policies: options.includePolicies },
      idempotent: true,
    });
  }

  /**
   * The export as bytes while they arrive (for large runs: write them to a file without holding
   * the whole JSON). Same query as `export`.
   */
  async *exportBytes(id: string, options: { includeInput?: boolean; includeOutput?: boolean; includePolicies?: boolean; format?: string; signal?: AbortSignal } = {}): AsyncIterable<Uint8Array> {
    const response = await this.http.download(path(id, 'export'), {
      query: { format: options.format ?? 'json', include_input: options.includeInput, include_output: options.includeOutput, include_policies: options.includePolicies },
      signal: options.signal,
    });
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
