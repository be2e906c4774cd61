/**
 * @module Credential secrets: generation, scrypt hashing and verification, and the lookup key
 * that lets a Bearer token (a secret with no client id) find its credential.
 *
 * The lookup key is a 64-bit prefix of SHA-256(secret). It is only safe because every secret has
 * at least 128 bits of entropy: generated secrets have 256, and chosen ones must be
 * MIN_SECRET_LENGTH characters or more (see docs/decisions/0003-credentials.md).
 */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt cost parameters (RFC 7914 interactive-login range; about 40 ms on one core here). */
const PARAMS = { N: 16384, r: 8, p: 1, keylen: 32 } as const;
export const MIN_SECRET_LENGTH = 24;

export function generateSecret(): string {
  return `axfs_${randomBytes(32).toString('base64url')}`;
}

export function generateClientId(): string {
  return `axf_${randomBytes(12).toString('hex')}`;
}

export function secretLookupKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

/** Encoded as `scrypt$N$r$p$salt$hash` (base64url) so parameters can change without a migration. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, PARAMS.N, PARAMS.r, PARAMS.p, PARAMS.keylen);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await derive(secret, Buffer.from(saltText, 'base64url'), Number(n), Number(r), Number(p), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function derive(secret: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return scrypt(secret, salt, keylen, { N, r, p, maxmem: 256 * N * r });
}
