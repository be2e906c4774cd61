/**
 * @module Canonical JSON: object keys sorted at every depth, undefined members dropped, as
 * JSON.stringify would write the rest. Two values with the same content in any key order give the
 * same text, hence the same fingerprint (retried events, changed step inputs).
 */
import { createHash } from 'node:crypto';

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sorted(item)));
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sorted((value as { toJSON: () => unknown }).toJSON());
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sorted(member);
  }
  return out;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value ?? null)) ?? 'null';
}

/** SHA-256 (hex) of the canonical JSON. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
