/**
 * @module Stream tokens: short-lived bearer tokens for clients that cannot send credential headers
 * (a browser's EventSource). A token is `base64url(JSON claims) + "." + base64url(HMAC-SHA256)`
 * over the first part, signed with a per-deployment key every replica shares, so any replica
 * accepts a token another issued. The claims fix the caller (client, org, tenant, role) at issue
 * time: a token outlives the revocation of its credential until it expires (minutes), which is
 * the price of checking it without a store lookup.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRole } from './role.js';
import type { Caller } from './scope.js';

/** Longer than any token we issue (ids are ≤ 255 characters each). */
const MAX_TOKEN_LENGTH = 2048;
const PART = /^[A-Za-z0-9_-]+$/;

export interface StreamTokenClaims extends Caller {
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

function signature(payload: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(payload, 'utf8').digest();
}

export function signStreamToken(claims: StreamTokenClaims, key: Buffer): string {
  const json = JSON.stringify({ client_id: claims.clientId, org_id: claims.orgId, tenant_id: claims.tenantId, role: claims.role, exp: claims.exp });
  const payload = Buffer.from(json, 'utf8').toString('base64url');
  return `${payload}.${signature(payload, key).toString('base64url')}`;
}

/** The caller a token names, or undefined when it is malformed, forged or expired at `nowMs`. */
export function verifyStreamToken(token: string, key: Buffer, nowMs: number): Caller | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const dot = token.indexOf('.');
  const payload = token.slice(0, dot);
  const sent = token.slice(dot + 1);
  if (dot <= 0 || !PART.test(payload) || !PART.test(sent)) return undefined;
  const expected = signature(payload, key);
  const given = Buffer.from(sent, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { client_id: clientId, org_id: orgId, tenant_id: tenantId, role, exp } = claims ?? {};
  if (typeof clientId !== 'string' || typeof orgId !== 'string' || typeof tenantId !== 'string' || !isRole(role)) return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp * 1000 <= nowMs) return undefined;
  return { clientId, orgId, tenantId, role };
}
