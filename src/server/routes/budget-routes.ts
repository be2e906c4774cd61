/**
 * @module /api/v1/budgets (AxonFlow reference §3.6): CRUD (admin writes; any role reads), where a
 * budget stands, its alerts, and AxonFlow's budget check. A budget lives in one tenant; another
 * tenant's budget is a 404. Admins act on another tenant of their org with `tenant_id`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BudgetService } from '../../services/budget-service.js';
import {
  BudgetAlertList,
  BudgetAlertsQuery,
  BudgetCheckRequest,
  BudgetCheckResponse,
  BudgetIdParams,
  BudgetList,
  BudgetStatusWire,
  BudgetTenantQuery,
  BudgetWire,
  CreateBudgetRequest,
  ListBudgetsQuery,
  UpdateBudgetRequest,
} from '../../shared/budgets.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { presentAlert, presentBudget, presentStanding } from '../presenters/budget-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';

const ADMIN = { minRole: 'admin' as const, action: 'manage budgets' };
const TAGS = ['budgets'];

export function budgetRoutes(app: FastifyInstance, deps: { budgets: BudgetService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { budgets } = deps;

  r.post('/api/v1/budgets', {
    config: ADMIN,
    schema: { tags: TAGS, summary: 'Create a budget (409 when the id is taken in the tenant)', security: SECURITY, body: CreateBudgetRequest, response: { 201: BudgetWire, ...BODY_ERRORS } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const b = request.body;
      const created = await budgets.create(caller, targetScope(caller, b.tenant_id), {
        budgetId: b.id,
        name: b.name,
        description: b.description,
        scope: b.scope,
        scopeId: b.scope_id,
        limitUsd: b.limit_usd,
        period: b.period,
        onExceed: b.on_exceed,
        alertThresholds: b.alert_thresholds,
        enabled: b.enabled,
      });
      return reply.code(201).send(presentBudget(created));
    },
  });

  r.get('/api/v1/budgets', {
    schema: { tags: TAGS, summary: 'List the budgets of a tenant, oldest first', security: SECURITY, querystring: ListBudgetsQuery, response: { 200: BudgetList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const q = request.query;
      const page = await budgets.list(targetScope(callerOf(request), q.tenant_id), {
        scope: q.scope,
        scopeId: q.scope_id,
        enabled: q.enabled === undefined ? undefined : q.enabled === 'true',
        limit: q.limit,
        offset: q.offset,
      });
      return { budgets: page.budgets.map(presentBudget), total: page.total, limit: q.limit, offset: q.offset };
    },
  });

  // Registered before /:id so "check" is never read as a budget id.
  r.post('/api/v1/budgets/check', {
    schema: {
      tags: TAGS,
      summary: 'Would spending now be allowed? (AxonFlow-compatible) The most restrictive exceeded budget answers',
      security: SECURITY,
      body: BudgetCheckRequest,
      response: { 200: BudgetCheckResponse, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const b = request.body ?? {};
      const scope = targetScope(caller, b.tenant_id);
      const verdict = await budgets.check(scope, { tenantId: scope.tenantId, workflow: b.workflow ?? b.workflow_id ?? '', agentId: b.agent_id, provider: b.provider }, b.estimated_cost_usd);
      const top = verdict.deciding;
      if (!top) return { allowed: verdict.allowed, budgets_checked: verdict.checked };
      return {
        allowed: verdict.allowed,
        action: top.standing.budget.onExceed,
        budget_id: top.standing.budget.budgetId,
        budget_name: top.standing.budget.name,
        used_usd: top.standing.usedUsd,
        limit_usd: top.standing.budget.limitUsd,
        percentage: top.standing.percentage,
        message: top.message,
        budgets_checked: verdict.checked,
      };
    },
  });

  r.get('/api/v1/budgets/:id', {
    schema: { tags: TAGS, summary: 'Read a budget', security: SECURITY, params: BudgetIdParams, querystring: BudgetTenantQuery, response: { 200: BudgetWire, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => presentBudget(await budgets.get(targetScope(callerOf(request), request.query.tenant_id), request.params.id)),
  });

  r.put('/api/v1/budgets/:id', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: 'Change a budget (members left out keep their value; scope and scope_id cannot change)',
      security: SECURITY,
      params: BudgetIdParams,
      querystring: BudgetTenantQuery,
      body: UpdateBudgetRequest,
      response: { 200: BudgetWire, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const b = request.body;
      const updated = await budgets.update(caller, targetScope(caller, request.query.tenant_id), request.params.id, {
        name: b.name,
        description: b.description,
        limitUsd: b.limit_usd,
        period: b.period,
        onExceed: b.on_exceed,
        alertThresholds: b.alert_thresholds,
        enabled: b.enabled,
      });
      return presentBudget(updated);
    },
  });

  r.delete('/api/v1/budgets/:id', {
    config: ADMIN,
    schema: { tags: TAGS, summary: 'Delete a budget and its alerts (audited)', security: SECURITY, params: BudgetIdParams, querystring: BudgetTenantQuery, response: { 204: z.null(), ...AUTHENTICATED_ERRORS } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await budgets.delete(caller, targetScope(caller, request.query.tenant_id), request.params.id);
      return reply.code(204).send(null);
    },
  });

  r.get('/api/v1/budgets/:id/status', {
    schema: {
      tags: TAGS,
      summary: 'Where a budget stands in its current period (recording any alert threshold its spend has reached)',
      security: SECURITY,
      params: BudgetIdParams,
      querystring: BudgetTenantQuery,
      response: { 200: BudgetStatusWire, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => presentStanding(await budgets.status(targetScope(callerOf(request), request.query.tenant_id), request.params.id)),
  });

  r.get('/api/v1/budgets/:id/alerts', {
    schema: { tags: TAGS, summary: "A budget's alerts, newest first", security: SECURITY, params: BudgetIdParams, querystring: BudgetAlertsQuery, response: { 200: BudgetAlertList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const alerts = await budgets.alerts(targetScope(callerOf(request), request.query.tenant_id), request.params.id, request.query.limit);
      return { alerts: alerts.map(presentAlert), count: alerts.length };
    },
  });
}
