/**
 * @module UsageStore port: spend and tokens summed in the store (SQL aggregates) over the usage
 * projection, the record of every provider call and of every step that reported totals without
 * calls, folded from the steps in the same transaction as their events.
 */
import type { Scope } from '../identity/scope.js';

export const USAGE_GROUPS = ['workflow', 'provider', 'model', 'agent', 'tenant'] as const;
export type UsageGroupBy = (typeof USAGE_GROUPS)[number];

/** Which usage records count. Every member narrows; absent members do not. */
export interface UsageQuery {
  /** Inclusive ISO-8601 UTC instant (the record's `at`). */
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
  /** Every tenant of the scope's org instead of the scope's tenant alone. */
  readonly acrossTenants?: boolean;
  /** The workflow (run) name, exactly. */
  readonly workflow?: string;
  readonly provider?: string;
  readonly model?: string;
  readonly agentId?: string;
}

export interface UsageTotals {
  /** Rounded to nanodollars. */
  readonly costUsd: number;
  readonly tokensIn: number;
  readonly tokensOut: number;
  /** Usage records counted: provider calls, plus steps that reported totals without calls. */
  readonly requestCount: number;
}

export interface UsageGroup extends UsageTotals {
  /** The group's value; the empty string for records without one (a step with no agent). */
  readonly key: string;
}

export interface UsageStore {
  usageTotals(scope: Scope, query: UsageQuery): Promise<UsageTotals>;
  /** Totals per value of `groupBy`, most expensive first (ties by key); at most `limit` groups. */
  usageBreakdown(scope: Scope, query: UsageQuery, groupBy: UsageGroupBy, limit: number): Promise<UsageGroup[]>;
}
