/**
 * @module Budget: a spending limit over a UTC calendar period, checked at every step gate it
 * applies to, and BudgetAlert: the record that its spend reached one of its alert thresholds in one
 * period. A budget lives in one tenant; `organization` budgets count and apply to every tenant of
 * the org, every other scope counts and applies only within the budget's own tenant.
 */
import type { UsagePeriod } from './period-window.js';

function guard<T extends string>(values: readonly T[]) {
  return (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);
}

/**
 * What a budget counts: `organization` (all tenants of the org), `tenant` (its own tenant),
 * `workflow` (runs named `scopeId`), `agent` (steps of agent `scopeId`), `provider` (calls to
 * provider `scopeId`); the last three within the budget's tenant.
 */
export const BUDGET_SCOPES = ['organization', 'tenant', 'workflow', 'agent', 'provider'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export const isBudgetScope = guard(BUDGET_SCOPES);

/** What the gate does when the budget is exceeded; the policy actions of the same names. */
export const BUDGET_ACTIONS = ['warn', 'block', 'require_approval'] as const;
export type BudgetAction = (typeof BUDGET_ACTIONS)[number];

export const DEFAULT_ALERT_THRESHOLDS: readonly number[] = Object.freeze([50, 80, 100]);

export interface Budget {
  readonly budgetId: string;
  readonly orgId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly description?: string;
  readonly scope: BudgetScope;
  /** The workflow name, agent id or provider the budget counts; the tenant id for `tenant`; absent for `organization`. */
  readonly scopeId?: string;
  /** USD, > 0. */
  readonly limitUsd: number;
  readonly period: UsagePeriod;
  readonly onExceed: BudgetAction;
  /** Percentages of the limit, ascending, each alerted once per period. */
  readonly alertThresholds: readonly number[];
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export const BUDGET_ALERT_TYPES = ['threshold_reached', 'budget_exceeded'] as const;
export type BudgetAlertType = (typeof BUDGET_ALERT_TYPES)[number];

/** One per (budget, period, threshold): the store keeps the first and refuses the rest. */
export interface BudgetAlert {
  readonly alertId: string;
  readonly budgetId: string;
  /** The start of the period the spend was in. */
  readonly periodStart: string;
  readonly threshold: number;
  readonly percentageReached: number;
  /** The spend observed when the alert was recorded. */
  readonly amountUsd: number;
  readonly limitUsd: number;
  readonly alertType: BudgetAlertType;
  readonly message: string;
  readonly createdAt: string;
}
