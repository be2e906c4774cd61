/**
 * @module How re-run requests are signed: `X-AxonFlow-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>">` keyed with the target's secret (Stripe's scheme). The time is
 * inside the signature, so a receiver that refuses old `t` refuses replays; the SDK's
 * `verifyRerunRequest` checks both. Webhook deliveries keep their body-only `sha256=` form (0011).
 */
import { createHmac } from 'node:crypto';

export const RERUN_SIGNATURE_VERSION = 'v1';

/** The hex HMAC of `<t>.<body>`: what `v1` carries. */
export function rerunSignatureDigest(body: string, secret: string, unixSeconds: number): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` signed at `unixSeconds`. */
export function signRerunBody(body: string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},${RERUN_SIGNATURE_VERSION}=${rerunSignatureDigest(body, secret, unixSeconds)}`;
}
