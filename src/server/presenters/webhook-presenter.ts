/** @module Webhooks and their deliveries on the wire (snake_case). The secret never appears: only its hint. */
import { type Webhook, type WebhookDelivery, secretHint } from '../../core/webhooks/index.js';
import type { WebhookDeliveryWire, WebhookWire } from '../../shared/webhooks.js';

export function presentWebhook(webhook: Webhook): WebhookWire {
  return {
    id: webhook.webhookId,
    url: webhook.url,
    events: [...webhook.events],
    format: webhook.format,
    enabled: webhook.enabled,
    disabled_reason: webhook.disabledReason,
    description: webhook.description,
    secret_hint: secretHint(webhook.secret),
    org_id: webhook.orgId,
    tenant_id: webhook.tenantId,
    created_by: webhook.createdBy,
    updated_by: webhook.updatedBy,
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
  };
}

export function presentDelivery(delivery: WebhookDelivery): WebhookDeliveryWire {
  return {
    id: delivery.deliveryId,
    webhook_id: delivery.webhookId,
    event: delivery.event,
    event_id: delivery.eventId,
    event_seq: delivery.eventSeq,
    execution_id: delivery.executionId,
    status: delivery.status,
    attempts: delivery.attempts,
    response_status: delivery.lastResponseStatus,
    last_error: delivery.lastError,
    next_attempt_at: delivery.status === 'pending' ? delivery.nextAttemptAt : undefined,
    created_at: delivery.createdAt,
    delivered_at: delivery.deliveredAt,
    attempt_log: delivery.attemptLog.map((a) => ({ attempt: a.attempt, at: a.at, response_status: a.responseStatus, error: a.error, duration_ms: a.durationMs })),
  };
}
