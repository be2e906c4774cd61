/** @module Conformance: orgs, tenants and credentials. */
import { expect } from 'vitest';
import type { CredentialRecord } from '../../core/identity/credential.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const AT = '2026-06-01T12:00:00.000Z';

function record(scope: { orgId: string; tenantId: string }, clientId: string, lookup = `lk-${clientId}`): CredentialRecord {
  return { ...scope, clientId, role: 'operator', name: 'ci bot', createdAt: AT, createdBy: 'axf_admin', revokedAt: null, secretLookup: lookup, secretHash: `scrypt$hash-${clientId}` };
}

export function identityCases(ctx: ConformanceContext, it: Register): void {
  it('creates orgs and tenants idempotently and refuses a client id that is taken', async () => {
    const scope = ctx.scope();
    await ctx.store().ensureTenant(scope, AT);
    await ctx.store().ensureTenant(scope, AT);
    expect(await ctx.store().insertCredential(record(scope, `c-${scope.tenantId}`))).toBe(true);
    expect(await ctx.store().insertCredential(record(scope, `c-${scope.tenantId}`))).toBe(false);
    expect(await ctx.store().listCredentials(scope)).toHaveLength(1);
  });

  it('refuses a credential for a tenant that does not exist', async () => {
    const scope = ctx.scope();
    await expect(ctx.store().insertCredential(record(scope, `c-${scope.tenantId}`))).rejects.toThrow();
    expect(await ctx.store().listCredentials(scope)).toEqual([]);
  });

  it('finds credentials by lookup key and by id, lists them without verifiers, and revokes them once', async () => {
    const scope = ctx.scope();
    await ctx.store().ensureTenant(scope, AT);
    const a = record(scope, `a-${scope.tenantId}`, `shared-${scope.tenantId}`);
    const b = record(scope, `b-${scope.tenantId}`, `shared-${scope.tenantId}`);
    await ctx.store().insertCredential(a);
    await ctx.store().insertCredential(b);
    const found = await ctx.store().findCredentialsByLookup(`shared-${scope.tenantId}`);
    expect(found.map((c) => c.clientId).sort()).toEqual([a.clientId, b.clientId].sort());
    expect(await ctx.store().findCredentialById(a.clientId)).toEqual(a);
    const listed = await ctx.store().listCredentials(scope);
    expect(listed.map((c) => Object.keys(c).sort())[0]).toEqual(['clientId', 'createdAt', 'createdBy', 'name', 'orgId', 'revokedAt', 'role', 'tenantId']);
    expect(await ctx.store().revokeCredential(scope, a.clientId, AT)).toBe(true);
    expect(await ctx.store().revokeCredential(scope, a.clientId, AT)).toBe(false);
    expect(await ctx.store().getCredential(scope, a.clientId)).toMatchObject({ revokedAt: AT });
  });

  it('replaces a credential’s verifier and reactivates it', async () => {
    const scope = ctx.scope();
    await ctx.store().ensureTenant(scope, AT);
    const c = record(scope, `r-${scope.tenantId}`);
    await ctx.store().insertCredential(c);
    await ctx.store().revokeCredential(scope, c.clientId, AT);
    await ctx.store().updateCredentialSecret(c.clientId, 'new-lookup', 'scrypt$new');
    expect(await ctx.store().findCredentialById(c.clientId)).toMatchObject({ secretLookup: 'new-lookup', secretHash: 'scrypt$new', revokedAt: null });
  });
}
