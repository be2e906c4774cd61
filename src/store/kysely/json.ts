/** @module JSON in and out of the stores: text (SQLite) or already parsed (PostgreSQL jsonb). */
export { encodeJson, normaliseJson } from '../../core/events/storable-json.js';

export function decodeJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
