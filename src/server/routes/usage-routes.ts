/**
 * @module /api/v1/usage: spend and tokens over a UTC calendar period (AxonFlow reference §3.6),
 * totalled or broken down. The caller's tenant, or (admins) another tenant of the org; a breakdown
 * by tenant is admin-only and spans the org.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/domain-error.js';
import type { UsageRequest, UsageService } from '../../services/usage-service.js';
import { UsageBreakdownQuery, UsageBreakdownResponse, UsageQuery, UsageSummary } from '../../shared/usage.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { AUTHENTICATED_ERRORS, SECURITY } from './error-responses.js';

const TAGS = ['usage'];

function requestOf(q: { period: UsageRequest['period']; start_time?: string; end_time?: string; workflow?: string; provider?: string; model?: string; agent_id?: string }): UsageRequest {
  return { period: q.period, startTime: q.start_time, endTime: q.end_time, workflow: q.workflow, provider: q.provider, model: q.model, agentId: q.agent_id };
}

export function usageRoutes(app: FastifyInstance, deps: { usage: UsageService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { usage } = deps;

  r.get('/api/v1/usage', {
    schema: {
      tags: TAGS,
      summary: 'Cost, tokens and request count over the current period (default monthly, UTC) or an explicit window',
      security: SECURITY,
      querystring: UsageQuery,
      response: { 200: UsageSummary, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      const { window, totals } = await usage.totals(scope, requestOf(request.query));
      return {
        period: request.query.period,
        period_start: window.start,
        period_end: window.end,
        cost_usd: totals.costUsd,
        tokens_in: totals.tokensIn,
        tokens_out: totals.tokensOut,
        total_tokens: totals.tokensIn + totals.tokensOut,
        request_count: totals.requestCount,
        tenant_id: scope.tenantId,
      };
    },
  });

  r.get('/api/v1/usage/breakdown', {
    schema: {
      tags: TAGS,
      summary: 'Usage grouped by workflow, provider, model, agent or tenant (admin, whole org), most expensive first',
      security: SECURITY,
      querystring: UsageBreakdownQuery,
      response: { 200: UsageBreakdownResponse, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const q = request.query;
      if (q.group_by === 'tenant' && caller.role !== 'admin') {
        throw new DomainError('FORBIDDEN', { role: caller.role, required: 'admin', action: 'break usage down by tenant' });
      }
      const report = await usage.breakdown(targetScope(caller, q.tenant_id), q.group_by, requestOf(q));
      return {
        group_by: q.group_by,
        period: q.period,
        period_start: report.window.start,
        period_end: report.window.end,
        total_cost_usd: report.total.costUsd,
        total_tokens_in: report.total.tokensIn,
        total_tokens_out: report.total.tokensOut,
        total_request_count: report.total.requestCount,
        items: report.groups.map((g) => ({
          group_by: q.group_by,
          group_value: g.key,
          cost_usd: g.costUsd,
          tokens_in: g.tokensIn,
          tokens_out: g.tokensOut,
          request_count: g.requestCount,
          percentage: g.percentage,
        })),
      };
    },
  });
}
