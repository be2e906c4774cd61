/** Stream tokens on real stores: every replica accepts a token another issued, until it expires. */
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports/store.js';
import { FixedClock } from '../test-support/fixed-clock.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { StreamTokenService } from './stream-token-service.js';

const caller = { clientId: 'axf_ui', orgId: 'acme', tenantId: 'payments', role: 'approver' as const };

for (const harness of storeHarnesses()) {
  describe(`stream token service [${harness.kind}]`, () => {
    const opened: Store[] = [];
    afterAll(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
      await harness.cleanup();
    });

    it('issues a token valid for 5 minutes that another service on the same store accepts, also after a restart', async () => {
      const location = harness.location();
      const first = location.open();
      opened.push(first);
      await first.migrate();
      const clock = new FixedClock('2026-06-01T12:00:00.000Z');
      const issuer = new StreamTokenService({ keys: first, clock });
      const other = new StreamTokenService({ keys: first, clock });
      const issued = await issuer.issue(caller);
      expect(issued.expiresAt).toBe('2026-06-01T12:05:00.000Z');
      expect(await other.verify(issued.token)).toEqual(caller);
      await first.close();
      const second = location.open();
      opened.push(second);
      const restarted = new StreamTokenService({ keys: second, clock });
      expect(await restarted.verify(issued.token)).toEqual(caller);
      clock.advance(5 * 60_000 - 1);
      expect(await restarted.verify(issued.token)).toEqual(caller);
      clock.advance(1);
      expect(await restarted.verify(issued.token)).toBeUndefined();
    });

    it('refuses a token signed by a deployment with another key', async () => {
      const a = harness.location().open();
      const b = harness.location().open();
      opened.push(a, b);
      await a.migrate();
      await b.migrate();
      const clock = new FixedClock();
      const token = (await new StreamTokenService({ keys: a, clock }).issue(caller)).token;
      expect(await new StreamTokenService({ keys: b, clock }).verify(token)).toBeUndefined();
    });
  });
}
