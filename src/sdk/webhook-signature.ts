/**
 * @module Checking a webhook delivery on the receiving side. Verify the raw body exactly as it
 * arrived (before any JSON parsing: re-serialising changes bytes), then dedupe on
 * `X-AxonFlow-Delivery`, which stays the same on every retry of a delivery.
 *
 * ```ts
 * import { verifyWebhookSignature } from 'axonflow/sdk';
 * if (!verifyWebhookSignature(rawBody, req.headers['x-axonflow-signature'], process.env.WEBHOOK_SECRET)) return res.writeHead(401).end();
 * ```
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The delivery headers, lower-cased as Node presents them. */
export const WEBHOOK_HEADERS = {
  signature: 'x-axonflow-signature',
  event: 'x-axonflow-event',
  delivery: 'x-axonflow-delivery',
  timestamp: 'x-axonflow-timestamp',
} as const;

const PREFIX = 'sha256=';

/**
 * True when `header` (`sha256=<hex>`) is the HMAC-SHA256 of `body` under `secret`. Compared in
 * constant time; a missing, malformed or differently sized header is false, never an exception.
 * `header` may be an array (Node's type for repeated headers): then any one must match.
 */
export function verifyWebhookSignature(body: string | Uint8Array, header: string | readonly string[] | undefined | null, secret: string): boolean {
  if (Array.isArray(header)) return header.some((h: string) => verifyWebhookSignature(body, h, secret));
  if (typeof header !== 'string' || !secret) return false;
  const value = header.trim();
  if (!value.toLowerCase().startsWith(PREFIX)) return false;
  const hex = value.slice(PREFIX.length);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}
