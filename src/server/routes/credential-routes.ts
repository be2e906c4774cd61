/** @module /api/v1/whoami and /api/v1/credentials (admin): issue, list, read and revoke credentials. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CredentialService } from '../../services/credential-service.js';
import {
  ClientIdParams,
  CreateCredentialRequest,
  Credential,
  CredentialList,
  IssuedCredential,
  RevokedCredential,
  TenantQuery,
  WhoAmI,
} from '../../shared/identity.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { presentCredential, presentIssued } from '../presenters/credential-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';

const ADMIN = { minRole: 'admin' as const, action: 'manage credentials' };

export function credentialRoutes(app: FastifyInstance, deps: { credentials: CredentialService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { credentials } = deps;

  r.get('/api/v1/whoami', {
    schema: { tags: ['identity'], summary: 'The identity and role of the presented credential', security: SECURITY, response: { 200: WhoAmI, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const caller = callerOf(request);
      return { client_id: caller.clientId, org_id: caller.orgId, tenant_id: caller.tenantId, role: caller.role };
    },
  });

  r.post('/api/v1/credentials', {
    config: ADMIN,
    schema: {
      tags: ['identity'],
      summary: "Issue a credential in the caller's org; the secret is returned once",
      security: SECURITY,
      body: CreateCredentialRequest,
      response: { 201: IssuedCredential, ...BODY_ERRORS },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const scope = targetScope(caller, request.body.tenant_id);
      const issued = await credentials.create({ scope, role: request.body.role, name: request.body.name, createdBy: caller.clientId });
      return reply.code(201).send(presentIssued(issued));
    },
  });

  r.get('/api/v1/credentials', {
    config: ADMIN,
    schema: { tags: ['identity'], summary: 'List the credentials of a tenant', security: SECURITY, querystring: TenantQuery, response: { 200: CredentialList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      return { credentials: (await credentials.list(scope)).map(presentCredential) };
    },
  });

  r.get('/api/v1/credentials/:client_id', {
    config: ADMIN,
    schema: {
      tags: ['identity'],
      summary: 'Read one credential',
      security: SECURITY,
      params: ClientIdParams,
      querystring: TenantQuery,
      response: { 200: Credential, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      return presentCredential(await credentials.get(scope, request.params.client_id));
    },
  });

  r.delete('/api/v1/credentials/:client_id', {
    config: ADMIN,
    schema: {
      tags: ['identity'],
      summary: 'Revoke a credential; revoking one already revoked answers with its revocation time',
      security: SECURITY,
      params: ClientIdParams,
      querystring: TenantQuery,
      response: { 200: RevokedCredential, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const scope = targetScope(caller, request.query.tenant_id);
      const revoked = await credentials.revoke(scope, request.params.client_id, caller);
      return { client_id: revoked.clientId, revoked_at: revoked.revokedAt };
    },
  });
}
