/**
 * @module WebhookStore port: webhooks per tenant, the per-webhook cursor into the event log, and the
 * delivery queue. Deliveries are unique per (webhook, log seq), so creating them is idempotent and
 * any number of replicas can scan the log; sending is claimed with a lease, so one replica makes
 * each attempt. Methods taking a Scope never see another tenant's rows; the dispatcher's methods
 * (`listEnabledWebhooks`, `claimWebhookDeliveries`, `recordWebhookAttempt`) work across tenants,
 * as the deployment's background worker.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Scope } from '../identity/scope.js';
import type { DeliveryAttempt, DeliveryStatus, Webhook, WebhookDelivery, WebhookDisabledReason } from '../webhooks/webhook.js';

/** A webhook as the dispatcher sees it: with where it stands in its tenant's log. */
export interface WebhookCursor {
  readonly webhook: Webhook;
  /** Every event with seq ≤ this has been turned into deliveries (or skipped by the filter). */
  readonly cursorSeq: number;
}

/** A delivery leased to one sender, with what it needs to send. */
export interface ClaimedDelivery {
  readonly delivery: WebhookDelivery;
  readonly url: string;
  readonly secret: string;
}

export interface AttemptRecord {
  readonly attempt: DeliveryAttempt;
  readonly status: DeliveryStatus;
  readonly nextAttemptAt?: string;
  /** Also disables the webhook, with this reason (410 Gone). */
  readonly disableWebhook?: WebhookDisabledReason;
}

export interface ListDeliveriesQuery {
  readonly status?: DeliveryStatus;
  readonly limit: number;
}

export interface WebhookStore {
  /** Stores a new webhook whose cursor starts at `cursorSeq`, with its audit entry. */
  insertWebhook(scope: Scope, webhook: Webhook, cursorSeq: number, audit: AuditEntry): Promise<void>;
  /**
   * Replaces the webhook's settings (the cursor stays, unless `resetCursorTo` moves it: a webhook
   * enabled again starts at the end of the log). False when there is no such webhook.
   */
  updateWebhook(scope: Scope, webhook: Webhook, audit: AuditEntry, options?: { readonly resetCursorTo?: number }): Promise<boolean>;
  /** Deletes the webhook and its deliveries. False when there is no such webhook. */
  deleteWebhook(scope: Scope, webhookId: string, audit: AuditEntry): Promise<boolean>;
  getWebhook(scope: Scope, webhookId: string): Promise<Webhook | undefined>;
  /** The tenant's webhooks, oldest first. */
  listWebhooks(scope: Scope): Promise<Webhook[]>;

  /** Every enabled webhook of every tenant, with its cursor. */
  listEnabledWebhooks(): Promise<WebhookCursor[]>;
  /**
   * Moves the webhook's cursor from `fromSeq` to `toSeq` and stores `deliveries`, skipping any
   * already stored for the same (webhook, event seq), in one transaction. Does nothing and returns
   * false when the cursor is no longer at `fromSeq` (another replica moved it, or the webhook is
   * gone or disabled).
   */
  advanceWebhookCursor(scope: Scope, webhookId: string, fromSeq: number, toSeq: number, deliveries: readonly WebhookDelivery[]): Promise<boolean>;
  /** Stores one delivery that comes from no log event (a test). */
  insertWebhookDelivery(scope: Scope, delivery: WebhookDelivery): Promise<void>;
  /**
   * Leases up to `limit` pending deliveries of enabled webhooks that are due at `now` and not
   * leased by anyone (or whose lease ran out), oldest due first, to `leaseToken` until
   * `leaseUntil`. Concurrent callers never get the same delivery while its lease runs.
   */
  claimWebhookDeliveries(now: string, leaseUntil: string, limit: number, leaseToken: string): Promise<ClaimedDelivery[]>;
  /**
   * Records one attempt and the delivery's new status, and releases the lease. False (nothing
   * written) when the lease is no longer `leaseToken`'s: it ran out and another sender took over,
   * or the delivery was deleted.
   */
  recordWebhookAttempt(deliveryId: string, leaseToken: string, record: AttemptRecord): Promise<boolean>;
  /** A webhook's deliveries, newest first. */
  listWebhookDeliveries(scope: Scope, webhookId: string, query: ListDeliveriesQuery): Promise<WebhookDelivery[]>;
  getWebhookDelivery(scope: Scope, webhookId: string, deliveryId: string): Promise<WebhookDelivery | undefined>;
  /**
   * Makes a delivery due at `at` again. A delivered or failed one becomes pending with a new round
   * of attempts; a pending one only skips the rest of its wait. Undefined when there is no such delivery.
   */
  redeliverWebhookDelivery(scope: Scope, webhookId: string, deliveryId: string, at: string): Promise<WebhookDelivery | undefined>;
}
