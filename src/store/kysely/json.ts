/**
 * @module JSON in and out of the stores. Strings are made storable everywhere: NUL characters and
 * lone surrogates, which PostgreSQL's jsonb refuses, become U+FFFD in both stores, so the two hold
 * the same data and a retried write compares equal to what was stored.
 */
import stringify from 'safe-stable-stringify';

function storable(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replaceAll('\0', '\uFFFD').toWellFormed() : value;
}

/** JSON.stringify escapes NUL as \u0000 and lone surrogates as \udXXX; only then is the slow path needed. */
const NEEDS_REPAIR = /\\u0000|\\ud[89a-f]/i;

export function encodeJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return NEEDS_REPAIR.test(text) ? JSON.stringify(value ?? null, storable) : text;
}

export function decodeJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** The value as it will read back from a store: sanitised, with undefined members dropped. */
export function normaliseJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(encodeJson(value)) as T);
}

/** Key-order-independent text of a value, for "is this the same event?" comparisons. */
export function canonicalJson(value: unknown): string {
  return stringify(value ?? null) ?? 'null';
}
