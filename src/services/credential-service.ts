/**
 * @module CredentialService: issue, authenticate, list and revoke API credentials, and keep the
 * bootstrap admin. Secrets are returned once at creation and never stored or logged.
 *
 * Authentication verifies with scrypt, then remembers the answer for `cacheTtlMs` (per replica),
 * so a busy client pays the hash once. A revocation clears this replica's cache at once; other
 * replicas stop accepting the secret within `cacheTtlMs`.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../core/errors/domain-error.js';
import {
  BOOTSTRAP_CLIENT_ID,
  DEFAULT_ORG,
  DEFAULT_TENANT,
  MIN_SECRET_LENGTH,
  generateClientId,
  generateSecret,
  hashSecret,
  secretLookupKey,
  verifySecret,
  type Caller,
  type Credential,
  type CredentialRecord,
  type Role,
  type Scope,
  publicCredential,
} from '../core/identity/index.js';
import type { Clock } from '../core/ports/clock.js';
import type { IdentityStore } from '../core/ports/identity-store.js';
import { TtlCache } from './ttl-cache.js';

export interface PresentedCredential {
  readonly clientId?: string;
  readonly secret: string;
}

export interface IssuedCredential {
  readonly credential: Credential;
  readonly clientSecret: string;
}

export interface CreateCredentialInput {
  readonly scope: Scope;
  readonly role: Role;
  readonly name?: string;
  readonly createdBy?: string;
}

export interface BootstrapResult {
  readonly clientId: string;
  /** Present only when this call created the credential with a generated secret: show it once. */
  readonly generatedSecret?: string;
  readonly created: boolean;
}

export interface CredentialServiceOptions {
  readonly store: IdentityStore;
  readonly clock: Clock;
  /** @default 30000 */
  readonly cacheTtlMs?: number;
}

export class CredentialService {
  readonly #store: IdentityStore;
  readonly #clock: Clock;
  readonly #verified: TtlCache<string, Caller>;

  constructor(options: CredentialServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#verified = new TtlCache({ ttlMs: options.cacheTtlMs ?? 30_000, maxEntries: 10_000 });
  }

  async create(input: CreateCredentialInput): Promise<IssuedCredential> {
    await this.#store.ensureTenant(input.scope, this.#clock.now());
    const clientSecret = generateSecret();
    const secretHash = await hashSecret(clientSecret);
    for (;;) {
      const record: CredentialRecord = {
        ...input.scope,
        clientId: generateClientId(),
        role: input.role,
        name: input.name ?? null,
        createdAt: this.#clock.now(),
        createdBy: input.createdBy ?? null,
        revokedAt: null,
        secretLookup: secretLookupKey(clientSecret),
        secretHash,
      };
      // A taken id (96 random bits) is all but impossible; draw another rather than fail.
      if (await this.#store.insertCredential(record)) return { credential: publicCredential(record), clientSecret };
    }
  }

  /**
   * Makes sure the bootstrap admin (org `default`, tenant `default`) exists. With `secret`, the
   * credential is made to accept exactly that secret; without, a secret is generated on first
   * creation only. Safe when several replicas start at once: one inserts, the others find it.
   */
  async ensureBootstrapAdmin(secret?: string): Promise<BootstrapResult> {
    if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`The bootstrap secret must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    const existing = await this.#store.findCredentialById(BOOTSTRAP_CLIENT_ID);
    if (existing) {
      if (secret !== undefined && (existing.revokedAt !== null || !(await verifySecret(secret, existing.secretHash)))) {
        await this.#store.updateCredentialSecret(BOOTSTRAP_CLIENT_ID, secretLookupKey(secret), await hashSecret(secret));
        this.#verified.deleteWhere((caller) => caller.clientId === BOOTSTRAP_CLIENT_ID);
      }
      return { clientId: BOOTSTRAP_CLIENT_ID, created: false };
    }
    const scope = { orgId: DEFAULT_ORG, tenantId: DEFAULT_TENANT };
    await this.#store.ensureTenant(scope, this.#clock.now());
    const chosen = secret ?? generateSecret();
    const inserted = await this.#store.insertCredential({
      ...scope,
      clientId: BOOTSTRAP_CLIENT_ID,
      role: 'admin',
      name: 'bootstrap admin',
      createdAt: this.#clock.now(),
      createdBy: null,
      revokedAt: null,
      secretLookup: secretLookupKey(chosen),
      secretHash: await hashSecret(chosen),
    });
    if (!inserted) return this.ensureBootstrapAdmin(secret);
    return { clientId: BOOTSTRAP_CLIENT_ID, created: true, generatedSecret: secret === undefined ? chosen : undefined };
  }

  /**
   * A credential the server uses for itself (the demo traffic): created on first use, given a new
   * secret every time, so no secret needs storing anywhere but in this process.
   */
  async issueServiceCredential(clientId: string, scope: Scope, role: Role, name: string): Promise<{ clientId: string; clientSecret: string }> {
    await this.#store.ensureTenant(scope, this.#clock.now());
    const clientSecret = generateSecret();
    const secretHash = await hashSecret(clientSecret);
    const existing = await this.#store.findCredentialById(clientId);
    if (existing) {
      if (existing.orgId !== scope.orgId || existing.tenantId !== scope.tenantId || existing.role !== role) {
        throw new Error(`Credential ${clientId} exists with another scope or role`);
      }
      await this.#store.updateCredentialSecret(clientId, secretLookupKey(clientSecret), secretHash);
      this.#verified.deleteWhere((caller) => caller.clientId === clientId);
    } else {
      await this.#store.insertCredential({ ...scope, clientId, role, name, createdAt: this.#clock.now(), createdBy: null, revokedAt: null, secretLookup: secretLookupKey(clientSecret), secretHash });
    }
    return { clientId, clientSecret };
  }

  /** The caller a presented credential proves, or undefined (unknown, wrong secret, revoked). */
  async authenticate(presented: PresentedCredential): Promise<Caller | undefined> {
    const cacheKey = createHash('sha256').update(`${presented.clientId ?? ''}\0${presented.secret}`).digest('hex');
    const cached = this.#verified.get(cacheKey);
    if (cached) return cached;
    const candidates = presented.clientId
      ? [await this.#store.findCredentialById(presented.clientId)].filter((c): c is CredentialRecord => c !== undefined)
      : await this.#store.findCredentialsByLookup(secretLookupKey(presented.secret));
    for (const candidate of candidates) {
      if (candidate.revokedAt !== null) continue;
      if (!(await verifySecret(presented.secret, candidate.secretHash))) continue;
      const caller: Caller = { clientId: candidate.clientId, orgId: candidate.orgId, tenantId: candidate.tenantId, role: candidate.role };
      this.#verified.set(cacheKey, caller);
      return caller;
    }
    return undefined;
  }

  async list(scope: Scope): Promise<Credential[]> {
    return this.#store.listCredentials(scope);
  }

  async get(scope: Scope, clientId: string): Promise<Credential> {
    const credential = await this.#store.getCredential(scope, clientId);
    if (!credential) throw new DomainError('CREDENTIAL_NOT_FOUND', { clientId });
    return credential;
  }

  async revoke(scope: Scope, clientId: string, by: Caller): Promise<{ clientId: string; revokedAt: string }> {
    if (clientId === by.clientId) throw new DomainError('CANNOT_REVOKE_SELF', { clientId });
    const at = this.#clock.now();
    if (!(await this.#store.revokeCredential(scope, clientId, at))) {
      const credential = await this.#store.getCredential(scope, clientId);
      if (!credential) throw new DomainError('CREDENTIAL_NOT_FOUND', { clientId });
      return { clientId, revokedAt: credential.revokedAt ?? at };
    }
    this.#verified.deleteWhere((caller) => caller.clientId === clientId);
    return { clientId, revokedAt: at };
  }
}

