import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshIdempotencyKey } from './idempotency-key.js';

describe('freshIdempotencyKey', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is a new UUID each call where randomUUID exists', () => {
    const keys = new Set(Array.from({ length: 100 }, freshIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('falls back to 128 random bits in hex where randomUUID is missing (a page over plain http)', () => {
    const { getRandomValues } = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: getRandomValues.bind(globalThis.crypto) });
    const keys = new Set(Array.from({ length: 100 }, freshIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);
  });
});
