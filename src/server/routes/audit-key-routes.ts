/**
 * @module `GET /api/v1/audit/signing-key`: the deployment's public key that signs evidence bundles
 * (docs/exports.md), for `axonctl verify` and any Ed25519 tool. Any authenticated role may read it;
 * it is public material, but the route is authenticated like the rest of the API.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Signer } from '../../core/ports/signer.js';
import { SigningKey } from '../../shared/exports.js';
import { AUTHENTICATED_ERRORS, SECURITY } from './error-responses.js';

export function auditKeyRoutes(app: FastifyInstance, deps: { signer: Signer }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/audit/signing-key', {
    schema: {
      tags: ['audit'],
      summary: 'The public key evidence bundles are signed with (Ed25519; PEM and JWK)',
      security: SECURITY,
      response: { 200: SigningKey, ...AUTHENTICATED_ERRORS },
    },
    handler: async () => {
      const key = await deps.signer.publicKey();
      return { key_id: key.keyId, algorithm: key.algorithm, public_key_pem: key.publicKeyPem, public_key_jwk: key.publicKeyJwk };
    },
  });
}
