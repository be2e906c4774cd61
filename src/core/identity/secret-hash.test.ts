import { describe, expect, it } from 'vitest';
import { generateClientId, generateSecret, hashSecret, secretLookupKey, verifySecret } from './secret-hash.js';

describe('secret hashing', () => {
  it('verifies the secret it hashed and nothing else', async () => {
    const secret = generateSecret();
    const encoded = await hashSecret(secret);
    expect(encoded).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(encoded).not.toContain(secret);
    expect(await verifySecret(secret, encoded)).toBe(true);
    expect(await verifySecret(`${secret}x`, encoded)).toBe(false);
    expect(await verifySecret(secret, 'scrypt$broken')).toBe(false);
  });

  it('salts each hash, so equal secrets hash differently', async () => {
    expect(await hashSecret('same-secret-same-secret-00')).not.toBe(await hashSecret('same-secret-same-secret-00'));
  });

  it('generates 256-bit secrets and 96-bit client ids, and a stable 64-bit lookup key', () => {
    expect(generateSecret()).toMatch(/^axfs_[\w-]{43}$/);
    expect(generateClientId()).toMatch(/^axf_[0-9a-f]{24}$/);
    expect(secretLookupKey('abc')).toBe('ba7816bf8f01cfea');
  });
});
