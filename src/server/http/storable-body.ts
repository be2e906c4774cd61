/**
 * @module Request bodies are read as storable JSON: a NUL character or a lone surrogate in any
 * string (or member name) becomes U+FFFD, as the event log already does with payloads
 * (src/core/events/storable-json.ts). PostgreSQL cannot hold either in text or jsonb, so without this
 * a name or description carrying `\u0000` failed there (a 500) and was stored as sent on SQLite.
 */

/** The only way either reaches a parsed string: a `\u0000` or `\uD800`–`\uDFFF` escape in the text. */
const NEEDS_REPAIR = /\\u0000|\\ud[89a-f]/i;

const repairString = (value: string) => value.replaceAll('\0', '\uFFFD').toWellFormed();

function repair(value: unknown): unknown {
  if (typeof value === 'string') return repairString(value);
  if (Array.isArray(value)) return value.map(repair);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [repairString(key), repair(member)]));
  }
  return value;
}

/** The parsed body, repaired when its text shows it may need it (most bodies are returned as they are). */
export function storableBody(text: string, parsed: unknown): unknown {
  return NEEDS_REPAIR.test(text) ? repair(parsed) : parsed;
}
