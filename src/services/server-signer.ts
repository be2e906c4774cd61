/**
 * @module ServerSigner: the Signer of a deployment. One Ed25519 key pair per deployment, generated
 * by whichever replica asks first and kept in the store (ServerKeyStore), so every replica signs
 * with the same key and a restart keeps it. Loaded on first use, like the stream-token key, so an
 * app can be built before its store is migrated.
 *
 * The key id is the first 16 hex digits of the SHA-256 of the public key's DER SubjectPublicKeyInfo:
 * anyone holding the PEM can recompute it (`openssl pkey -pubin -outform DER | sha256sum`).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { ServerKeyStore } from '../core/ports/server-key-store.js';
import type { Signature, Signer, SigningPublicKey } from '../core/ports/signer.js';

export const SIGNING_KEY_NAME = 'evidence-signing-ed25519';

interface LoadedKey {
  readonly privateKey: KeyObject;
  readonly publicKey: SigningPublicKey;
}

/** The key id of an Ed25519 public key: 16 hex digits of SHA-256 over its DER SubjectPublicKeyInfo. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export class ServerSigner implements Signer {
  readonly #keys: ServerKeyStore;
  #key: Promise<LoadedKey> | undefined;

  constructor(keys: ServerKeyStore) {
    this.#keys = keys;
  }

  async publicKey(): Promise<SigningPublicKey> {
    return (await this.#load()).publicKey;
  }

  async sign(data: Uint8Array): Promise<Signature> {
    const key = await this.#load();
    // Ed25519 hashes internally: the digest argument must be null.
    return { keyId: key.publicKey.keyId, algorithm: 'ed25519', signature: new Uint8Array(sign(null, data, key.privateKey)) };
  }

  #load(): Promise<LoadedKey> {
    if (!this.#key) {
      const candidate = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const loading = this.#keys.ensureServerKey(SIGNING_KEY_NAME, candidate).then((pem) => {
        const privateKey = createPrivateKey(pem);
        const publicKey = createPublicKey(privateKey);
        const jwk = publicKey.export({ format: 'jwk' });
        return {
          privateKey,
          publicKey: {
            keyId: keyIdOf(publicKey),
            algorithm: 'ed25519' as const,
            publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            publicKeyJwk: { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) },
          },
        };
      });
      // A failed read (store down) is tried again by the next caller rather than remembered.
      loading.catch(() => {
        if (this.#key === loading) this.#key = undefined;
      });
      this.#key = loading;
    }
    return this.#key;
  }
}
