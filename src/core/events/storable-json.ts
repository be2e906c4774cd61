/**
 * @module Storable JSON: the form every event payload takes before it is compared or written.
 * NUL characters and lone surrogates, which PostgreSQL's jsonb refuses, become U+FFFD, so both
 * stores hold the same data and a retried write compares equal to what was stored.
 */

function storable(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replaceAll('\0', '\uFFFD').toWellFormed() : value;
}

/** JSON.stringify escapes NUL as \u0000 and lone surrogates as \udXXX; only then is the slow path needed. */
const NEEDS_REPAIR = /\\u0000|\\ud[89a-f]/i;

export function encodeJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return NEEDS_REPAIR.test(text) ? JSON.stringify(value ?? null, storable) : text;
}

/** The value as it will read back from a store: sanitised, with undefined members dropped. */
export function normaliseJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(encodeJson(value)) as T);
}
