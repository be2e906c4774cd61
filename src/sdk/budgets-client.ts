/**
 * @module Budgets (`/api/v1/budgets`): read, write (admin), where a budget stands in its period,
 * its alerts, and the budget check. Types are the wire's (src/shared/budgets.ts).
 */
import type { z } from 'zod';
import type { BudgetAlertWire, BudgetCheckRequest, BudgetCheckResponse, BudgetStatusWire, BudgetWire, CreateBudgetRequest, UpdateBudgetRequest } from '../shared/budgets.js';
import type { HttpClient } from './http-client.js';

export type Budget = BudgetWire;
export type BudgetInput = z.input<typeof CreateBudgetRequest>;
export type BudgetUpdate = z.input<typeof UpdateBudgetRequest>;
export type BudgetStatus = z.infer<typeof BudgetStatusWire>;
export type BudgetAlert = z.infer<typeof BudgetAlertWire>;
export type BudgetCheck = z.infer<typeof BudgetCheckResponse>;
export type BudgetCheckInput = NonNullable<z.input<typeof BudgetCheckRequest>>;

export interface BudgetListQuery {
  readonly scope?: Budget['scope'];
  readonly scopeId?: string;
  readonly enabled?: boolean;
  /** @default 50 */
  readonly limit?: number;
  readonly offset?: number;
  readonly tenantId?: string;
}

const path = (id: string, ...rest: string[]) => `/api/v1/budgets/${[id, ...rest].map(encodeURIComponent).join('/')}`;

export class BudgetsClient {
  constructor(private readonly http: HttpClient) {}

  list(query: BudgetListQuery = {}): Promise<{ budgets: Budget[]; total: number; limit: number; offset: number }> {
    const { scope, scopeId, enabled, limit, offset, tenantId } = query;
    return this.http.request('GET', '/api/v1/budgets', { query: { scope, scope_id: scopeId, enabled, limit, offset, tenant_id: tenantId }, idempotent: true });
  }

  get(id: string, options: { tenantId?: string } = {}): Promise<Budget> {
    return this.http.request('GET', path(id), { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  /** Fails with a ConflictError when the id is taken in the tenant. */
  create(budget: BudgetInput): Promise<Budget> {
    return this.http.request('POST', '/api/v1/budgets', { body: budget });
  }

  update(id: string, changes: BudgetUpdate, options: { tenantId?: string } = {}): Promise<Budget> {
    return this.http.request('PUT', path(id), { body: changes, query: { tenant_id: options.tenantId }, idempotent: true });
  }

  delete(id: string, options: { tenantId?: string } = {}): Promise<void> {
    return this.http.request('DELETE', path(id), { query: { tenant_id: options.tenantId } });
  }

  /** Where the budget stands in its current period. */
  status(id: string, options: { tenantId?: string } = {}): Promise<BudgetStatus> {
    return this.http.request('GET', path(id, 'status'), { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  alerts(id: string, options: { limit?: number; tenantId?: string } = {}): Promise<{ alerts: BudgetAlert[]; count: number }> {
    return this.http.request('GET', path(id, 'alerts'), { query: { limit: options.limit, tenant_id: options.tenantId }, idempotent: true });
  }

  /** Would spending now be allowed? */
  check(request: BudgetCheckInput = {}): Promise<BudgetCheck> {
    return this.http.request('POST', '/api/v1/budgets/check', { body: request, idempotent: true });
  }
}
