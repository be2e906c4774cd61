/**
 * @module The bytes a delivery sends, in its webhook's format. Made once, when the delivery is
 * created (every attempt and redelivery sends them again under the same signature), so a webhook
 * whose format changes later keeps its queued deliveries as they were.
 */
import { type SlackOptions, slackPayload } from './slack-payload.js';
import type { WebhookFormat } from './webhook.js';
import type { WebhookPayload } from './webhook-payload.js';

export function deliveryBody(format: WebhookFormat, payload: WebhookPayload, options: SlackOptions = {}): string {
  switch (format) {
    case 'axonflow':
      return JSON.stringify(payload);
    case 'slack':
      return JSON.stringify(slackPayload(payload, options));
    default: {
      const unknown: never = format;
      throw new Error(`unknown webhook format ${String(unknown)}`);
    }
  }
}
