/**
 * @module AlertStore over Kysely. Exactly-once transitions across replicas:
 * - firing: `INSERT … ON CONFLICT DO NOTHING` against the partial unique index on (tenant, kind,
 *   subject) WHERE state = 'firing' (PostgreSQL makes a concurrent second insert wait for the
 *   first to commit, then skip; SQLite has one writer);
 * - resolving: `UPDATE … WHERE alert_id = ? AND state = 'firing'`: one writer updates the row.
 * The winner inserts the transition's webhook deliveries in the same transaction.
 */
import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Alert, AlertRulesPatch, AlertSignals } from '../../core/alerts/alert.js';
import type { Scope } from '../../core/identity/scope.js';
import type { AlertDeliveries, AlertSignalQuery, AlertStore, ListAlertsQuery } from '../../core/ports/alert-store.js';
import { appendAudit } from './append-audit.js';
import type { Database } from './database.js';
import { decodeJson, encodeJson } from './json.js';
import { type DeliveriesTable, type WebhooksTable, deliveryRow, webhookOf } from './kysely-webhook-store.js';

type Json = ColumnType<unknown, string, string>;

interface AlertRulesTable {
  org_id: string;
  tenant_id: string;
  doc: Json;
  updated_at: string;
  updated_by: string;
}

interface AlertsTable {
  alert_id: string;
  org_id: string;
  tenant_id: string;
  kind: string;
  subject: string;
  state: string;
  fired_at: string;
  resolved_at: string | null;
  doc: Json;
}

type Extra = { alert_rules: AlertRulesTable; alerts: AlertsTable; webhooks: WebhooksTable; webhook_deliveries: DeliveriesTable };
type Tables = Database & Extra;

const FAILED_STATUSES = ['failed', 'aborted', 'expired'];
const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled', 'aborted', 'expired'];

export class KyselyAlertStore implements AlertStore {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<Extra>();
  }

  async getAlertRules(scope: Scope): Promise<AlertRulesPatch | undefined> {
    const row = await this.#db.selectFrom('alert_rules').select('doc').where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).executeTakeFirst();
    return row ? decodeJson<AlertRulesPatch>(row.doc) : undefined;
  }

  putAlertRules(scope: Scope, rules: AlertRulesPatch, audit: AuditEntry): Promise<void> {
    return this.#db.transaction().execute(async (trx) => {
      const values = { org_id: scope.orgId, tenant_id: scope.tenantId, doc: encodeJson(rules), updated_at: audit.at, updated_by: audit.actor };
      await trx
        .insertInto('alert_rules')
        .values(values)
        .onConflict((oc) => oc.columns(['org_id', 'tenant_id']).doUpdateSet({ doc: values.doc, updated_at: values.updated_at, updated_by: values.updated_by }))
        .execute();
      await appendAudit(trx, scope, [audit]);
    });
  }

  async listAlertScopes(): Promise<Scope[]> {
    const rows = await this.#db.selectFrom('tenants').select(['org_id', 'tenant_id']).orderBy('org_id').orderBy('tenant_id').execute();
    return rows.map((r) => ({ orgId: r.org_id, tenantId: r.tenant_id }));
  }

  async alertSignals(scope: Scope, q: AlertSignalQuery): Promise<AlertSignals> {
    const db = this.#db;
    const { orgId, tenantId } = scope;
    const runs = await db
      .selectFrom('executions')
      .select((eb) => ['name', 'status', eb.fn.countAll<number | string>().as('n')])
      .where('org_id', '=', orgId)
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', TERMINAL_STATUSES)
      .where('completed_at', '>', q.runsSince)
      .where('completed_at', '<=', q.now)
      .groupBy(['name', 'status'])
      .execute();
    const outcomes = new Map<string, { total: number; failed: number }>();
    for (const r of runs) {
      const o = outcomes.get(r.name) ?? { total: 0, failed: 0 };
      const n = Number(r.n);
      outcomes.set(r.name, { total: o.total + n, failed: o.failed + (FAILED_STATUSES.includes(r.status) ? n : 0) });
    }

    const pending = await db
      .selectFrom('approvals')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('requested_at').as('oldest')])
      .where('org_id', '=', orgId)
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'pending')
      .executeTakeFirst();

    // Connector outcomes live in the events' data: read the window's calls (indexed by type and at) and count here.
    const calls = await db
      .selectFrom('events')
      .select('data')
      .where('org_id', '=', orgId)
      .where('tenant_id', '=', tenantId)
      .where('type', '=', 'connector.called')
      .where('at', '>', q.connectorsSince)
      .where('at', '<=', q.now)
      .execute();
    const connectors = new Map<string, { calls: number; errors: number }>();
    for (const row of calls) {
      const d = decodeJson<{ connector?: string; outcome?: string }>(row.data);
      const name = d.connector ?? 'unknown';
      const c = connectors.get(name) ?? { calls: 0, errors: 0 };
      connectors.set(name, { calls: c.calls + 1, errors: c.errors + (d.outcome === 'error' ? 1 : 0) });
    }

    const retried = await db
      .selectFrom('events as ev')
      .innerJoin('executions as e', (join) => join.onRef('e.org_id', '=', 'ev.org_id').onRef('e.tenant_id', '=', 'ev.tenant_id').onRef('e.execution_id', '=', 'ev.execution_id'))
      .select((eb) => ['ev.execution_id', 'e.name', eb.fn.countAll<number | string>().as('n')])
      .where('ev.org_id', '=', orgId)
      .where('ev.tenant_id', '=', tenantId)
      .where('ev.type', '=', 'step.attempt_failed')
      .where('ev.at', '>', q.retriesSince)
      .where('ev.at', '<=', q.now)
      .groupBy(['ev.execution_id', 'e.name'])
      .having((eb) => eb.fn.countAll(), '>=', q.minRetries)
      .orderBy('ev.execution_id')
      .execute();

    const cost = async (from: string, to: string) => {
      const row = await db
        .selectFrom('usage_records')
        .select((eb) => eb.fn.sum<number | string | null>('cost_usd').as('usd'))
        .where('org_id', '=', orgId)
        .where('tenant_id', '=', tenantId)
        .where('at', '>', from)
        .where('at', '<=', to)
        .executeTakeFirst();
      return Number(row?.usd ?? 0);
    };

    return {
      now: q.now,
      runOutcomes: [...outcomes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([workflowName, o]) => ({ workflowName, ...o })),
      pendingApprovals: { pending: Number(pending?.n ?? 0), ...(pending?.oldest ? { oldestRequestedAt: pending.oldest as string } : {}) },
      connectorCalls: [...connectors].sort(([a], [b]) => (a < b ? -1 : 1)).map(([connector, c]) => ({ connector, ...c })),
      retriedRuns: retried.map((r) => ({ executionId: r.execution_id, workflowName: r.name, retries: Number(r.n) })),
      costUsd: { current: await cost(q.costCurrentSince, q.now), previous: await cost(q.costPreviousSince, q.costCurrentSince) },
    };
  }

  async listFiringAlerts(scope: Scope): Promise<Alert[]> {
    return this.listAlerts(scope, { state: 'firing', limit: 10_000 });
  }

  fireAlert(scope: Scope, alert: Alert, deliveries: AlertDeliveries): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('alerts')
        .values({ alert_id: alert.alertId, org_id: scope.orgId, tenant_id: scope.tenantId, kind: alert.kind, subject: alert.subject, state: 'firing', fired_at: alert.firedAt, resolved_at: null, doc: encodeJson(alert) })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await this.#insertDeliveries(trx, scope, alert, deliveries);
      return true;
    });
  }

  resolveAlert(scope: Scope, alertId: string, resolvedAt: string, resolvedValue: number, deliveries: AlertDeliveries): Promise<Alert | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('alerts').select('doc').where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).where('alert_id', '=', alertId).executeTakeFirst();
      if (!row) return undefined;
      const resolved: Alert = { ...decodeJson<Alert>(row.doc), state: 'resolved', resolvedAt, resolvedValue };
      const result = await trx
        .updateTable('alerts')
        .set({ state: 'resolved', resolved_at: resolvedAt, doc: encodeJson(resolved) })
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('alert_id', '=', alertId)
        .where('state', '=', 'firing')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      await this.#insertDeliveries(trx, scope, resolved, deliveries);
      return resolved;
    });
  }

  async listAlerts(scope: Scope, query: ListAlertsQuery): Promise<Alert[]> {
    let q = this.#db.selectFrom('alerts').select(['doc', 'state']).where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId);
    if (query.state) q = q.where('state', '=', query.state);
    if (query.kind) q = q.where('kind', '=', query.kind);
    // 'firing' < 'resolved': firing alerts first.
    const rows = await q.orderBy('state', 'asc').orderBy('fired_at', 'desc').orderBy('alert_id', 'desc').limit(query.limit).execute();
    return rows.map((r) => decodeJson<Alert>(r.doc));
  }

  async getAlert(scope: Scope, alertId: string): Promise<Alert | undefined> {
    const row = await this.#db.selectFrom('alerts').select('doc').where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).where('alert_id', '=', alertId).executeTakeFirst();
    return row ? decodeJson<Alert>(row.doc) : undefined;
  }

  async #insertDeliveries(trx: Transaction<Tables>, scope: Scope, alert: Alert, deliveries: AlertDeliveries): Promise<void> {
    const hooks = await trx.selectFrom('webhooks').selectAll().where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).where('enabled', '=', 1).orderBy('created_at').execute();
    if (hooks.length === 0) return;
    const rows = deliveries(alert, hooks.map(webhookOf));
    if (rows.length > 0) await trx.insertInto('webhook_deliveries').values(rows.map(deliveryRow)).execute();
  }
}
