/**
 * @module /api/v1/alerts (docs/alerts.md): the tenant's alerts (firing first, then the history)
 * and one alert; `/api/v1/alerts/rules` reads (any role) and changes (admin) the tenant's rules.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AlertService } from '../../services/alert-service.js';
import { AlertIdParams, AlertList, AlertRulesResponse, AlertTenantQuery, AlertWire, ListAlertsQuery, PutAlertRulesRequest } from '../../shared/alerts.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { presentAlert, presentRules, rulesPatchOf } from '../presenters/alert-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';

const ADMIN = { minRole: 'admin' as const, action: 'manage alert rules' };
const TAGS = ['alerts'];

export function alertRoutes(app: FastifyInstance, deps: { alerts: AlertService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { alerts } = deps;

  r.get('/api/v1/alerts', {
    schema: { tags: TAGS, summary: 'The tenant’s alerts: firing ones first, then resolved ones, newest first', security: SECURITY, querystring: ListAlertsQuery, response: { 200: AlertList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const q = request.query;
      const scope = targetScope(callerOf(request), q.tenant_id);
      const list = await alerts.list(scope, { state: q.state, kind: q.kind, limit: q.limit });
      const firing = q.state === 'resolved' ? 0 : (await alerts.list(scope, { state: 'firing', kind: q.kind, limit: 10_000 })).length;
      return { alerts: list.map(presentAlert), firing };
    },
  });

  // Registered before /:id so "rules" is never read as an alert id.
  r.get('/api/v1/alerts/rules', {
    schema: { tags: TAGS, summary: 'The alert rules in force for the tenant (stored overrides over the defaults)', security: SECURITY, querystring: AlertTenantQuery, response: { 200: AlertRulesResponse, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      return presentRules(scope.tenantId, await alerts.rules(scope), alerts.defaults);
    },
  });

  r.put('/api/v1/alerts/rules', {
    config: ADMIN,
    schema: { tags: TAGS, summary: 'Change the tenant’s alert rules (members left out keep their value)', security: SECURITY, body: PutAlertRulesRequest, response: { 200: AlertRulesResponse, ...BODY_ERRORS } },
    handler: async (request) => {
      const caller = callerOf(request);
      const { tenant_id, ...body } = request.body;
      const scope = targetScope(caller, tenant_id);
      return presentRules(scope.tenantId, await alerts.putRules(caller, scope, rulesPatchOf(body)), alerts.defaults);
    },
  });

  r.get('/api/v1/alerts/:id', {
    schema: { tags: TAGS, summary: 'Read one alert', security: SECURITY, params: AlertIdParams, querystring: AlertTenantQuery, response: { 200: AlertWire, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => presentAlert(await alerts.get(targetScope(callerOf(request), request.query.tenant_id), request.params.id)),
  });
}
