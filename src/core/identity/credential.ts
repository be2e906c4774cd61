/**
 * @module Credential: what a store keeps about an API client. The secret itself is never stored
 * or returned after creation; only its scrypt hash and lookup key are.
 */
import type { Role } from './role.js';

export interface Credential {
  readonly clientId: string;
  readonly orgId: string;
  readonly tenantId: string;
  readonly role: Role;
  readonly name: string | null;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly revokedAt: string | null;
}

/** The stored form, with the verifier. Only the auth path and the store see it. */
export interface CredentialRecord extends Credential {
  readonly secretLookup: string;
  readonly secretHash: string;
}

/** The client id every fresh store's bootstrap admin gets (org `default`, tenant `default`). */
export const BOOTSTRAP_CLIENT_ID = 'axf_bootstrap_admin';
export const DEFAULT_ORG = 'default';
export const DEFAULT_TENANT = 'default';

/** A credential without its verifier: what may leave the auth path. */
export function publicCredential(record: CredentialRecord): Credential {
  const { secretHash: _hash, secretLookup: _lookup, ...credential } = record;
  return credential;
}
