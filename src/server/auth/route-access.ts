/**
 * @module Per-route access, declared in each route's `config`: `public` routes skip
 * authentication; others require a credential and, with `minRole`, at least that role;
 * `streamToken` routes also accept a stream token.
 */
import type { Caller } from '../../core/identity/scope.js';
import type { Role } from '../../core/identity/role.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No credential needed (health, readiness, the OpenAPI document). */
    public?: boolean;
    /** The least role allowed; default viewer. */
    minRole?: Role;
    /** What the route does, for the 403 message ("manage credentials"). */
    action?: string;
    /** A stream token (query `stream_token` or cookie) is accepted instead of credential headers. */
    streamToken?: boolean;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export {};
