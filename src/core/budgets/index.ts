export { USAGE_PERIODS, type UsagePeriod, type PeriodWindow, periodWindow, usageWindow } from './period-window.js';
export {
  BUDGET_SCOPES,
  type BudgetScope,
  isBudgetScope,
  BUDGET_ACTIONS,
  type BudgetAction,
  DEFAULT_ALERT_THRESHOLDS,
  type Budget,
  BUDGET_ALERT_TYPES,
  type BudgetAlertType,
  type BudgetAlert,
} from './budget.js';
export {
  type BudgetFacts,
  type BudgetStanding,
  type BudgetCheck,
  budgetApplies,
  budgetStanding,
  budgetMatch,
  budgetDecision,
  budgetPolicyId,
  isExceeded,
  reachedThresholds,
  budgetAlert,
  formatUsd,
} from './check-budget.js';
