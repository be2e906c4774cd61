/**
 * @module The webhooks API (`/api/v1/webhooks`): CRUD, the delivery log, test deliveries and
 * redeliveries. Types are the wire's (src/shared/webhooks.ts). `create` is the only call whose
 * answer carries the secret; `format: "slack"` makes the deliveries Slack messages.
 */
import type { z } from 'zod';
import type { CreatedWebhook, CreateWebhookRequest, ListDeliveriesQuery, UpdateWebhookRequest, WebhookDeliveryWire, WebhookWire } from '../shared/webhooks.js';
import type { HttpClient } from './http-client.js';

export type Webhook = WebhookWire;
/** `axonflow` (`{event, timestamp, data}`, the default) or `slack` (a Slack incoming-webhook message `{text, blocks}`). */
export type WebhookFormat = WebhookWire['format'];
export type { CreatedWebhook };
export type WebhookInput = z.input<typeof CreateWebhookRequest>;
export type WebhookUpdate = z.input<typeof UpdateWebhookRequest>;
export type WebhookDelivery = WebhookDeliveryWire;
export type DeliveriesQuery = Omit<z.input<typeof ListDeliveriesQuery>, 'tenant_id'>;

/** Admins: act on another tenant of the org. */
export interface TenantOption {
  readonly tenantId?: string;
}

const path = (id: string) => `/api/v1/webhooks/${encodeURIComponent(id)}`;

export class WebhooksClient {
  constructor(private readonly http: HttpClient) {}

  /** Creates a webhook; keep `secret` from the answer: it is never shown again. */
  create(webhook: WebhookInput): Promise<CreatedWebhook> {
    return this.http.request('POST', '/api/v1/webhooks', { body: webhook });
  }

  list(options: TenantOption = {}): Promise<{ webhooks: Webhook[]; count: number }> {
    return this.http.request('GET', '/api/v1/webhooks', { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  get(id: string, options: TenantOption = {}): Promise<Webhook> {
    return this.http.request('GET', path(id), { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  /** Changes the members given; the others keep their value. */
  update(id: string, change: WebhookUpdate, options: TenantOption = {}): Promise<Webhook> {
    return this.http.request('PUT', path(id), { body: change, query: { tenant_id: options.tenantId }, idempotent: true });
  }

  delete(id: string, options: TenantOption = {}): Promise<void> {
    return this.http.request('DELETE', path(id), { query: { tenant_id: options.tenantId } });
  }

  /** The delivery log, newest first. */
  deliveries(id: string, query: DeliveriesQuery = {}, options: TenantOption = {}): Promise<{ deliveries: WebhookDelivery[]; count: number }> {
    return this.http.request('GET', `${path(id)}/deliveries`, { query: { status: query.status, limit: query.limit as number | undefined, tenant_id: options.tenantId }, idempotent: true });
  }

  /** Queues a `webhook.test` delivery and returns it (pending). */
  test(id: string, options: TenantOption = {}): Promise<WebhookDelivery> {
    return this.http.request('POST', `${path(id)}/test`, { query: { tenant_id: options.tenantId } });
  }

  /** Sends a delivery again now, under the same delivery id. */
  redeliver(id: string, deliveryId: string, options: TenantOption = {}): Promise<WebhookDelivery> {
    return this.http.request('POST', `${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, { query: { tenant_id: options.tenantId }, idempotent: true });
  }
}
