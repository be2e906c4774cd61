/**
 * @module Event ingestion: report what an orchestrator did. Batches larger than the server's
 * limits (1,000 events or 5 MiB) are split; every item keeps its own answer. Event ids make
 * retries safe, so batches are retried on dropped connections.
 */
import type { IngestEvent, IngestResponse } from '../shared/ingest.js';
import type { HttpClient } from './http-client.js';

const MAX_EVENTS = 1000;
/** Stay under the server's 5 MiB with room for the envelope. */
const MAX_BYTES = 5 * 1024 * 1024 - 64 * 1024;

export type { IngestEvent, IngestResponse };

export class EventsClient {
  constructor(private readonly http: HttpClient) {}

  async send(events: readonly IngestEvent[]): Promise<IngestResponse> {
    const total: IngestResponse = { accepted: 0, duplicates: 0, rejected: 0, results: [] };
    let batch: IngestEvent[] = [];
    let bytes = 0;
    let offset = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const answer = await this.http.request<IngestResponse>('POST', '/api/v1/events', { body: { events: batch }, idempotent: true });
      total.accepted += answer.accepted;
      total.duplicates += answer.duplicates;
      total.rejected += answer.rejected;
      for (const result of answer.results) total.results.push({ ...result, index: result.index + offset });
      offset += batch.length;
      batch = [];
      bytes = 0;
    };
    for (const event of events) {
      const size = JSON.stringify(event).length + 1;
      if (batch.length === MAX_EVENTS || (batch.length > 0 && bytes + size > MAX_BYTES)) await flush();
      batch.push(event);
      bytes += size;
    }
    await flush();
    return total;
  }
}
