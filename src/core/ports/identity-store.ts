/**
 * @module IdentityStore port: orgs, tenants and credentials. A credential change given an audit
 * entry records it in the credential's tenant chain, in the same transaction.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { CredentialRecord, Credential } from '../identity/credential.js';
import type { Scope } from '../identity/scope.js';

export interface IdentityStore {
  /** Creates the org and tenant when missing; idempotent. */
  ensureTenant(scope: Scope, at: string): Promise<void>;
  /** Inserts a credential; returns false (and writes nothing) when the client id is taken. */
  insertCredential(record: CredentialRecord, audit?: AuditEntry): Promise<boolean>;
  /** Replaces the verifier of an existing credential (bootstrap secret rotation). */
  updateCredentialSecret(clientId: string, secretLookup: string, secretHash: string, audit?: AuditEntry): Promise<void>;
  /**
   * The authentication lookups, and the only unscoped reads in the system: they run before a
   * scope exists. They return revoked credentials too, so callers can tell why a secret fails.
   */
  findCredentialsByLookup(secretLookup: string): Promise<CredentialRecord[]>;
  findCredentialById(clientId: string): Promise<CredentialRecord | undefined>;
  getCredential(scope: Scope, clientId: string): Promise<Credential | undefined>;
  listCredentials(scope: Scope): Promise<Credential[]>;
  /** Returns false (and records nothing) when no active credential with that id exists in the scope. */
  revokeCredential(scope: Scope, clientId: string, at: string, audit?: AuditEntry): Promise<boolean>;
}
