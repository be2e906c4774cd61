/**
 * @module The budget rules, as pure functions: which budgets a gate's facts fall under, where a
 * budget stands, the PolicyMatch a budget contributes to a gate decision, and which alert
 * thresholds a spend has reached.
 *
 * "Used" is the cost recorded in the budget's current period for what it counts. At a gate the
 * step's declared `cost_usd` (if any) is added: a budget is exceeded when used + declared ≥ limit.
 */
import { addUsd } from '../executions/money.js';
import type { PolicyDecision, PolicyMatch } from '../executions/policy-decision.js';
import type { GateDecision } from '../executions/vocabularies.js';
import { ACTION_PRECEDENCE } from '../policies/policy.js';
import type { Budget, BudgetAlert, BudgetAlertType } from './budget.js';
import type { PeriodWindow } from './period-window.js';

/** The gate facts a budget's scope is compared with. */
export interface BudgetFacts {
  readonly tenantId: string;
  readonly workflow: string;
  readonly agentId?: string;
  readonly provider?: string;
}

/** Disabled budgets never apply; `organization` budgets apply to every tenant of their org. */
export function budgetApplies(budget: Budget, facts: BudgetFacts): boolean {
  if (!budget.enabled) return false;
  if (budget.scope === 'organization') return true;
  if (budget.tenantId !== facts.tenantId) return false;
  switch (budget.scope) {
    case 'tenant':
      return true;
    case 'workflow':
      return budget.scopeId === facts.workflow;
    case 'agent':
      return facts.agentId !== undefined && budget.scopeId === facts.agentId;
    case 'provider':
      return facts.provider !== undefined && budget.scopeId === facts.provider;
  }
}

export interface BudgetStanding {
  readonly budget: Budget;
  readonly usedUsd: number;
  readonly remainingUsd: number;
  /** used / limit × 100, to two decimals. */
  readonly percentage: number;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly isExceeded: boolean;
  /** Exceeded, and the budget blocks: the next gate it applies to answers block. */
  readonly isBlocked: boolean;
}

/** Where the budget stands with `usedUsd` spent in `window` (nothing declared). */
export function budgetStanding(budget: Budget, usedUsd: number, window: PeriodWindow): BudgetStanding {
  const isExceeded = usedUsd >= budget.limitUsd;
  return {
    budget,
    usedUsd,
    remainingUsd: Math.max(0, addUsd(budget.limitUsd, -usedUsd)),
    percentage: percentOf(usedUsd, budget.limitUsd),
    periodStart: window.start,
    periodEnd: window.end,
    isExceeded,
    isBlocked: isExceeded && budget.onExceed === 'block',
  };
}

function percentOf(usedUsd: number, limitUsd: number): number {
  return Math.round((usedUsd / limitUsd) * 10_000) / 100;
}

/** Dollars to cents, or to two significant digits below a cent (so $0.0034 does not read $0.00). */
export function formatUsd(usd: number): string {
  if (usd === 0 || Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(2))}`;
}

/**
 * Whole percent, rounded down, so a budget short of its limit never reads 100%; float noise is
 * removed first, so $3.30 of $3.00 reads 110% rather than 109%.
 */
function shownPercent(usedUsd: number, limitUsd: number): string {
  return `${Math.floor(Math.round((usedUsd / limitUsd) * 1e8) / 1e6)}%`;
}

export function budgetPolicyId(budgetId: string): string {
  return `budget:${budgetId}`;
}

export interface BudgetCheck {
  readonly budget: Budget;
  /** Recorded spend in the current period. */
  readonly usedUsd: number;
  /** What the gated step says it will cost; counts toward the limit at this gate only. */
  readonly declaredUsd?: number;
}

export function isExceeded(check: BudgetCheck): boolean {
  return addUsd(check.usedUsd, check.declaredUsd ?? 0) >= check.budget.limitUsd;
}

/** The budget as a policy at a gate: evaluated always, matched when exceeded. */
export function budgetMatch(check: BudgetCheck): PolicyMatch {
  const { budget, usedUsd } = check;
  const declared = check.declaredUsd ?? 0;
  let reason = `Budget '${budget.name}' used ${formatUsd(usedUsd)} of ${formatUsd(budget.limitUsd)} (${shownPercent(usedUsd, budget.limitUsd)}) this ${budget.period} period`;
  if (declared > 0) {
    const projected = addUsd(usedUsd, declared);
    reason += `; this step's declared ${formatUsd(declared)} brings it to ${formatUsd(projected)} (${shownPercent(projected, budget.limitUsd)})`;
  }
  return {
    policyId: budgetPolicyId(budget.budgetId),
    policyName: budget.name,
    action: budget.onExceed,
    severity: budget.onExceed === 'block' ? 'high' : 'medium',
    reason,
    matchedRule: `${budget.period} spend${declared > 0 ? ' + declared cost' : ''} >= ${formatUsd(budget.limitUsd)}`,
    description: budget.description,
  };
}

/**
 * The gate decision of a set of budgets alone: every budget evaluated, the exceeded ones matched,
 * the most restrictive exceeded budget deciding (block > require_approval > warn) and giving the
 * reason. `budgetExceeded` marks a block decided by a budget, so the run is classified
 * `budget_exceeded` rather than `policy_block`.
 */
export function budgetDecision(checks: readonly BudgetCheck[]): PolicyDecision {
  const evaluated = checks.map((check) => ({ check, match: budgetMatch(check) }));
  const matched = evaluated.filter(({ check }) => isExceeded(check)).map(({ match }) => match);
  const top = [...matched].sort((a, b) => ACTION_PRECEDENCE.indexOf(a.action) - ACTION_PRECEDENCE.indexOf(b.action))[0];
  const decision: GateDecision = top?.action === 'block' ? 'block' : top?.action === 'require_approval' ? 'require_approval' : 'allow';
  return {
    decision,
    reason: top?.reason ?? (checks.length > 0 ? 'No budget is exceeded' : 'No budget applies'),
    policiesEvaluated: evaluated.map(({ match }) => match),
    policiesMatched: matched,
    redactions: [],
    warnings: matched.filter((m) => m.action === 'warn').map((m) => m.reason ?? m.policyName),
    ...(decision === 'block' ? { budgetExceeded: true } : {}),
  };
}

/** The thresholds (percent of the limit) that `usedUsd` has reached, ascending. */
export function reachedThresholds(budget: Budget, usedUsd: number): number[] {
  // Compared as used × 100 ≥ threshold × limit in nanodollar units, so 32 of 40 reaches 80 and
  // 0.29 of 1 reaches 29 (0.29 × 100 is 28.999999999999996 in floating point).
  const nano = (usd: number) => Math.round(usd * 1e9);
  return [...budget.alertThresholds].sort((a, b) => a - b).filter((t) => nano(usedUsd * 100) >= nano(t * budget.limitUsd));
}

/** The alert recorded the first time a period's spend is seen at or over `threshold`. */
export function budgetAlert(budget: Budget, threshold: number, usedUsd: number, window: PeriodWindow, alert: { alertId: string; at: string }): BudgetAlert {
  const alertType: BudgetAlertType = threshold >= 100 ? 'budget_exceeded' : 'threshold_reached';
  const spent = `${formatUsd(usedUsd)} of ${formatUsd(budget.limitUsd)} (${shownPercent(usedUsd, budget.limitUsd)})`;
  const message = `Budget '${budget.name}' reached ${threshold}% of its limit: ${spent} used this ${budget.period} period`;
  return {
    alertId: alert.alertId,
    budgetId: budget.budgetId,
    periodStart: window.start,
    threshold,
    percentageReached: percentOf(usedUsd, budget.limitUsd),
    amountUsd: usedUsd,
    limitUsd: budget.limitUsd,
    alertType,
    message,
    createdAt: alert.at,
  };
}
