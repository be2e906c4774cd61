/**
 * @module Usage (`/api/v1/usage`): cost, tokens and request counts over a UTC calendar period,
 * totalled or broken down by workflow, provider, model, agent or tenant. Types are the wire's
 * (src/shared/usage.ts).
 */
import type { z } from 'zod';
import type { UsageBreakdownResponse, UsageGroupByWire, UsagePeriodWire, UsageSummary } from '../shared/usage.js';
import type { HttpClient } from './http-client.js';

export type UsagePeriod = z.infer<typeof UsagePeriodWire>;
export type UsageGroupBy = z.infer<typeof UsageGroupByWire>;
export type UsageTotals = z.infer<typeof UsageSummary>;
export type UsageBreakdown = z.infer<typeof UsageBreakdownResponse>;

export interface UsageQuery {
  /** The current UTC calendar period. @default 'monthly' */
  readonly period?: UsagePeriod;
  /** Replaces the period's start (RFC 3339, inclusive). */
  readonly startTime?: string;
  /** Replaces the period's end (RFC 3339, exclusive). */
  readonly endTime?: string;
  readonly workflow?: string;
  readonly provider?: string;
  readonly model?: string;
  readonly agentId?: string;
  /** Admins: another tenant of the org. */
  readonly tenantId?: string;
}

const queryOf = (q: UsageQuery) => ({
  period: q.period,
  start_time: q.startTime,
  end_time: q.endTime,
  workflow: q.workflow,
  provider: q.provider,
  model: q.model,
  agent_id: q.agentId,
  tenant_id: q.tenantId,
});

export class UsageClient {
  constructor(private readonly http: HttpClient) {}

  /** Totals over the period. */
  summary(query: UsageQuery = {}): Promise<UsageTotals> {
    return this.http.request('GET', '/api/v1/usage', { query: queryOf(query), idempotent: true });
  }

  /** Groups, most expensive first; `tenant` is admin-only and spans the org. */
  breakdown(groupBy: UsageGroupBy, query: UsageQuery = {}): Promise<UsageBreakdown> {
    return this.http.request('GET', '/api/v1/usage/breakdown', { query: { ...queryOf(query), group_by: groupBy }, idempotent: true });
  }
}
