/**
 * @module Domain objects are camelCase; the wire is snake_case. Keys are converted at every depth
 * except under members that hold the caller's own data (inputs, outputs, metadata, re-run input
 * overrides), which are
 * returned exactly as they were sent.
 */

const OPAQUE = new Set(['input', 'output', 'metadata', 'priorOutput', 'inputOverrides']);

export function snakeKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function toSnakeCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnakeCase);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    out[snakeKey(key)] = OPAQUE.has(key) ? member : toSnakeCase(member);
  }
  return out;
}
