/**
 * @module UsageService: spend and tokens over a period, totalled or broken down, summed by the
 * store from the usage projection (every provider call, and every step that reported totals
 * without calls, at the time it was reported). Periods are UTC calendar periods.
 */
import { type PeriodWindow, type UsagePeriod, usageWindow } from '../core/budgets/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { UsageGroup, UsageGroupBy, UsageQuery, UsageStore, UsageTotals } from '../core/ports/usage-store.js';

/** Most groups a breakdown lists (the total still counts every record). */
export const MAX_USAGE_GROUPS = 1000;

export interface UsageRequest {
  readonly period: UsagePeriod;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly workflow?: string;
  readonly provider?: string;
  readonly model?: string;
  readonly agentId?: string;
}

export interface UsageReport {
  readonly window: PeriodWindow;
  readonly totals: UsageTotals;
}

export interface UsageBreakdown {
  readonly window: PeriodWindow;
  readonly total: UsageTotals;
  /** Most expensive first, each with its share of the total cost in percent (two decimals). */
  readonly groups: readonly (UsageGroup & { readonly percentage: number })[];
}

export class UsageService {
  constructor(
    private readonly store: UsageStore,
    private readonly clock: Clock,
  ) {}

  async totals(scope: Scope, request: UsageRequest): Promise<UsageReport> {
    const { window, query } = this.#query(request);
    return { window, totals: await this.store.usageTotals(scope, query) };
  }

  /** `tenant` groups span every tenant of the scope's org; every other grouping stays in the scope's tenant. */
  async breakdown(scope: Scope, groupBy: UsageGroupBy, request: UsageRequest): Promise<UsageBreakdown> {
    const { window, query } = this.#query(request);
    const spanning: UsageQuery = { ...query, acrossTenants: groupBy === 'tenant' };
    const [total, groups] = await Promise.all([this.store.usageTotals(scope, spanning), this.store.usageBreakdown(scope, spanning, groupBy, MAX_USAGE_GROUPS)]);
    return {
      window,
      total,
      groups: groups.map((g) => ({ ...g, percentage: total.costUsd > 0 ? Math.round((g.costUsd / total.costUsd) * 10_000) / 100 : 0 })),
    };
  }

  #query(request: UsageRequest): { window: PeriodWindow; query: UsageQuery } {
    const window = usageWindow(request.period, this.clock.now(), request.startTime, request.endTime);
    if (!window) {
      throw new DomainError('VALIDATION_FAILED', {
        summary: 'end_time must be after start_time (and after the start of the period when start_time is absent)',
        issues: [{ location: 'querystring', field: 'end_time', message: 'must be after the start of the window' }],
      });
    }
    return {
      window,
      query: { from: window.start, to: window.end, workflow: request.workflow, provider: request.provider, model: request.model, agentId: request.agentId },
    };
  }
}
