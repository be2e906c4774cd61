/** @module Credentials on the wire (snake_case). */
import type { Credential } from '../../core/identity/credential.js';
import type { IssuedCredential } from '../../services/credential-service.js';
import type { Credential as WireCredential, IssuedCredential as WireIssued } from '../../shared/identity.js';

export function presentCredential(credential: Credential): WireCredential {
  return {
    client_id: credential.clientId,
    org_id: credential.orgId,
    tenant_id: credential.tenantId,
    role: credential.role,
    name: credential.name,
    created_at: credential.createdAt,
    created_by: credential.createdBy,
    revoked_at: credential.revokedAt,
  };
}

export function presentIssued(issued: IssuedCredential): WireIssued {
  const c = issued.credential;
  return {
    client_id: c.clientId,
    client_secret: issued.clientSecret,
    org_id: c.orgId,
    tenant_id: c.tenantId,
    role: c.role,
    name: c.name,
    created_at: c.createdAt,
  };
}
