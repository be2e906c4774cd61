/**
 * @module Payload previews. Step and run inputs and outputs larger than the cap are kept whole only
 * in the event log (the one copy); projections hold a marker with a preview and the seq of the
 * event that has the full value, so lists stay small and nothing is lost.
 */

/** The marker that stands for a payload larger than the cap. Keys use wire style: it sits in user data. */
export interface TruncatedPayload {
  readonly $truncated: true;
  readonly size_bytes: number;
  readonly preview: string;
  /** Seq of the event that holds the full payload. */
  readonly seq: number;
}

/** Characters of JSON text kept in a preview. */
export const PREVIEW_CHARS = 2048;
/** Default cap: payloads up to this many bytes of JSON are kept whole in projections. */
export const DEFAULT_PAYLOAD_CAP_BYTES = 64 * 1024;

export function isTruncated(value: unknown): value is TruncatedPayload {
  return typeof value === 'object' && value !== null && (value as { $truncated?: unknown }).$truncated === true;
}

export function previewPayload(value: unknown, capBytes: number, seq: number): unknown {
  if (value === undefined || value === null) return value;
  // A JSON-escaped character takes at most 6 bytes, so short strings and scalars always fit.
  if (typeof value !== 'object' && (typeof value !== 'string' || value.length * 6 <= capBytes)) return value;
  const text = JSON.stringify(value);
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= capBytes) return value;
  return { $truncated: true, size_bytes: size, preview: text.slice(0, PREVIEW_CHARS), seq } satisfies TruncatedPayload;
}
