/**
 * @module freshIdempotencyKey: a random key for a write the SDK may send more than once. Works in
 * Node and in browsers, including pages served over plain http, where `crypto.randomUUID` is
 * missing (it needs a secure context) but `crypto.getRandomValues` is not.
 */
export function freshIdempotencyKey(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
