/**
 * @module How deliveries are signed: `X-AxonFlow-Signature: sha256=<hex HMAC-SHA256 of the raw
 * body>` keyed with the webhook's secret. The SDK's `verifyWebhookSignature` checks the same form.
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_PREFIX = 'sha256=';

export function signWebhookBody(body: string, secret: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}
