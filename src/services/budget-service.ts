/**
 * @module BudgetService: budgets (CRUD, admin writes audited), where each stands, and the budget
 * side of a gate decision. "Used" is the cost the usage projection recorded in the budget's current
 * UTC period for what the budget counts, summed by the store when asked (never cached), so a step
 * completed on any replica counts at the next gate on every replica.
 *
 * Alerts: whenever a budget's spend is computed (at a gate, a budget check or a status read) every
 * alert threshold the spend has reached is recorded, once per (budget, period, threshold); the
 * store's unique key makes that exactly once across replicas, and a per-replica memo saves the
 * repeated insert attempts.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import {
  type Budget,
  type BudgetAction,
  type BudgetAlert,
  type BudgetCheck,
  type BudgetFacts,
  type BudgetScope,
  type BudgetStanding,
  type PeriodWindow,
  type UsagePeriod,
  DEFAULT_ALERT_THRESHOLDS,
  budgetAlert,
  budgetApplies,
  budgetDecision,
  budgetMatch,
  budgetStanding,
  isExceeded,
  periodWindow,
  reachedThresholds,
} from '../core/budgets/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { PolicyDecision } from '../core/executions/policy-decision.js';
import { ACTION_PRECEDENCE } from '../core/policies/policy.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { BudgetStore, ListBudgetsQuery } from '../core/ports/budget-store.js';
import type { Clock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import type { UsageStore } from '../core/ports/usage-store.js';
import { invalidField } from './body-validation.js';

export interface BudgetServiceOptions {
  readonly store: BudgetStore & UsageStore;
  readonly clock: Clock;
  readonly ids: Ids;
}

export interface NewBudget {
  readonly budgetId?: string;
  readonly name: string;
  readonly description?: string;
  readonly scope: BudgetScope;
  readonly scopeId?: string;
  readonly limitUsd: number;
  readonly period: UsagePeriod;
  readonly onExceed: BudgetAction;
  readonly alertThresholds?: readonly number[];
  readonly enabled?: boolean;
}

export type BudgetChange = Partial<Pick<Budget, 'name' | 'description' | 'limitUsd' | 'period' | 'onExceed' | 'alertThresholds' | 'enabled'>>;

/** The answer to "may this spend go ahead?" (POST /api/v1/budgets/check). */
export interface BudgetVerdict {
  /** False when an exceeded budget blocks or needs approval. */
  readonly allowed: boolean;
  /** The most restrictive exceeded budget (a warn budget leaves `allowed` true). */
  readonly deciding?: { readonly standing: BudgetStanding; readonly message: string };
  readonly checked: number;
}

/** How many alert keys a replica remembers before it starts over (a forgotten key costs one no-op insert). */
const MEMO_LIMIT = 10_000;

export class BudgetService {
  readonly #o: BudgetServiceOptions;
  readonly #recorded = new Set<string>();

  constructor(options: BudgetServiceOptions) {
    this.#o = options;
  }

  async create(caller: Caller, scope: Scope, input: NewBudget): Promise<Budget> {
    const at = this.#o.clock.now();
    const budget: Budget = {
      budgetId: input.budgetId ?? this.#o.ids.next('bud'),
      orgId: scope.orgId,
      tenantId: scope.tenantId,
      name: input.name,
      description: input.description,
      scope: input.scope,
      scopeId: scopeIdOf(scope, input.scope, input.scopeId),
      limitUsd: input.limitUsd,
      period: input.period,
      onExceed: input.onExceed,
      alertThresholds: thresholds(input.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS),
      enabled: input.enabled ?? true,
      createdAt: at,
      createdBy: caller.clientId,
      updatedAt: at,
      updatedBy: caller.clientId,
    };
    const stored = await this.#o.store.insertBudget(scope, budget, this.#audit(caller, 'budget.create', budget, at));
    if (!stored) throw new DomainError('BUDGET_ALREADY_EXISTS', { budgetId: budget.budgetId });
    return budget;
  }

  async update(caller: Caller, scope: Scope, budgetId: string, change: BudgetChange): Promise<Budget> {
    const current = await this.get(scope, budgetId);
    const at = this.#o.clock.now();
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as BudgetChange;
    const budget: Budget = {
      ...current,
      ...defined,
      alertThresholds: defined.alertThresholds ? thresholds(defined.alertThresholds) : current.alertThresholds,
      updatedAt: at,
      updatedBy: caller.clientId,
    };
    if (!(await this.#o.store.updateBudget(scope, budget, this.#audit(caller, 'budget.update', budget, at, { changed: Object.keys(defined) })))) {
      throw new DomainError('BUDGET_NOT_FOUND', { budgetId });
    }
    return budget;
  }

  async delete(caller: Caller, scope: Scope, budgetId: string): Promise<void> {
    const current = await this.get(scope, budgetId);
    const at = this.#o.clock.now();
    if (!(await this.#o.store.deleteBudget(scope, budgetId, this.#audit(caller, 'budget.delete', current, at)))) {
      throw new DomainError('BUDGET_NOT_FOUND', { budgetId });
    }
  }

  async get(scope: Scope, budgetId: string): Promise<Budget> {
    const budget = await this.#o.store.getBudget(scope, budgetId);
    if (!budget) throw new DomainError('BUDGET_NOT_FOUND', { budgetId });
    return budget;
  }

  list(scope: Scope, query: ListBudgetsQuery): Promise<{ budgets: Budget[]; total: number }> {
    return this.#o.store.listBudgets(scope, query);
  }

  /** Where the budget stands in its current period; records any threshold its spend has reached. */
  async status(scope: Scope, budgetId: string): Promise<BudgetStanding> {
    const budget = await this.get(scope, budgetId);
    const window = periodWindow(budget.period, this.#o.clock.now());
    const used = await this.#used(budget, window);
    await this.#recordReached(budget, used, window);
    return budgetStanding(budget, used, window);
  }

  async alerts(scope: Scope, budgetId: string, limit: number): Promise<BudgetAlert[]> {
    await this.get(scope, budgetId);
    return this.#o.store.listBudgetAlerts(scope, budgetId, limit);
  }

  /** The budgets that apply to the facts, as a gate decision of their own (see `budgetDecision`). */
  async gateDecision(scope: Scope, facts: BudgetFacts, declaredUsd?: number): Promise<PolicyDecision> {
    return budgetDecision(await this.#checks(scope, facts, declaredUsd));
  }

  /** AxonFlow's budget check: would spending (declaredUsd, if given) under these facts be allowed now? */
  async check(scope: Scope, facts: BudgetFacts, declaredUsd?: number): Promise<BudgetVerdict> {
    const checks = await this.#checks(scope, facts, declaredUsd);
    // The most restrictive exceeded budget decides, as at a gate (the first of equals).
    const rank = (c: BudgetCheck) => ACTION_PRECEDENCE.indexOf(c.budget.onExceed);
    const top = checks.filter(isExceeded).sort((a, b) => rank(a) - rank(b))[0];
    if (!top) return { allowed: true, checked: checks.length };
    const window = periodWindow(top.budget.period, this.#o.clock.now());
    return {
      allowed: top.budget.onExceed === 'warn',
      checked: checks.length,
      deciding: { standing: budgetStanding(top.budget, top.usedUsd, window), message: budgetMatch(top).reason ?? top.budget.name },
    };
  }

  async #checks(scope: Scope, facts: BudgetFacts, declaredUsd?: number): Promise<BudgetCheck[]> {
    const now = this.#o.clock.now();
    const budgets = (await this.#o.store.listGateBudgets(scope)).filter((b) => budgetApplies(b, facts));
    return Promise.all(
      budgets.map(async (budget) => {
        const window = periodWindow(budget.period, now);
        const usedUsd = await this.#used(budget, window);
        await this.#recordReached(budget, usedUsd, window);
        return { budget, usedUsd, declaredUsd };
      }),
    );
  }

  /** The cost recorded in `window` for what the budget counts, summed in the store. */
  async #used(budget: Budget, window: PeriodWindow): Promise<number> {
    const owner: Scope = { orgId: budget.orgId, tenantId: budget.tenantId };
    const totals = await this.#o.store.usageTotals(owner, {
      from: window.start,
      to: window.end,
      acrossTenants: budget.scope === 'organization',
      workflow: budget.scope === 'workflow' ? budget.scopeId : undefined,
      agentId: budget.scope === 'agent' ? budget.scopeId : undefined,
      provider: budget.scope === 'provider' ? budget.scopeId : undefined,
    });
    return totals.costUsd;
  }

  async #recordReached(budget: Budget, usedUsd: number, window: PeriodWindow): Promise<void> {
    const owner: Scope = { orgId: budget.orgId, tenantId: budget.tenantId };
    for (const threshold of reachedThresholds(budget, usedUsd)) {
      // createdAt tells a budget deleted and created again under the same id from the old one.
      const key = JSON.stringify([budget.orgId, budget.tenantId, budget.budgetId, budget.createdAt, window.start, threshold]);
      if (this.#recorded.has(key)) continue;
      await this.#o.store.recordBudgetAlert(owner, budgetAlert(budget, threshold, usedUsd, window, { alertId: this.#o.ids.next('alr'), at: this.#o.clock.now() }));
      if (this.#recorded.size >= MEMO_LIMIT) this.#recorded.clear();
      this.#recorded.add(key);
    }
  }

  #audit(caller: Caller, action: string, budget: Budget, at: string, extra: Record<string, unknown> = {}): AuditEntry {
    return {
      auditId: this.#o.ids.next('aud'),
      at,
      actor: caller.clientId,
      action,
      targetType: 'budget',
      targetId: budget.budgetId,
      details: { name: budget.name, scope: budget.scope, scope_id: budget.scopeId, limit_usd: budget.limitUsd, period: budget.period, on_exceed: budget.onExceed, ...extra },
    };
  }
}

/**
 * A budget's scope id: none for `organization`, its own tenant for `tenant` (a budget counts only
 * its tenant; an admin creates one for another tenant by naming that tenant), required otherwise.
 */
function scopeIdOf(scope: Scope, budgetScope: BudgetScope, scopeId: string | undefined): string | undefined {
  switch (budgetScope) {
    case 'organization':
      if (scopeId !== undefined && scopeId !== scope.orgId) throw invalidField('scope_id', 'an organization budget covers the whole org: leave scope_id out');
      return undefined;
    case 'tenant':
      if (scopeId !== undefined && scopeId !== scope.tenantId) throw invalidField('scope_id', `a tenant budget counts the tenant it is created in (${scope.tenantId}); name another tenant with tenant_id`);
      return scope.tenantId;
    case 'workflow':
    case 'agent':
    case 'provider':
      if (scopeId === undefined) throw invalidField('scope_id', `is required for a ${budgetScope} budget`);
      return scopeId;
  }
}

function thresholds(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
