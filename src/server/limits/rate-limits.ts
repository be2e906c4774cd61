/**
 * @module Rate limits (docs/security.md, decision 0016), on @fastify/rate-limit with its in-memory
 * store, so each replica counts its own traffic:
 *
 * - **Requests** per authenticated credential (keyed by client id; a stream token counts for the
 *   credential that issued it), and per client address for requests that need none (the OpenAPI
 *   document, the viewer's files). Checked after authentication and before the body is read.
 * - **Failed authentications** per client address: a credential or stream token that does not
 *   verify counts one; over budget, the address gets 429 for any credential this replica has not
 *   verified recently, so guessing slows to the budget while clients already signed in keep working.
 *
 * Over a limit the answer is 429 `RATE_LIMITED` with `Retry-After` (seconds) in the route's envelope.
 * `/healthz`, `/readyz` and `/metrics` are never limited: probes and scrapers must always get through.
 */
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';
import type { AuthAttemptGuard } from '../auth/auth-attempt-guard.js';
import type { RateLimits } from '../config/rate-limit-setting.js';
import '../auth/route-access.js';

export { DEFAULT_RATE_LIMITS, type RateLimits } from '../config/rate-limit-setting.js';

const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

/** IPv6 clients usually hold a /64, so they are counted per /64 (the plugin's default). */
const addressOf = (request: FastifyRequest) => normalizeIP(request.ip);

const rateLimited = (retryAfterSeconds: number, limit: number) => new DomainError('RATE_LIMITED', { retryAfterSeconds, limit });

/**
 * Registers the request limit on every route added afterwards (call it before the routes), and
 * returns the guard the authentication hook consults, or undefined when failed attempts are not limited.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits): Promise<AuthAttemptGuard | undefined> {
  const { requests, authFailures } = limits;
  if (requests === 'off' && authFailures === 'off') return undefined;
  await app.register(rateLimit, {
    global: requests !== 'off',
    ...(requests === 'off' ? {} : { max: requests.max, timeWindow: requests.windowMs }),
    hook: 'preParsing',
    cache: 10_000,
    keyGenerator: (request) => (request.caller ? `client:${request.caller.clientId}` : `address:${addressOf(request)}`),
    allowList: (request) => EXEMPT.has(request.routeOptions.url ?? ''),
    errorResponseBuilder: (_request, context) => rateLimited(Math.max(1, Math.ceil(context.ttl / 1000)), context.max),
  });
  if (authFailures === 'off') return undefined;
  const failures = app.createRateLimit({
    max: authFailures.max,
    timeWindow: authFailures.windowMs,
    keyGenerator: (request) => `auth-failures:${addressOf(request)}`,
    allowList: () => false,
  });
  return {
    async refusal(request) {
      const state = await failures(request, { increment: false });
      return !state.isAllowed && state.remaining === 0 ? rateLimited(Math.max(1, state.ttlInSeconds), state.max) : undefined;
    },
    async failed(request) {
      await failures(request);
    },
  };
}
