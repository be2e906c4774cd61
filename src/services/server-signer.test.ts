/** The deployment's signing key on real stores: one key per deployment, shared by replicas, kept across restarts. */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports/store.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { keyIdOf, ServerSigner } from './server-signer.js';

for (const harness of storeHarnesses()) {
  describe(`server signer [${harness.kind}]`, () => {
    const opened: Store[] = [];
    const open = async (location: ReturnType<typeof harness.location>) => {
      const store = location.open();
      opened.push(store);
      await store.migrate();
      return store;
    };
    afterAll(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
      await harness.cleanup();
    });

    it('signs with one Ed25519 key that every replica and a restart share; the signature verifies with the public PEM', async () => {
      const location = harness.location();
      const store = await open(location);
      const [a, b] = [new ServerSigner(store), new ServerSigner(store)];
      // Two replicas racing for the first key agree on one.
      const [keyA, keyB] = await Promise.all([a.publicKey(), b.publicKey()]);
      expect(keyA).toEqual(keyB);
      expect(keyA.algorithm).toBe('ed25519');
      expect(keyA.keyId).toBe(keyIdOf(createPublicKey(keyA.publicKeyPem)));
      expect(keyA.keyId).toMatch(/^[0-9a-f]{16}$/);
      const data = new TextEncoder().encode('{"manifest":true}\n');
      const signed = await b.sign(data);
      expect(signed.keyId).toBe(keyA.keyId);
      expect(signed.signature).toHaveLength(64);
      expect(verify(null, data, createPublicKey(keyA.publicKeyPem), signed.signature)).toBe(true);
      expect(verify(null, new TextEncoder().encode('{"manifest":false}\n'), createPublicKey(keyA.publicKeyPem), signed.signature)).toBe(false);
      await store.close();
      const restarted = new ServerSigner(await open(location));
      expect(await restarted.publicKey()).toEqual(keyA);
    });

    it('gives another deployment another key', async () => {
      const one = await new ServerSigner(await open(harness.location())).publicKey();
      const two = await new ServerSigner(await open(harness.location())).publicKey();
      expect(one.keyId).not.toBe(two.keyId);
      expect(one.publicKeyPem).not.toBe(two.publicKeyPem);
    });
  });
}
