/**
 * @module Webhooks: a tenant's subscription of an HTTP endpoint to events of its runs, and the
 * deliveries made to it. A delivery is one event for one webhook; its id is stable across retries
 * (receivers dedupe on it) and its body is fixed when it is created, so every attempt sends the same
 * bytes under the same signature.
 */

/** The events a webhook can subscribe to (`*` subscribes to all of them). */
export const WEBHOOK_EVENTS = [
  'approval.requested',
  'approval.decided',
  'approval.expired',
  'approval.sla_breached',
  'execution.completed',
  'execution.failed',
  'execution.cancelled',
  'execution.expired',
  // Built-in alerts (docs/alerts.md): not log events; their deliveries are written with the alert's transition.
  'alert.firing',
  'alert.resolved',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** Sent only by `POST /api/v1/webhooks/{id}/test`, whatever the filter. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** A filter entry: an event name, or `*` for every event. */
export type WebhookFilterEntry = WebhookEventName | '*';

export function isWebhookEventName(value: unknown): value is WebhookEventName {
  return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

export function filterAccepts(filter: readonly WebhookFilterEntry[], event: WebhookEventName): boolean {
  return filter.includes('*') || filter.includes(event);
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * How a webhook's deliveries are written: `axonflow` is `{event, timestamp, data}` (webhook-payload.ts);
 * `slack` is a Slack incoming-webhook message `{text, blocks}` saying the same (slack-payload.ts),
 * so a Slack channel can be the receiver with nothing in between. Both are signed alike.
 */
export const WEBHOOK_FORMATS = ['axonflow', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** Why a webhook is disabled when the dispatcher, not an admin, disabled it. */
export type WebhookDisabledReason = 'gone';

export interface Webhook {
  readonly webhookId: string;
  readonly orgId: string;
  readonly tenantId: string;
  readonly url: string;
  /** HMAC-SHA256 key of the signatures. Never leaves the server after the create answer. */
  readonly secret: string;
  readonly events: readonly WebhookFilterEntry[];
  /** The body of its deliveries, fixed when each delivery is made. */
  readonly format: WebhookFormat;
  readonly enabled: boolean;
  readonly disabledReason?: WebhookDisabledReason;
  readonly description?: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** One attempt to send a delivery, as the delivery log shows it. */
export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly responseStatus?: number;
  readonly error?: string;
  readonly durationMs: number;
}

export interface WebhookDelivery {
  readonly deliveryId: string;
  readonly webhookId: string;
  readonly orgId: string;
  readonly tenantId: string;
  /** The webhook event name (`webhook.test` for a test). */
  readonly event: string;
  /** The log event it carries: global seq and per-run event id (absent for a test). */
  readonly eventSeq?: number;
  readonly eventId?: string;
  readonly executionId?: string;
  readonly status: DeliveryStatus;
  /** Attempts made in all. */
  readonly attempts: number;
  /** `attempts` when the delivery was last (re)started: the retry budget counts from here. */
  readonly roundStart: number;
  readonly lastResponseStatus?: number;
  readonly lastError?: string;
  /** When the next attempt is due (pending only). */
  readonly nextAttemptAt?: string;
  readonly createdAt: string;
  readonly deliveredAt?: string;
  /** The exact JSON body every attempt sends. */
  readonly body: string;
  readonly attemptLog: readonly DeliveryAttempt[];
}

/** The secret as reads show it: enough to tell two secrets apart, never enough to sign. */
export function secretHint(secret: string): string {
  return `…${secret.slice(-4)}`;
}
