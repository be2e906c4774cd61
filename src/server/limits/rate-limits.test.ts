/**
 * Rate limits (decision 0016): requests per credential whatever address they come
 * from, per address for requests without one, failed authentications per address (clients already
 * verified keep working), 429 RATE_LIMITED with Retry-After in each surface's envelope, probes and
 * scrapes exempt, the window resetting, and `off`.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { ADMIN_SECRET } from '../../test-support/test-app.js';
import { buildApp, type App } from '../app.js';
import type { RateLimits } from '../config/rate-limit-setting.js';

const MINUTE = 60_000;

// The counters live in memory, not in the store: one store kind is enough (SQLite, which CI always has).
for (const harness of storeHarnesses().slice(0, 1)) {
  describe(`rate limits [${harness.kind}]`, () => {
    const open: { app: App; store: Store }[] = [];

    async function start(rateLimits: RateLimits): Promise<App> {
      const store = harness.location().open();
      await store.migrate();
      const app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: MINUTE }, version: 'test', rateLimits, alertEvaluateIntervalMs: 0, approvalSweepIntervalMs: 0, webhooks: { dispatch: false } });
      await app.credentials.ensureBootstrapAdmin(ADMIN_SECRET);
      open.push({ app, store });
      return app;
    }

    async function bearerOf(app: App, role: 'viewer' | 'admin' = 'viewer'): Promise<Record<string, string>> {
      const issued = await app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role });
      return { authorization: `Bearer ${issued.clientSecret}` };
    }

    const get = (app: App, url: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') => app.server.inject({ method: 'GET', url, headers, remoteAddress });

    function expectLimited(res: LightMyRequestResponse, windowSeconds: number) {
      expect(res.statusCode, res.body).toBe(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= windowSeconds, `Retry-After ${res.headers['retry-after']}`).toBe(true);
      const body = res.json();
      const error = typeof body.error === 'object' ? body.error : body;
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.details.retryAfterSeconds).toBe(retryAfter);
      return body;
    }

    afterEach(async () => {
      for (const { app, store } of open.splice(0)) {
        await app.server.close();
        await store.close().catch(() => undefined);
      }
    });
    afterAll(() => harness.cleanup());

    it('limits each credential on its own, from any address, and answers 429 with Retry-After in the surface envelope', async () => {
      const app = await start({ requests: { max: 5, windowMs: MINUTE }, authFailures: 'off' });
      const busy = await bearerOf(app);
      const quiet = await bearerOf(app);
      for (let i = 0; i < 5; i++) {
        const res = await get(app, '/api/v1/executions', busy, `10.0.0.${i + 1}`);
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBe('5');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(4 - i));
      }
      const flat = expectLimited(await get(app, '/api/v1/executions', busy, '10.0.0.99'), 60);
      expect(flat).toMatchObject({ error: 'rate_limited', code: 'RATE_LIMITED' });
      const nested = expectLimited(await get(app, '/api/v1/unified/executions', busy), 60);
      expect(nested.error).toMatchObject({ code: 'RATE_LIMITED' });
      // The same address, another credential: not limited.
      expect((await get(app, '/api/v1/executions', quiet)).statusCode).toBe(200);
    });

    it('never limits health, readiness or metrics', async () => {
      const app = await start({ requests: { max: 2, windowMs: MINUTE }, authFailures: 'off' });
      const busy = await bearerOf(app);
      for (let i = 0; i < 3; i++) await get(app, '/api/v1/whoami', busy);
      for (let i = 0; i < 10; i++) {
        for (const path of ['/healthz', '/readyz', '/metrics']) {
          const res = await get(app, path, busy);
          expect(res.statusCode, path).toBe(200);
          expect(res.headers['x-ratelimit-limit'], path).toBeUndefined();
        }
      }
    });

    it('limits requests without a credential by address', async () => {
      const app = await start({ requests: { max: 3, windowMs: MINUTE }, authFailures: 'off' });
      for (let i = 0; i < 3; i++) expect((await get(app, '/openapi.json', {}, '192.0.2.7')).statusCode).toBe(200);
      expectLimited(await get(app, '/openapi.json', {}, '192.0.2.7'), 60);
      expect((await get(app, '/openapi.json', {}, '192.0.2.8')).statusCode).toBe(200);
      // IPv6 clients hold a /64: its addresses share one budget.
      for (let i = 0; i < 3; i++) expect((await get(app, '/openapi.json', {}, `2001:db8:1:2::${i + 1}`)).statusCode).toBe(200);
      expectLimited(await get(app, '/openapi.json', {}, '2001:db8:1:2::ffff'), 60);
    });

    it('limits failed authentications per address, while credentials already verified keep working', async () => {
      const app = await start({ requests: 'off', authFailures: { max: 3, windowMs: MINUTE } });
      const signedIn = await bearerOf(app);
      expect((await get(app, '/api/v1/whoami', signedIn, '198.51.100.1')).statusCode).toBe(200);
      const latecomer = await bearerOf(app);
      const guesses: Record<string, string>[] = [{ authorization: 'Bearer axfs_guess_one' }, { 'x-client-id': 'axf_bootstrap_admin', 'x-client-secret': 'guess-two' }, { authorization: `Basic ${Buffer.from('axf_bootstrap_admin:guess-three').toString('base64')}` }];
      for (const guess of guesses) expect((await get(app, '/api/v1/whoami', guess, '198.51.100.1')).statusCode).toBe(401);
      // Over budget: a guess is refused unverified, even the right secret of a credential not verified yet.
      expectLimited(await get(app, '/api/v1/whoami', { authorization: 'Bearer axfs_guess_four' }, '198.51.100.1'), 60);
      expectLimited(await get(app, '/api/v1/whoami', { authorization: `Bearer ${ADMIN_SECRET}` }, '198.51.100.1'), 60);
      expectLimited(await get(app, '/api/v1/unified/executions/x/stream?stream_token=forged', {}, '198.51.100.1'), 60);
      expect((await get(app, '/api/v1/whoami', signedIn, '198.51.100.1')).statusCode).toBe(200);
      // No credential at all is no guess: still a 401.
      expect((await get(app, '/api/v1/whoami', {}, '198.51.100.1')).statusCode).toBe(401);
      // Another address is not affected.
      expect((await get(app, '/api/v1/whoami', latecomer, '198.51.100.2')).statusCode).toBe(200);
      expect((await get(app, '/api/v1/whoami', { authorization: 'Bearer axfs_guess_five' }, '198.51.100.2')).statusCode).toBe(401);
    });

    it('opens again when the window has passed', async () => {
      const app = await start({ requests: { max: 1, windowMs: 1000 }, authFailures: { max: 1, windowMs: 1000 } });
      const busy = await bearerOf(app);
      expect((await get(app, '/api/v1/whoami', busy)).statusCode).toBe(200);
      expectLimited(await get(app, '/api/v1/whoami', busy), 1);
      expect((await get(app, '/api/v1/whoami', { authorization: 'Bearer axfs_wrong' }, '203.0.113.9')).statusCode).toBe(401);
      expectLimited(await get(app, '/api/v1/whoami', { authorization: 'Bearer axfs_wrong' }, '203.0.113.9'), 1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await get(app, '/api/v1/whoami', busy)).statusCode).toBe(200);
      expect((await get(app, '/api/v1/whoami', { authorization: 'Bearer axfs_wrong' }, '203.0.113.9')).statusCode).toBe(401);
    });

    it('limits nothing when both limits are off', async () => {
      const app = await start({ requests: 'off', authFailures: 'off' });
      const busy = await bearerOf(app);
      for (let i = 0; i < 40; i++) {
        const res = await get(app, '/api/v1/whoami', i % 2 === 0 ? busy : { authorization: 'Bearer axfs_wrong' });
        expect(res.statusCode).toBe(i % 2 === 0 ? 200 : 401);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      }
    });
  });
}
