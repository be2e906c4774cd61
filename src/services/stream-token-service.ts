/**
 * @module StreamTokenService: issues and checks the short-lived tokens browsers use to open live
 * streams (EventSource cannot send credential headers). The signing key is the deployment's,
 * kept in the store under one name, so a token issued by one replica opens a stream on any other.
 * The key is read on first use, not at start, so an app can be built before its store is migrated.
 */
import { randomBytes } from 'node:crypto';
import type { Caller } from '../core/identity/scope.js';
import { signStreamToken, verifyStreamToken } from '../core/identity/stream-token.js';
import type { Clock } from '../core/ports/clock.js';
import type { ServerKeyStore } from '../core/ports/server-key-store.js';

export const STREAM_TOKEN_KEY_NAME = 'stream-token-hmac-sha256';
export const DEFAULT_STREAM_TOKEN_TTL_MS = 5 * 60 * 1000;

export interface IssuedStreamToken {
  readonly token: string;
  readonly expiresAt: string;
}

export interface StreamTokenServiceOptions {
  readonly keys: ServerKeyStore;
  readonly clock: Clock;
  /** @default 5 minutes */
  readonly ttlMs?: number;
}

export class StreamTokenService {
  readonly #keys: ServerKeyStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  #key: Promise<Buffer> | undefined;

  constructor(options: StreamTokenServiceOptions) {
    this.#keys = options.keys;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs ?? DEFAULT_STREAM_TOKEN_TTL_MS;
  }

  async issue(caller: Caller): Promise<IssuedStreamToken> {
    // Whole seconds, rounded down, so the token never outlives the promised expiry.
    const exp = Math.floor((Date.parse(this.#clock.now()) + this.#ttlMs) / 1000);
    const token = signStreamToken({ clientId: caller.clientId, orgId: caller.orgId, tenantId: caller.tenantId, role: caller.role, exp }, await this.#signingKey());
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The caller the token was issued to; undefined when it is malformed, forged or expired. */
  async verify(token: string): Promise<Caller | undefined> {
    return verifyStreamToken(token, await this.#signingKey(), Date.parse(this.#clock.now()));
  }

  #signingKey(): Promise<Buffer> {
    if (!this.#key) {
      const loading = this.#keys
        .ensureServerKey(STREAM_TOKEN_KEY_NAME, randomBytes(32).toString('base64url'))
        .then((value) => Buffer.from(value, 'base64url'));
      // A failed read (store down) is tried again by the next request rather than remembered.
      loading.catch(() => {
        if (this.#key === loading) this.#key = undefined;
      });
      this.#key = loading;
    }
    return this.#key;
  }
}
