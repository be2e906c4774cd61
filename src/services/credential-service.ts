/**
 * @module CredentialService: issue, authenticate, list and revoke API credentials, and keep the
 * bootstrap admin. Secrets are returned once at creation and never stored or logged.
 *
 * Authentication verifies with scrypt, then remembers the answer for `cacheTtlMs` (per replica),
 * so a busy client pays the hash once. A revocation clears this replica's cache at once; other
 * replicas stop accepting the secret within `cacheTtlMs`.
 *
 * Every change (issue, secret rotation, revocation) is recorded in the credential's tenant audit
 * chain with the change: actor the acting credential, or `system` for the server's own credentials.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../core/audit/audit-entry.js';
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
import { type Ids, randomIds } from '../core/ports/ids.js';
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
  /** Audit entry ids. @default randomIds */
  readonly ids?: Ids;
  /** @default 30000 */
  readonly cacheTtlMs?: number;
}

/** The actor of changes the server makes to its own credentials (bootstrap admin, demo traffic). */
const SYSTEM = 'system';

export class CredentialService {
  readonly #store: IdentityStore;
  readonly #clock: Clock;
  readonly #ids: Ids;
  readonly #verified: TtlCache<string, Caller>;
  readonly #verifying = new Map<string, Promise<Caller | undefined>>();

  constructor(options: CredentialServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#ids = options.ids ?? randomIds;
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
      const audit = this.#audit(input.createdBy ?? SYSTEM, 'credential.create', record.clientId, { role: record.role, name: record.name });
      if (await this.#store.insertCredential(record, audit)) return { credential: publicCredential(record), clientSecret };
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
        const audit = this.#audit(SYSTEM, 'credential.rotate', BOOTSTRAP_CLIENT_ID, { reason: 'bootstrap secret set at start' });
        await this.#store.updateCredentialSecret(BOOTSTRAP_CLIENT_ID, secretLookupKey(secret), await hashSecret(secret), audit);
        this.#verified.deleteWhere((caller) => caller.clientId === BOOTSTRAP_CLIENT_ID);
      }
      return { clientId: BOOTSTRAP_CLIENT_ID, created: false };
    }
    const scope = { orgId: DEFAULT_ORG, tenantId: DEFAULT_TENANT };
    await this.#store.ensureTenant(scope, this.#clock.now());
    const chosen = secret ?? generateSecret();
    const inserted = await this.#store.insertCredential(
      {
        ...scope,
        clientId: BOOTSTRAP_CLIENT_ID,
        role: 'admin',
        name: 'bootstrap admin',
        createdAt: this.#clock.now(),
        createdBy: null,
        revokedAt: null,
        secretLookup: secretLookupKey(chosen),
        secretHash: await hashSecret(chosen),
      },
      this.#audit(SYSTEM, 'credential.create', BOOTSTRAP_CLIENT_ID, { role: 'admin', name: 'bootstrap admin' }),
    );
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
      await this.#store.updateCredentialSecret(clientId, secretLookupKey(clientSecret), secretHash, this.#audit(SYSTEM, 'credential.rotate', clientId, { reason: 'service credential issued' }));
      this.#verified.deleteWhere((caller) => caller.clientId === clientId);
    } else {
      await this.#store.insertCredential(
        { ...scope, clientId, role, name, createdAt: this.#clock.now(), createdBy: null, revokedAt: null, secretLookup: secretLookupKey(clientSecret), secretHash },
        this.#audit(SYSTEM, 'credential.create', clientId, { role, name }),
      );
    }
    return { clientId, clientSecret };
  }

  /**
   * The caller a presented credential proves, or undefined (unknown, wrong secret, revoked).
   * `cachedOnly` answers from the verified cache alone, touching neither the store nor scrypt (an
   * address over its budget of failed attempts).
   */
  async authenticate(presented: PresentedCredential, options: { cachedOnly?: boolean } = {}): Promise<Caller | undefined> {
    const cacheKey = createHash('sha256').update(`${presented.clientId ?? ''}\0${presented.secret}`).digest('hex');
    const cached = this.#verified.get(cacheKey);
    if (cached || options.cachedOnly) return cached;
    // One verification per credential at a time: when a busy client's cached answer expires, each
    // of its requests in flight would otherwise run scrypt (about 40 ms of CPU) at the same moment.
    const running = this.#verifying.get(cacheKey);
    if (running) return running;
    const verifying = this.#verify(presented, cacheKey).finally(() => this.#verifying.delete(cacheKey));
    this.#verifying.set(cacheKey, verifying);
    return verifying;
  }

  async #verify(presented: PresentedCredential, cacheKey: string): Promise<Caller | undefined> {
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
    if (!(await this.#store.revokeCredential(scope, clientId, at, this.#audit(by.clientId, 'credential.revoke', clientId, {}, at)))) {
      const credential = await this.#store.getCredential(scope, clientId);
      if (!credential) throw new DomainError('CREDENTIAL_NOT_FOUND', { clientId });
      return { clientId, revokedAt: credential.revokedAt ?? at };
    }
    this.#verified.deleteWhere((caller) => caller.clientId === clientId);
    return { clientId, revokedAt: at };
  }

  #audit(actor: string, action: string, clientId: string, details: Record<string, unknown>, at = this.#clock.now()): AuditEntry {
    return { auditId: this.#ids.next('aud'), at, actor, action, targetType: 'credential', targetId: clientId, details };
  }
}
