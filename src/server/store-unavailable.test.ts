/**
 * An unreachable store is a 503 STORE_UNAVAILABLE with Retry-After, in the envelope of the route's
 * surface (nested under /api/v1/unified), on every route that needs the store, the credential
 * lookup included; /healthz, which does not, stays 200. Port 1 on loopback refuses at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/ports/store.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { buildApp } from './app.js';

describe('HTTP answers while the store is unreachable', () => {
  let store: Store;
  let server: FastifyInstance;
  beforeAll(async () => {
    store = createPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 1000 });
    ({ server } = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 0 }, approvalSweepIntervalMs: 0, alertEvaluateIntervalMs: 0, webhooks: { dispatch: false } }));
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  const auth = { authorization: 'Bearer a-secret-the-server-must-look-up' };

  it.each([
    ['GET', '/readyz', {}],
    ['GET', '/api/v1/whoami', auth],
    ['GET', '/api/v1/executions', auth],
    ['POST', '/api/v1/workflows', auth],
    ['GET', '/api/v1/approvals', auth],
  ] as const)('%s %s: 503 STORE_UNAVAILABLE, flat envelope, Retry-After', async (method, url, headers) => {
    const res = await server.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: method === 'POST' ? '{"workflow_name":"x"}' : undefined });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({ error: 'store_unavailable', code: 'STORE_UNAVAILABLE', message: 'The store is not reachable', request_id: res.headers['x-request-id'] });
  });

  it('nests the error under /api/v1/unified', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/unified/executions', headers: auth });
    expect([res.statusCode, res.headers['retry-after']]).toEqual([503, '1']);
    expect(res.json()).toEqual({ error: { code: 'STORE_UNAVAILABLE', message: 'The store is not reachable' }, request_id: res.headers['x-request-id'] });
  });

  it('keeps /healthz green: the process itself is fine', async () => {
    const res = await server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
  });
});
