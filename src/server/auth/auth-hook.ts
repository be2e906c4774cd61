/**
 * @module The authentication and role check every non-public route passes before its body is
 * parsed: no or wrong credential is 401 UNAUTHORIZED, too low a role is 403 FORBIDDEN.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';
import { roleAtLeast } from '../../core/identity/role.js';
import type { CredentialService } from '../../services/credential-service.js';
import type { StreamTokenService } from '../../services/stream-token-service.js';
import type { AuthAttemptGuard } from './auth-attempt-guard.js';
import { presentedCredential } from './presented-credential.js';
import { presentedStreamToken } from './presented-stream-token.js';
import './route-access.js';

export const WWW_AUTHENTICATE = 'Bearer realm="axonflow", Basic realm="axonflow"';

/**
 * With a guard, a credential or stream token that does not verify counts against the client
 * address, and an address over its budget gets the guard's error (429) unless the credential it
 * presents was verified recently on this replica.
 */
export function registerAuth(app: FastifyInstance, credentials: CredentialService, streamTokens?: StreamTokenService, guard?: AuthAttemptGuard): void {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async function authenticate(request, reply) {
    const config = request.routeOptions.config;
    // Unmatched URLs reach the not-found handler, which needs no identity to say 404.
    if (config.public || request.routeOptions.url === undefined) return;
    const presented = presentedCredential(request.headers);
    // Credential headers win; a stream token is looked at only where the route allows one.
    const token = !presented && config.streamToken && streamTokens ? presentedStreamToken(request.query, request.headers) : undefined;
    const refusal = (presented || token) && guard ? await guard.refusal(request) : undefined;
    const caller = presented
      ? await credentials.authenticate(presented, { cachedOnly: refusal !== undefined })
      : token && !refusal
        ? await streamTokens!.verify(token)
        : undefined;
    if (!caller && refusal) throw refusal;
    if (!caller) {
      if ((presented || token) && guard) await guard.failed(request);
      reply.header('www-authenticate', WWW_AUTHENTICATE);
      const message = presented ? 'The credential is not valid' : token ? 'The stream token is not valid or has expired' : 'A credential is required: send Authorization: Bearer <secret>, Basic, or X-Client-ID and X-Client-Secret';
      throw new DomainError('UNAUTHORIZED', {}, { message });
    }
    request.caller = caller;
    const required = config.minRole ?? 'viewer';
    if (!roleAtLeast(caller.role, required)) {
      throw new DomainError('FORBIDDEN', { role: caller.role, required, action: config.action ?? 'do this' });
    }
  });
}
