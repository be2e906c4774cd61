/**
 * @module Signer port: signs evidence (export bundles) with the deployment's key, so anyone holding
 * the public key can check offline that a file came from this deployment unaltered. The private
 * key never leaves the implementation.
 */

export const SIGNATURE_ALGORITHMS = ['ed25519'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export interface SigningPublicKey {
  /** Names the key in a signature; derived from the public key, so it changes when the key does. */
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  /** SubjectPublicKeyInfo, PEM-encoded (what `openssl pkeyutl -verify -pubin` reads). */
  readonly publicKeyPem: string;
  /** The same key as a JSON Web Key (RFC 8037: kty OKP, crv Ed25519). */
  readonly publicKeyJwk: { readonly kty: string; readonly crv: string; readonly x: string };
}

export interface Signature {
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  /** The raw signature (64 bytes for Ed25519) over exactly the bytes given to `sign`. */
  readonly signature: Uint8Array;
}

export interface Signer {
  publicKey(): Promise<SigningPublicKey>;
  sign(data: Uint8Array): Promise<Signature>;
}
