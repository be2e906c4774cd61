/**
 * @module BudgetStore port: budgets per tenant and the alerts they raised. An alert is unique per
 * (budget, period, threshold) in the store itself, so replicas racing to record the same crossing
 * record it once.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Budget, BudgetAlert, BudgetScope } from '../budgets/budget.js';
import type { Scope } from '../identity/scope.js';

export interface ListBudgetsQuery {
  readonly scope?: BudgetScope;
  readonly scopeId?: string;
  readonly enabled?: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface BudgetStore {
  /** Stores a new budget in `scope` with its audit entry; false (nothing written) when the id is taken in the tenant. */
  insertBudget(scope: Scope, budget: Budget, audit: AuditEntry): Promise<boolean>;
  /** Replaces a budget with its audit entry; false when it does not exist in `scope`. */
  updateBudget(scope: Scope, budget: Budget, audit: AuditEntry): Promise<boolean>;
  /** Removes a budget, its alerts, and records the audit entry; false when it does not exist in `scope`. */
  deleteBudget(scope: Scope, budgetId: string, audit: AuditEntry): Promise<boolean>;
  getBudget(scope: Scope, budgetId: string): Promise<Budget | undefined>;
  /** Oldest first (then by id). */
  listBudgets(scope: Scope, query: ListBudgetsQuery): Promise<{ budgets: Budget[]; total: number }>;
  /** What a gate in `scope` checks: the enabled budgets of its tenant and the enabled `organization` budgets of its org. */
  listGateBudgets(scope: Scope): Promise<Budget[]>;
  /** Records the alert unless one exists for its budget, period and threshold; true when this call stored it. */
  recordBudgetAlert(scope: Scope, alert: BudgetAlert): Promise<boolean>;
  /** Newest first. */
  listBudgetAlerts(scope: Scope, budgetId: string, limit: number): Promise<BudgetAlert[]>;
}
