/**
 * Authentication under load: requests presenting one credential at the same moment share one
 * verification (one store lookup, one scrypt), so the expiry of a busy client's cached answer does
 * not become a burst of scrypt hashes that stalls every request (measured by bench/load.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../core/ports/clock.js';
import type { Store } from '../core/ports/store.js';
import { sqliteHarness } from '../test-support/store-harness.js';
import { CredentialService } from './credential-service.js';

describe('CredentialService.authenticate', () => {
  const harness = sqliteHarness();
  let store: Store;
  let lookups = 0;
  let service: CredentialService;
  let secret: string;

  beforeAll(async () => {
    const real = harness.location().open();
    await real.migrate();
    // The real store, with its credential lookups counted.
    store = { ...real, findCredentialsByLookup: (key) => (lookups++, real.findCredentialsByLookup(key)) } as Store;
    // No caching: every request after a verification has settled verifies again.
    service = new CredentialService({ store, clock: systemClock, cacheTtlMs: 0 });
    secret = (await service.create({ scope: { orgId: 'default', tenantId: 'auth' }, role: 'operator' })).clientSecret;
  });
  afterAll(async () => {
    await store.close();
    await harness.cleanup();
  });

  it('verifies a secret presented by 50 requests at once one time, and answers each', async () => {
    lookups = 0;
    const callers = await Promise.all(Array.from({ length: 50 }, () => service.authenticate({ secret })));
    expect(lookups).toBe(1);
    expect(new Set(callers.map((c) => c?.tenantId))).toEqual(new Set(['auth']));
    await service.authenticate({ secret });
    expect(lookups).toBe(2);
  });

  it('shares a failed verification the same way, and keeps different secrets apart', async () => {
    lookups = 0;
    const wrong = `${secret}x`;
    const answers = await Promise.all([...Array.from({ length: 10 }, () => service.authenticate({ secret: wrong })), service.authenticate({ secret })]);
    expect(answers.slice(0, 10).every((a) => a === undefined)).toBe(true);
    expect(answers[10]).toMatchObject({ tenantId: 'auth', role: 'operator' });
    expect(lookups).toBe(2);
  });
});
