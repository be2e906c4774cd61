/**
 * @module POST /api/v1/events: batches of reported events. The batch must be well formed (an array
 * of at most 1,000 items, 5 MiB); each item is then validated and answered on its own.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PriceTable } from '../../core/pricing/index.js';
import type { IngestItem, IngestService } from '../../services/ingest-service.js';
import type { PriceLookup } from '../../services/price-book.js';
import { IngestEvent, IngestRequest, IngestResponse, MAX_BATCH_BYTES } from '../../shared/ingest.js';
import { callerOf } from '../auth/target-scope.js';
import { decodeIngestEvent } from '../ingest/decode-ingest-event.js';
import { BODY_ERRORS, SECURITY } from './error-responses.js';

type ItemResult = IngestResponse['results'][number];

function label(item: unknown): { event_id?: string; execution_id?: string } {
  if (typeof item !== 'object' || item === null) return {};
  const { event_id, execution_id } = item as { event_id?: unknown; execution_id?: unknown };
  return {
    event_id: typeof event_id === 'string' ? event_id.slice(0, 255) : undefined,
    execution_id: typeof execution_id === 'string' ? execution_id.slice(0, 255) : undefined,
  };
}

/**
 * LLM calls without a cost are priced from `priceBook` (the caller's org's effective prices, read
 * once per batch that needs them) when given, else from `prices`.
 */
export function ingestRoutes(app: FastifyInstance, deps: { ingest: IngestService; prices: PriceTable; priceBook?: PriceLookup }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/v1/events', {
    config: { minRole: 'operator', action: 'report events' },
    bodyLimit: MAX_BATCH_BYTES,
    schema: {
      tags: ['events'],
      summary: 'Report a batch of events (up to 1,000 events, 5 MiB); each item is answered on its own',
      security: SECURITY,
      body: IngestRequest,
      response: { 200: IngestResponse, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const results: ItemResult[] = [];
      const valid: IngestItem[] = [];
      const parsedEvents = request.body.events.map((raw) => IngestEvent.safeParse(raw));
      const needsPrice = parsedEvents.some((p) => p.success && p.data.type === 'llm.call' && p.data.cost_usd === undefined);
      const prices = needsPrice && deps.priceBook ? await deps.priceBook.pricesFor(callerOf(request)) : deps.prices;
      request.body.events.forEach((raw, index) => {
        const parsed = parsedEvents[index]!;
        if (parsed.success) valid.push(decodeIngestEvent(parsed.data, index, prices));
        else {
          const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }));
          results.push({
            index,
            ...label(raw),
            status: 'rejected',
            error: { code: 'VALIDATION_FAILED', message: issues.map((i) => `${i.field}: ${i.message}`).join('; '), details: { issues } },
          });
        }
      });
      for (const result of await deps.ingest.ingest(callerOf(request), valid)) {
        results.push(
          result.status === 'rejected'
            ? { index: result.index, event_id: result.eventId, execution_id: result.executionId, status: 'rejected', error: { code: result.error.code, message: result.error.message } }
            : { index: result.index, event_id: result.eventId, execution_id: result.executionId, status: result.status, seq: result.seq },
        );
      }
      results.sort((a, b) => a.index - b.index);
      return {
        accepted: results.filter((r) => r.status === 'accepted').length,
        duplicates: results.filter((r) => r.status === 'duplicate').length,
        rejected: results.filter((r) => r.status === 'rejected').length,
        results,
      };
    },
  });
}
