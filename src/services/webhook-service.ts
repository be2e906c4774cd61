/**
 * @module WebhookService: a tenant's webhooks (admin writes, audited), their delivery log, test
 * deliveries and redeliveries. The secret is generated when the caller gives none and is handed
 * out once, in the create answer; reads show only a hint. A new webhook, or one enabled again,
 * starts at the current end of its tenant's event log: it never replays history.
 */
import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../core/audit/audit-entry.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import type { SeqReads } from '../core/ports/seq-reads.js';
import type { ListDeliveriesQuery, WebhookStore } from '../core/ports/webhook-store.js';
import { type Webhook, type WebhookDelivery, type WebhookFilterEntry, type WebhookFormat, deliveryBody, testPayload, WEBHOOK_TEST_EVENT } from '../core/webhooks/index.js';
import { checkHttpUrl, invalidField } from './body-validation.js';

export interface WebhookServiceOptions {
  readonly store: WebhookStore & SeqReads;
  readonly clock: Clock;
  readonly ids: Ids;
  /** Where people reach this deployment: Slack-format test bodies link under it. */
  readonly publicUrl?: string;
  /** Called when a delivery became due now (test, redeliver), so this replica sends it at once. */
  readonly onDue?: () => void;
}

export interface NewWebhook {
  readonly url: string;
  readonly events?: readonly WebhookFilterEntry[];
  /** @default 'axonflow' */
  readonly format?: WebhookFormat;
  readonly secret?: string;
  readonly enabled?: boolean;
  readonly description?: string;
}

export type WebhookChange = Partial<NewWebhook>;

/** The filter as stored: no duplicates; `*` alone when it is present (it covers everything). */
function normaliseEvents(events: readonly WebhookFilterEntry[] | undefined): WebhookFilterEntry[] {
  if (events === undefined) return ['*'];
  if (events.length === 0) throw invalidField('events', 'name at least one event, or "*" for all');
  return events.includes('*') ? ['*'] : [...new Set(events)];
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export class WebhookService {
  readonly #o: WebhookServiceOptions;

  constructor(options: WebhookServiceOptions) {
    this.#o = options;
  }

  /** Creates a webhook; the answer is the only place its secret ever appears. */
  async create(caller: Caller, scope: Scope, input: NewWebhook): Promise<{ webhook: Webhook; secret: string }> {
    const at = this.#o.clock.now();
    const webhook: Webhook = {
      webhookId: this.#o.ids.next('whk'),
      orgId: scope.orgId,
      tenantId: scope.tenantId,
      url: checkHttpUrl(input.url),
      secret: input.secret ?? generateWebhookSecret(),
      events: normaliseEvents(input.events),
      format: input.format ?? 'axonflow',
      enabled: input.enabled ?? true,
      ...(input.description !== undefined ? { description: input.description } : {}),
      createdAt: at,
      createdBy: caller.clientId,
      updatedAt: at,
      updatedBy: caller.clientId,
    };
    // The cursor is read before the insert, so an event committed in between is delivered rather than missed.
    const cursor = await this.#o.store.latestSeq(scope);
    await this.#o.store.insertWebhook(scope, webhook, cursor, this.#audit(caller, 'webhook.create', webhook, at));
    return { webhook, secret: webhook.secret };
  }

  async update(caller: Caller, scope: Scope, webhookId: string, change: WebhookChange): Promise<Webhook> {
    const current = await this.get(scope, webhookId);
    const at = this.#o.clock.now();
    const enabled = change.enabled ?? current.enabled;
    const webhook: Webhook = {
      ...current,
      url: change.url !== undefined ? checkHttpUrl(change.url) : current.url,
      events: change.events !== undefined ? normaliseEvents(change.events) : current.events,
      // Deliveries already made keep their body; the new format applies from the next one.
      format: change.format ?? current.format,
      secret: change.secret ?? current.secret,
      enabled,
      description: change.description !== undefined ? change.description : current.description,
      disabledReason: enabled ? undefined : current.disabledReason,
      updatedAt: at,
      updatedBy: caller.clientId,
    };
    // Enabled again: start at the end of the log, like a new webhook (events while disabled are not sent).
    const resetCursorTo = enabled && !current.enabled ? await this.#o.store.latestSeq(scope) : undefined;
    const changed = Object.keys(change).filter((k) => change[k as keyof WebhookChange] !== undefined);
    if (!(await this.#o.store.updateWebhook(scope, webhook, this.#audit(caller, 'webhook.update', webhook, at, { changed }), { resetCursorTo }))) {
      throw new DomainError('WEBHOOK_NOT_FOUND', { webhookId });
    }
    return webhook;
  }

  async delete(caller: Caller, scope: Scope, webhookId: string): Promise<void> {
    const current = await this.get(scope, webhookId);
    const at = this.#o.clock.now();
    if (!(await this.#o.store.deleteWebhook(scope, webhookId, this.#audit(caller, 'webhook.delete', current, at)))) {
      throw new DomainError('WEBHOOK_NOT_FOUND', { webhookId });
    }
  }

  async get(scope: Scope, webhookId: string): Promise<Webhook> {
    const webhook = await this.#o.store.getWebhook(scope, webhookId);
    if (!webhook) throw new DomainError('WEBHOOK_NOT_FOUND', { webhookId });
    return webhook;
  }

  list(scope: Scope): Promise<Webhook[]> {
    return this.#o.store.listWebhooks(scope);
  }

  async deliveries(scope: Scope, webhookId: string, query: ListDeliveriesQuery): Promise<WebhookDelivery[]> {
    await this.get(scope, webhookId);
    return this.#o.store.listWebhookDeliveries(scope, webhookId, query);
  }

  /** Queues a `webhook.test` delivery, sent like any other (signed, retried). */
  async test(scope: Scope, webhookId: string): Promise<WebhookDelivery> {
    const webhook = await this.get(scope, webhookId);
    if (!webhook.enabled) throw new DomainError('WEBHOOK_DISABLED', { webhookId });
    const at = this.#o.clock.now();
    const delivery: WebhookDelivery = {
      deliveryId: this.#o.ids.next('dlv'),
      webhookId,
      orgId: scope.orgId,
      tenantId: scope.tenantId,
      event: WEBHOOK_TEST_EVENT,
      status: 'pending',
      attempts: 0,
      roundStart: 0,
      nextAttemptAt: at,
      createdAt: at,
      body: deliveryBody(webhook.format, testPayload(webhook, at), { publicUrl: this.#o.publicUrl }),
      attemptLog: [],
    };
    await this.#o.store.insertWebhookDelivery(scope, delivery);
    this.#o.onDue?.();
    return delivery;
  }

  /** Sends a delivery again (same delivery id and body), with a fresh round of attempts when it had finished. */
  async redeliver(scope: Scope, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    const webhook = await this.get(scope, webhookId);
    if (!webhook.enabled) throw new DomainError('WEBHOOK_DISABLED', { webhookId });
    const delivery = await this.#o.store.redeliverWebhookDelivery(scope, webhookId, deliveryId, this.#o.clock.now());
    if (!delivery) throw new DomainError('WEBHOOK_DELIVERY_NOT_FOUND', { webhookId, deliveryId });
    this.#o.onDue?.();
    return delivery;
  }

  #audit(caller: Caller, action: string, webhook: Webhook, at: string, extra: Record<string, unknown> = {}): AuditEntry {
    // Never the secret: the audit log is readable by more people than the webhook's admin.
    return {
      auditId: this.#o.ids.next('aud'),
      at,
      actor: caller.clientId,
      action,
      targetType: 'webhook',
      targetId: webhook.webhookId,
      details: { url: webhook.url, events: webhook.events, format: webhook.format, enabled: webhook.enabled, ...extra },
    };
  }
}
