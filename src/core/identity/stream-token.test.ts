import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signStreamToken, verifyStreamToken } from './stream-token.js';

const key = randomBytes(32);
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const claims = { clientId: 'axf_viewer', orgId: 'acme', tenantId: 'payments', role: 'viewer' as const, exp: NOW / 1000 + 300 };

describe('stream tokens', () => {
  it('names the caller it was issued to until it expires', () => {
    const token = signStreamToken(claims, key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyStreamToken(token, key, NOW)).toEqual({ clientId: 'axf_viewer', orgId: 'acme', tenantId: 'payments', role: 'viewer' });
    expect(verifyStreamToken(token, key, NOW + 299_999)).toMatchObject({ clientId: 'axf_viewer' });
    expect(verifyStreamToken(token, key, NOW + 300_000)).toBeUndefined();
  });

  it('refuses a token signed with another key, or with a changed payload or signature', () => {
    const token = signStreamToken(claims, key);
    const [payload, signature] = token.split('.') as [string, string];
    expect(verifyStreamToken(token, randomBytes(32), NOW)).toBeUndefined();
    const promoted = Buffer.from(JSON.stringify({ client_id: 'axf_viewer', org_id: 'acme', tenant_id: 'payments', role: 'admin', exp: claims.exp })).toString('base64url');
    expect(verifyStreamToken(`${promoted}.${signature}`, key, NOW)).toBeUndefined();
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
    expect(verifyStreamToken(`${payload}.${flipped}`, key, NOW)).toBeUndefined();
    expect(verifyStreamToken(`${payload}.${signature.slice(0, 20)}`, key, NOW)).toBeUndefined();
  });

  it('refuses malformed tokens and well-signed claims that are incomplete or name no role', () => {
    for (const bad of ['', 'abc', '.abc', 'abc.', 'a.b.c', 'a b.c', 'x'.repeat(3000)]) expect(verifyStreamToken(bad, key, NOW), bad).toBeUndefined();
    const odd = signStreamToken({ ...claims, role: 'root' as never }, key);
    expect(verifyStreamToken(odd, key, NOW)).toBeUndefined();
    const noExpiry = signStreamToken({ ...claims, exp: Number.NaN }, key);
    expect(verifyStreamToken(noExpiry, key, NOW)).toBeUndefined();
  });
});
