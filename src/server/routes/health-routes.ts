/** @module /healthz (the process answers) and /readyz (the store answers too). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Store } from '../../core/ports/store.js';
import { ErrorEnvelope } from '../../shared/common.js';
import { Health, Ready } from '../../shared/health.js';

export function healthRoutes(app: FastifyInstance, deps: { store: Store; version: string }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const startedAt = Date.now();
  r.get('/healthz', {
    config: { public: true },
    schema: { tags: ['health'], summary: 'Liveness: the process is serving', response: { 200: Health } },
    handler: async () => ({ status: 'ok' as const, version: deps.version, uptime_s: Math.round((Date.now() - startedAt) / 1000) }),
  });
  r.get('/readyz', {
    config: { public: true },
    schema: { tags: ['health'], summary: 'Readiness: the store answers', response: { 200: Ready, 503: ErrorEnvelope } },
    handler: async () => {
      await deps.store.ping();
      return { status: 'ready' as const, store: deps.store.capabilities.backend };
    },
  });
}
