/**
 * @module WebhookStore over Kysely. Two guarantees carry the multi-replica story:
 * - deliveries are inserted `ON CONFLICT DO NOTHING` on (webhook_id, event_seq), after a
 *   compare-and-set of the webhook's cursor in the same transaction, so two replicas scanning the
 *   same events create each delivery once;
 * - a claim is one `WITH due AS MATERIALIZED (…) UPDATE … WHERE delivery_id IN due` that re-checks the lease in its
 *   own WHERE. With row locks (PostgreSQL) the inner select takes `FOR UPDATE SKIP LOCKED`, so
 *   concurrent claimers split the due rows instead of queueing on them; a claimer that still
 *   meets a row another just leased re-evaluates the outer WHERE on the new row and skips it.
 *   SQLite has one writer at a time, so the statement is atomic there as it is.
 */
import type { ColumnType, Insertable, Kysely, Selectable } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Scope } from '../../core/identity/scope.js';
import type { AttemptRecord, ClaimedDelivery, ListDeliveriesQuery, WebhookCursor, WebhookStore } from '../../core/ports/webhook-store.js';
import { type DeliveryAttempt, type DeliveryStatus, type Webhook, type WebhookDelivery, type WebhookDisabledReason, type WebhookFilterEntry, type WebhookFormat, WEBHOOK_FORMATS } from '../../core/webhooks/webhook.js';
import { appendAudit } from './append-audit.js';
import type { Database, Int64 } from './database.js';
import { decodeJson, encodeJson } from './json.js';

type Json = ColumnType<unknown, string, string>;

export interface WebhooksTable {
  org_id: string;
  tenant_id: string;
  webhook_id: string;
  url: string;
  secret: string;
  events: Json;
  /** Migration 0011; rows written before it read 'axonflow'. */
  format: string;
  enabled: number;
  disabled_reason: string | null;
  description: string | null;
  cursor_seq: Int64;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface DeliveriesTable {
  delivery_id: string;
  org_id: string;
  tenant_id: string;
  webhook_id: string;
  event: string;
  event_seq: Int64 | null;
  event_id: string | null;
  execution_id: string | null;
  status: string;
  attempts: number;
  round_start: number;
  last_response_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  lease_until: string | null;
  lease_token: string | null;
  created_at: string;
  delivered_at: string | null;
  body: string;
  attempt_log: Json;
}

type Tables = Database & { webhooks: WebhooksTable; webhook_deliveries: DeliveriesTable };

/** Longest error text kept per attempt; receivers' error pages are not worth storing whole. */
const MAX_ERROR_CHARS = 500;

function webhookRow(scope: Scope, webhook: Webhook): Omit<Insertable<WebhooksTable>, 'cursor_seq'> {
  return {
    org_id: scope.orgId,
    tenant_id: scope.tenantId,
    webhook_id: webhook.webhookId,
    url: webhook.url,
    secret: webhook.secret,
    events: encodeJson(webhook.events),
    format: webhook.format,
    enabled: webhook.enabled ? 1 : 0,
    disabled_reason: webhook.disabledReason ?? null,
    description: webhook.description ?? null,
    created_at: webhook.createdAt,
    created_by: webhook.createdBy,
    updated_at: webhook.updatedAt,
    updated_by: webhook.updatedBy,
  };
}

export function webhookOf(row: Selectable<WebhooksTable>): Webhook {
  return {
    webhookId: row.webhook_id,
    orgId: row.org_id,
    tenantId: row.tenant_id,
    url: row.url,
    secret: row.secret,
    events: decodeJson<WebhookFilterEntry[]>(row.events),
    // A value this version does not know (written by a newer one) is sent as the default format.
    format: (WEBHOOK_FORMATS as readonly string[]).includes(row.format) ? (row.format as WebhookFormat) : 'axonflow',
    enabled: Number(row.enabled) === 1,
    ...(row.disabled_reason ? { disabledReason: row.disabled_reason as WebhookDisabledReason } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function deliveryRow(delivery: WebhookDelivery): Insertable<DeliveriesTable> {
  return {
    delivery_id: delivery.deliveryId,
    org_id: delivery.orgId,
    tenant_id: delivery.tenantId,
    webhook_id: delivery.webhookId,
    event: delivery.event,
    event_seq: delivery.eventSeq ?? null,
    event_id: delivery.eventId ?? null,
    execution_id: delivery.executionId ?? null,
    status: delivery.status,
    attempts: delivery.attempts,
    round_start: delivery.roundStart,
    last_response_status: delivery.lastResponseStatus ?? null,
    last_error: delivery.lastError ?? null,
    next_attempt_at: delivery.nextAttemptAt ?? null,
    lease_until: null,
    lease_token: null,
    created_at: delivery.createdAt,
    delivered_at: delivery.deliveredAt ?? null,
    body: delivery.body,
    attempt_log: encodeJson(delivery.attemptLog),
  };
}

function deliveryOf(row: Selectable<DeliveriesTable>): WebhookDelivery {
  return {
    deliveryId: row.delivery_id,
    webhookId: row.webhook_id,
    orgId: row.org_id,
    tenantId: row.tenant_id,
    event: row.event,
    ...(row.event_seq !== null ? { eventSeq: Number(row.event_seq) } : {}),
    ...(row.event_id !== null ? { eventId: row.event_id } : {}),
    ...(row.execution_id !== null ? { executionId: row.execution_id } : {}),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    roundStart: Number(row.round_start),
    ...(row.last_response_status !== null ? { lastResponseStatus: Number(row.last_response_status) } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.next_attempt_at !== null ? { nextAttemptAt: row.next_attempt_at } : {}),
    createdAt: row.created_at,
    ...(row.delivered_at !== null ? { deliveredAt: row.delivered_at } : {}),
    body: row.body,
    attemptLog: decodeJson<DeliveryAttempt[]>(row.attempt_log),
  };
}

export class KyselyWebhookStore implements WebhookStore {
  readonly #db: Kysely<Tables>;
  readonly #rowLocks: boolean;

  constructor(db: Kysely<Database>, options: { readonly rowLocks: boolean }) {
    this.#db = db.withTables<{ webhooks: WebhooksTable; webhook_deliveries: DeliveriesTable }>();
    this.#rowLocks = options.rowLocks;
  }

  async insertWebhook(scope: Scope, webhook: Webhook, cursorSeq: number, audit: AuditEntry): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('webhooks').values({ ...webhookRow(scope, webhook), cursor_seq: cursorSeq }).execute();
      await appendAudit(trx, scope, [audit]);
    });
  }

  updateWebhook(scope: Scope, webhook: Webhook, audit: AuditEntry, options: { readonly resetCursorTo?: number } = {}): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const { org_id, tenant_id, webhook_id, created_at, created_by, ...changed } = webhookRow(scope, webhook);
      const result = await trx
        .updateTable('webhooks')
        .set({ ...changed, ...(options.resetCursorTo !== undefined ? { cursor_seq: options.resetCursorTo } : {}) })
        .where('org_id', '=', org_id)
        .where('tenant_id', '=', tenant_id)
        .where('webhook_id', '=', webhook_id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await appendAudit(trx, scope, [audit]);
      return true;
    });
  }

  deleteWebhook(scope: Scope, webhookId: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('webhooks')
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('webhook_id', '=', webhookId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await trx.deleteFrom('webhook_deliveries').where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).where('webhook_id', '=', webhookId).execute();
      await appendAudit(trx, scope, [audit]);
      return true;
    });
  }

  async getWebhook(scope: Scope, webhookId: string): Promise<Webhook | undefined> {
    const row = await this.#db
      .selectFrom('webhooks')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst();
    return row ? webhookOf(row) : undefined;
  }

  async listWebhooks(scope: Scope): Promise<Webhook[]> {
    const rows = await this.#db
      .selectFrom('webhooks')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('created_at')
      .orderBy('webhook_id')
      .execute();
    return rows.map(webhookOf);
  }

  async listEnabledWebhooks(): Promise<WebhookCursor[]> {
    const rows = await this.#db.selectFrom('webhooks').selectAll().where('enabled', '=', 1).orderBy('org_id').orderBy('tenant_id').orderBy('webhook_id').execute();
    return rows.map((row) => ({ webhook: webhookOf(row), cursorSeq: Number(row.cursor_seq) }));
  }

  advanceWebhookCursor(scope: Scope, webhookId: string, fromSeq: number, toSeq: number, deliveries: readonly WebhookDelivery[]): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      // The compare-and-set comes first: on PostgreSQL it locks the webhook row, so a second
      // replica with the same cursor waits here, then finds the cursor moved and writes nothing.
      const moved = await trx
        .updateTable('webhooks')
        .set({ cursor_seq: toSeq })
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('webhook_id', '=', webhookId)
        .where('cursor_seq', '=', fromSeq)
        .where('enabled', '=', 1)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) return false;
      for (let i = 0; i < deliveries.length; i += 100) {
        await trx
          .insertInto('webhook_deliveries')
          .values(deliveries.slice(i, i + 100).map(deliveryRow))
          .onConflict((oc) => oc.columns(['webhook_id', 'event_seq']).doNothing())
          .execute();
      }
      return true;
    });
  }

  async insertWebhookDelivery(_scope: Scope, delivery: WebhookDelivery): Promise<void> {
    await this.#db.insertInto('webhook_deliveries').values(deliveryRow(delivery)).execute();
  }

  async claimWebhookDeliveries(now: string, leaseUntil: string, limit: number, leaseToken: string): Promise<ClaimedDelivery[]> {
    const db = this.#db;
    let due = db
      .selectFrom('webhook_deliveries as d')
      .select('d.delivery_id')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', now)]))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('webhooks as w')
            .select('w.webhook_id')
            .whereRef('w.org_id', '=', 'd.org_id')
            .whereRef('w.tenant_id', '=', 'd.tenant_id')
            .whereRef('w.webhook_id', '=', 'd.webhook_id')
            .where('w.enabled', '=', 1),
        ),
      )
      .orderBy('d.next_attempt_at')
      .orderBy('d.event_seq')
      .limit(limit);
    if (this.#rowLocks) due = due.forUpdate().skipLocked();
    // A materialized CTE runs once: as a plain `IN (subquery)` PostgreSQL may re-run a LIMIT … SKIP
    // LOCKED subquery per row and lease more than `limit` rows.
    const claimed = await db
      .with((cte) => cte('due').materialized(), () => due)
      .updateTable('webhook_deliveries')
      .set({ lease_until: leaseUntil, lease_token: leaseToken })
      .where('delivery_id', 'in', (eb) => eb.selectFrom('due').select('due.delivery_id'))
      // Re-checked on the row as it is when the update reaches it (see the module comment).
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .returning('delivery_id')
      .execute();
    if (claimed.length === 0) return [];
    const rows = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', (join) => join.onRef('w.org_id', '=', 'd.org_id').onRef('w.tenant_id', '=', 'd.tenant_id').onRef('w.webhook_id', '=', 'd.webhook_id'))
      .selectAll('d')
      .select(['w.url as webhook_url', 'w.secret as webhook_secret'])
      .where('d.lease_token', '=', leaseToken)
      .where(
        'd.delivery_id',
        'in',
        claimed.map((c) => c.delivery_id),
      )
      .orderBy('d.next_attempt_at')
      .orderBy('d.event_seq')
      .execute();
    return rows.map(({ webhook_url, webhook_secret, ...row }) => ({ delivery: deliveryOf(row), url: webhook_url, secret: webhook_secret }));
  }

  recordWebhookAttempt(deliveryId: string, leaseToken: string, record: AttemptRecord): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('webhook_deliveries')
        .select(['attempts', 'attempt_log', 'org_id', 'tenant_id', 'webhook_id'])
        .where('delivery_id', '=', deliveryId)
        .where('lease_token', '=', leaseToken)
        .executeTakeFirst();
      if (!current) return false;
      const attempt: DeliveryAttempt = { ...record.attempt, ...(record.attempt.error ? { error: record.attempt.error.slice(0, MAX_ERROR_CHARS) } : {}) };
      const log = [...decodeJson<DeliveryAttempt[]>(current.attempt_log), attempt];
      const result = await trx
        .updateTable('webhook_deliveries')
        .set({
          status: record.status,
          attempts: Number(current.attempts) + 1,
          last_response_status: attempt.responseStatus ?? null,
          last_error: attempt.error ?? null,
          next_attempt_at: record.status === 'pending' ? (record.nextAttemptAt ?? attempt.at) : null,
          delivered_at: record.status === 'delivered' ? attempt.at : null,
          lease_until: null,
          lease_token: null,
          attempt_log: encodeJson(log),
        })
        .where('delivery_id', '=', deliveryId)
        .where('lease_token', '=', leaseToken)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (record.disableWebhook) {
        await trx
          .updateTable('webhooks')
          .set({ enabled: 0, disabled_reason: record.disableWebhook, updated_at: attempt.at })
          .where('org_id', '=', current.org_id)
          .where('tenant_id', '=', current.tenant_id)
          .where('webhook_id', '=', current.webhook_id)
          .execute();
      }
      return true;
    });
  }

  async listWebhookDeliveries(scope: Scope, webhookId: string, query: ListDeliveriesQuery): Promise<WebhookDelivery[]> {
    let q = this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('webhook_id', '=', webhookId);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('delivery_id', 'desc').limit(query.limit).execute();
    return rows.map(deliveryOf);
  }

  async getWebhookDelivery(scope: Scope, webhookId: string, deliveryId: string): Promise<WebhookDelivery | undefined> {
    const row = await this.#db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('webhook_id', '=', webhookId)
      .where('delivery_id', '=', deliveryId)
      .executeTakeFirst();
    return row ? deliveryOf(row) : undefined;
  }

  redeliverWebhookDelivery(scope: Scope, webhookId: string, deliveryId: string, at: string): Promise<WebhookDelivery | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('webhook_deliveries')
        .select(['status', 'attempts'])
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('webhook_id', '=', webhookId)
        .where('delivery_id', '=', deliveryId)
        .executeTakeFirst();
      if (!row) return undefined;
      // A pending delivery keeps its round (and its lease, if a sender holds it); a finished one starts a new round.
      const restart = row.status !== 'pending';
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: at, ...(restart ? { round_start: Number(row.attempts), delivered_at: null } : {}) })
        .where('delivery_id', '=', deliveryId)
        .execute();
      const updated = await trx.selectFrom('webhook_deliveries').selectAll().where('delivery_id', '=', deliveryId).executeTakeFirstOrThrow();
      return deliveryOf(updated);
    });
  }
}
