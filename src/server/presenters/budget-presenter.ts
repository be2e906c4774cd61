/** @module Budgets, their standing and their alerts on the wire (snake_case, AxonFlow's names). */
import type { Budget, BudgetAlert, BudgetStanding } from '../../core/budgets/index.js';
import type { z } from 'zod';
import type { BudgetAlertWire, BudgetStatusWire, BudgetWire } from '../../shared/budgets.js';

export function presentBudget(budget: Budget): BudgetWire {
  return {
    id: budget.budgetId,
    name: budget.name,
    description: budget.description,
    scope: budget.scope,
    scope_id: budget.scopeId,
    limit_usd: budget.limitUsd,
    period: budget.period,
    on_exceed: budget.onExceed,
    alert_thresholds: [...budget.alertThresholds],
    enabled: budget.enabled,
    org_id: budget.orgId,
    tenant_id: budget.tenantId,
    created_by: budget.createdBy,
    updated_by: budget.updatedBy,
    created_at: budget.createdAt,
    updated_at: budget.updatedAt,
  };
}

export function presentStanding(standing: BudgetStanding): z.infer<typeof BudgetStatusWire> {
  return {
    budget: presentBudget(standing.budget),
    used_usd: standing.usedUsd,
    remaining_usd: standing.remainingUsd,
    percentage: standing.percentage,
    period_start: standing.periodStart,
    period_end: standing.periodEnd,
    is_exceeded: standing.isExceeded,
    is_blocked: standing.isBlocked,
  };
}

/** Alerts are recorded, not yet acknowledged by anyone (acknowledgement is not built). */
export function presentAlert(alert: BudgetAlert): z.infer<typeof BudgetAlertWire> {
  return {
    id: alert.alertId,
    budget_id: alert.budgetId,
    period_start: alert.periodStart,
    threshold: alert.threshold,
    percentage_reached: alert.percentageReached,
    amount_usd: alert.amountUsd,
    limit_usd: alert.limitUsd,
    alert_type: alert.alertType,
    message: alert.message,
    acknowledged: false,
    created_at: alert.createdAt,
  };
}
