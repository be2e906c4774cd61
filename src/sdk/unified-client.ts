/** @module The unified execution API (`/api/v1/unified/executions`): ExecutionStatus lists, reads and cancel. */
import type { HttpClient } from './http-client.js';
import type { ExecutionListQuery } from './executions-client.js';

/** ExecutionStatus (reference §3.2) with attention and failure fields; see /openapi.json. */
export type ExecutionStatus = Record<string, unknown> & {
  readonly execution_id: string;
  readonly status: string;
  readonly name: string;
  readonly progress_percent: number;
  readonly duration: string;
  readonly actual_cost_usd: number;
  readonly attention: string;
  readonly failure_class?: string;
  readonly steps?: Record<string, unknown>[];
};

export class UnifiedClient {
  constructor(private readonly http: HttpClient) {}

  list(query: ExecutionListQuery = {}): Promise<{ executions: ExecutionStatus[]; total: number; limit: number; offset: number; has_more: boolean; next_cursor?: string }> {
    return this.http.request('GET', '/api/v1/unified/executions', { query, idempotent: true });
  }

  get(id: string): Promise<ExecutionStatus> {
    return this.http.request('GET', `/api/v1/unified/executions/${encodeURIComponent(id)}`, { idempotent: true });
  }

  cancel(id: string, reason?: string): Promise<ExecutionStatus> {
    return this.http.request('POST', `/api/v1/unified/executions/${encodeURIComponent(id)}/cancel`, { body: reason === undefined ? {} : { reason } });
  }
}
