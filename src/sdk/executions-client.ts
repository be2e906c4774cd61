/** @module Executions: reading a run's event log, optionally waiting for the next event (long poll). */
import type { EventsResponse } from '../shared/events.js';
import type { HttpClient } from './http-client.js';

export type { EventsResponse };

export interface EventsQuery {
  readonly afterSeq?: number;
  /** Wait up to this long (≤ 30 s) for an event when none is there yet. */
  readonly waitMs?: number;
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

export class ExecutionsClient {
  constructor(private readonly http: HttpClient) {}

  events(executionId: string, query: EventsQuery = {}): Promise<EventsResponse> {
    return this.http.request<EventsResponse>('GET', `/api/v1/executions/${encodeURIComponent(executionId)}/events`, {
      query: { after_seq: query.afterSeq, wait_ms: query.waitMs, limit: query.limit },
      idempotent: true,
      timeoutMs: (query.waitMs ?? 0) + 15_000,
      signal: query.signal,
    });
  }
}
