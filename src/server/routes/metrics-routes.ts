/**
 * @module GET /metrics: the Prometheus exposition of this replica. Open by default, like
 * AxonFlow's; with a metrics token configured (AXONFLOW_METRICS_TOKEN) it needs
 * `Authorization: Bearer <token>`. It is not an API credential: scrapers hold no tenant role.
 * Left out of the OpenAPI document (it is not JSON).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';
import type { ControlPlaneMetrics } from '../metrics/control-plane-metrics.js';

export function metricsRoutes(app: FastifyInstance, deps: { metrics: ControlPlaneMetrics; token?: string }): void {
  const expected = deps.token ? Buffer.from(`Bearer ${deps.token}`, 'utf8') : undefined;
  app.get('/metrics', {
    config: { public: true },
    schema: { hide: true },
    handler: async (request, reply) => {
      if (expected) {
        const given = Buffer.from(request.headers.authorization ?? '', 'utf8');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new DomainError('UNAUTHORIZED', {}, { message: 'The metrics token is required: send Authorization: Bearer <AXONFLOW_METRICS_TOKEN>' });
        }
      }
      const body = await deps.metrics.scrape();
      return reply.type(deps.metrics.contentType).send(body);
    },
  });
}
