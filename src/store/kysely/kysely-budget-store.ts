/**
 * @module BudgetStore over Kysely. Budgets are rows of filter columns plus the whole Budget as
 * `doc`. Alerts are keyed by (budget, period start, threshold): `INSERT … ON CONFLICT DO NOTHING`
 * lets exactly one writer record a crossing, on any number of replicas (PostgreSQL makes the
 * second insert wait for the first to commit, then skip).
 */
import type { ColumnType, Insertable, Kysely } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Budget, BudgetAlert } from '../../core/budgets/budget.js';
import type { Scope } from '../../core/identity/scope.js';
import type { BudgetStore, ListBudgetsQuery } from '../../core/ports/budget-store.js';
import { appendAudit } from './append-audit.js';
import type { Database } from './database.js';
import { decodeJson, encodeJson } from './json.js';

type Json = ColumnType<unknown, string, string>;

interface BudgetsTable {
  org_id: string;
  tenant_id: string;
  budget_id: string;
  scope: string;
  scope_id: string | null;
  enabled: number;
  created_at: string;
  doc: Json;
}

interface BudgetAlertsTable {
  org_id: string;
  tenant_id: string;
  budget_id: string;
  period_start: string;
  threshold: number;
  alert_id: string;
  created_at: string;
  doc: Json;
}

type Tables = Database & { budgets: BudgetsTable; budget_alerts: BudgetAlertsTable };

function budgetRow(scope: Scope, budget: Budget): Insertable<BudgetsTable> {
  return {
    org_id: scope.orgId,
    tenant_id: scope.tenantId,
    budget_id: budget.budgetId,
    scope: budget.scope,
    scope_id: budget.scopeId ?? null,
    enabled: budget.enabled ? 1 : 0,
    created_at: budget.createdAt,
    doc: encodeJson(budget),
  };
}

export class KyselyBudgetStore implements BudgetStore {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<{ budgets: BudgetsTable; budget_alerts: BudgetAlertsTable }>();
  }

  insertBudget(scope: Scope, budget: Budget, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto('budgets')
        .values(budgetRow(scope, budget))
        .onConflict((oc) => oc.columns(['org_id', 'tenant_id', 'budget_id']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await appendAudit(trx, scope, [audit]);
      return true;
    });
  }

  updateBudget(scope: Scope, budget: Budget, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const { org_id, tenant_id, budget_id, ...changed } = budgetRow(scope, budget);
      const result = await trx
        .updateTable('budgets')
        .set(changed)
        .where('org_id', '=', org_id)
        .where('tenant_id', '=', tenant_id)
        .where('budget_id', '=', budget_id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await appendAudit(trx, scope, [audit]);
      return true;
    });
  }

  deleteBudget(scope: Scope, budgetId: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('budgets')
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('budget_id', '=', budgetId)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      // A budget created again under the same id starts with no alerts.
      await trx.deleteFrom('budget_alerts').where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).where('budget_id', '=', budgetId).execute();
      await appendAudit(trx, scope, [audit]);
      return true;
    });
  }

  async getBudget(scope: Scope, budgetId: string): Promise<Budget | undefined> {
    const row = await this.#db
      .selectFrom('budgets')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('budget_id', '=', budgetId)
      .executeTakeFirst();
    return row ? decodeJson<Budget>(row.doc) : undefined;
  }

  async listBudgets(scope: Scope, query: ListBudgetsQuery): Promise<{ budgets: Budget[]; total: number }> {
    let q = this.#db.selectFrom('budgets').where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId);
    if (query.scope !== undefined) q = q.where('scope', '=', query.scope);
    if (query.scopeId !== undefined) q = q.where('scope_id', '=', query.scopeId);
    if (query.enabled !== undefined) q = q.where('enabled', '=', query.enabled ? 1 : 0);
    const [rows, count] = await Promise.all([
      q.select('doc').orderBy('created_at').orderBy('budget_id').limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { budgets: rows.map((row) => decodeJson<Budget>(row.doc)), total: Number(count.n) };
  }

  async listGateBudgets(scope: Scope): Promise<Budget[]> {
    const rows = await this.#db
      .selectFrom('budgets')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('enabled', '=', 1)
      .where((eb) => eb.or([eb('tenant_id', '=', scope.tenantId), eb('scope', '=', 'organization')]))
      .orderBy('created_at')
      .orderBy('tenant_id')
      .orderBy('budget_id')
      .execute();
    return rows.map((row) => decodeJson<Budget>(row.doc));
  }

  async recordBudgetAlert(scope: Scope, alert: BudgetAlert): Promise<boolean> {
    const result = await this.#db
      .insertInto('budget_alerts')
      .values({
        org_id: scope.orgId,
        tenant_id: scope.tenantId,
        budget_id: alert.budgetId,
        period_start: alert.periodStart,
        threshold: alert.threshold,
        alert_id: alert.alertId,
        created_at: alert.createdAt,
        doc: encodeJson(alert),
      })
      .onConflict((oc) => oc.columns(['org_id', 'tenant_id', 'budget_id', 'period_start', 'threshold']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async listBudgetAlerts(scope: Scope, budgetId: string, limit: number): Promise<BudgetAlert[]> {
    const rows = await this.#db
      .selectFrom('budget_alerts')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('budget_id', '=', budgetId)
      .orderBy('created_at', 'desc')
      .orderBy('threshold', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => decodeJson<BudgetAlert>(row.doc));
  }
}
