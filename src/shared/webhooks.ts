/**
 * @module The webhooks wire (AxonFlow reference §3.7, extended): webhooks per tenant, their
 * delivery log, tests and redeliveries. The secret is write-only: the create answer carries it
 * once (generated when the request has none), every other answer only `secret_hint`.
 */
import { z } from 'zod';
import type { WebhookEventName, WebhookFormat } from '../core/webhooks/webhook.js';
import { Id, Timestamp } from './common.js';
import { WEBHOOK_EVENT_VALUES, WEBHOOK_FORMAT_VALUES } from './vocabularies.js';

export const WebhookEventWire = z.enum(WEBHOOK_EVENT_VALUES).meta({ id: 'WebhookEvent' });

// The wire enum and the core's list must name the same events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameEvents: Same<z.infer<typeof WebhookEventWire>, WebhookEventName> = true;
void sameEvents;

export const WebhookFormatWire = z.enum(WEBHOOK_FORMAT_VALUES, { error: 'must be "axonflow" or "slack"' }).meta({
  id: 'WebhookFormat',
  description: 'The body of deliveries: `axonflow` `{event, timestamp, data}`, or `slack`, a Slack incoming-webhook message `{text, blocks}` (docs/webhooks.md)',
});
const sameFormats: Same<z.infer<typeof WebhookFormatWire>, WebhookFormat> = true;
void sameFormats;

const Url = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http or https URL' })
  .max(2048)
  .meta({ description: 'Where deliveries are POSTed (http or https)' });
const Events = z
  .array(z.union([WebhookEventWire, z.literal('*')]))
  .min(1)
  .max(20)
  .meta({ description: 'The events to deliver; `["*"]` (the default) for all' });
const Secret = z.string().min(16).max(256).meta({ description: 'HMAC-SHA256 key of `X-AxonFlow-Signature`; generated when absent. Write-only' });
const Description = z.string().max(2000);
const TenantQuery = { tenant_id: Id.optional().meta({ description: 'Admins: another tenant of the org' }) };

export const WebhookIdParams = z.object({ id: Id }).strict();
export const WebhookDeliveryParams = z.object({ id: Id, delivery_id: Id }).strict();
export const WebhookTenantQuery = z.object(TenantQuery).strict();

export const CreateWebhookRequest = z
  .object({
    url: Url,
    events: Events.optional(),
    format: WebhookFormatWire.default('axonflow'),
    secret: Secret.optional(),
    enabled: z.boolean().default(true),
    description: Description.optional(),
    tenant_id: Id.optional().meta({ description: 'Admins: create the webhook in another tenant of the org' }),
  })
  .strict()
  .meta({ id: 'CreateWebhookRequest' });

export const UpdateWebhookRequest = z
  .object({
    url: Url.optional(),
    events: Events.optional(),
    format: WebhookFormatWire.optional().meta({ description: 'Deliveries made from now on use it; queued ones keep their body' }),
    secret: Secret.optional().meta({ description: 'Replaces the secret (rotation); never returned' }),
    enabled: z.boolean().optional().meta({ description: 'Enabling again starts at the current end of the event log' }),
    description: Description.optional(),
  })
  .strict()
  .meta({ id: 'UpdateWebhookRequest' });

export const WebhookWire = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    format: WebhookFormatWire,
    enabled: z.boolean(),
    disabled_reason: z.enum(['gone']).optional().meta({ description: '`gone`: the receiver answered 410 and the webhook was disabled' }),
    description: z.string().optional(),
    secret_hint: z.string().meta({ description: 'The last characters of the secret' }),
    org_id: z.string(),
    tenant_id: z.string(),
    created_by: z.string(),
    updated_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Webhook' });
export type WebhookWire = z.infer<typeof WebhookWire>;

export const CreatedWebhook = WebhookWire.extend({ secret: z.string().meta({ description: 'Shown only here; store it now' }) }).meta({ id: 'CreatedWebhook' });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const WebhookList = z.object({ webhooks: z.array(WebhookWire), count: z.number().int() }).meta({ id: 'WebhookList' });

export const DeliveryStatusWire = z.enum(['pending', 'delivered', 'failed']).meta({ id: 'WebhookDeliveryStatus' });

export const DeliveryAttemptWire = z
  .object({
    attempt: z.number().int(),
    at: Timestamp,
    response_status: z.number().int().optional(),
    error: z.string().optional(),
    duration_ms: z.number().int(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

export const WebhookDeliveryWire = z
  .object({
    id: z.string().meta({ description: 'Also `X-AxonFlow-Delivery`: the same on every attempt, so receivers can dedupe' }),
    webhook_id: z.string(),
    event: z.string(),
    event_id: z.string().optional().meta({ description: 'The log event delivered (absent for a test)' }),
    event_seq: z.number().int().optional(),
    execution_id: z.string().optional(),
    status: DeliveryStatusWire,
    attempts: z.number().int(),
    response_status: z.number().int().optional().meta({ description: 'Of the last attempt' }),
    last_error: z.string().optional(),
    next_attempt_at: Timestamp.optional(),
    created_at: Timestamp,
    delivered_at: Timestamp.optional(),
    attempt_log: z.array(DeliveryAttemptWire),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryWire = z.infer<typeof WebhookDeliveryWire>;

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDeliveryWire), count: z.number().int() }).meta({ id: 'WebhookDeliveryList' });

export const ListDeliveriesQuery = z
  .object({
    status: DeliveryStatusWire.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    ...TenantQuery,
  })
  .strict();
