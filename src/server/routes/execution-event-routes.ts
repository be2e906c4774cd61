/**
 * @module GET /api/v1/executions/{id}/events: the run's events after a cursor, optionally waiting
 * for the next one (long poll). The SDK uses it to wait for approvals and to notice a cancel
 * without polling in a loop; any client can use it to follow a run.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/domain-error.js';
import type { ExecutionStore } from '../../core/ports/execution-store.js';
import type { EventWaiter } from '../../services/event-waiter.js';
import { EventsQuery, EventsResponse, ExecutionIdParams } from '../../shared/events.js';
import { callerOf } from '../auth/target-scope.js';
import { presentEvent } from '../presenters/event-presenter.js';
import { AUTHENTICATED_ERRORS, SECURITY } from './error-responses.js';

export function executionEventRoutes(app: FastifyInstance, deps: { store: ExecutionStore; waiter: EventWaiter; closing: AbortSignal }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // One listener on the shutdown signal for all waits, rather than one per request.
  const waiting = new Set<AbortController>();
  deps.closing.addEventListener('abort', () => {
    for (const wait of waiting) wait.abort();
  }, { once: true });

  r.get('/api/v1/executions/:id/events', {
    schema: {
      tags: ['executions'],
      summary: 'Events of a run after a cursor; with wait_ms, waits for the next one (long poll)',
      security: SECURITY,
      params: ExecutionIdParams,
      querystring: EventsQuery,
      response: { 200: EventsResponse, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request, reply) => {
      const scope = callerOf(request);
      const { id } = request.params;
      if (!(await deps.store.getExecution(scope, id))) throw new DomainError('EXECUTION_NOT_FOUND', { executionId: id });
      // The wait ends early when the client goes away or the server shuts down.
      const wait = new AbortController();
      if (deps.closing.aborted) wait.abort();
      const onClose = () => wait.abort();
      reply.raw.once('close', onClose);
      waiting.add(wait);
      try {
        const events = await deps.waiter.wait(scope, { executionId: id, afterSeq: request.query.after_seq, waitMs: request.query.wait_ms, limit: request.query.limit, signal: wait.signal });
        const execution = await deps.store.getExecution(scope, id);
        return {
          execution_id: id,
          status: execution?.status ?? 'unknown',
          events: events.map(presentEvent),
          last_seq: events.length > 0 ? events[events.length - 1]!.seq : request.query.after_seq,
        };
      } finally {
        waiting.delete(wait);
        reply.raw.off('close', onClose);
      }
    },
  });
}
