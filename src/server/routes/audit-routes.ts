/**
 * @module /api/v1/audit (docs/audit.md): search the tenant's audit trail and verify its hash
 * chain. Operators and up (decision 0012): the people who act on runs are the ones who ask who
 * else did; viewers already see run-level facts in the event log. Admins may name another tenant
 * of their org.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuditService } from '../../services/audit-service.js';
import { AuditSearchQuery, AuditSearchResponse, AuditVerifyQuery, AuditVerifyResponse } from '../../shared/audit.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { presentAuditRecord, presentVerification } from '../presenters/audit-presenter.js';
import { AUTHENTICATED_ERRORS, SECURITY } from './error-responses.js';

const OPERATOR = { minRole: 'operator' as const, action: 'read the audit trail' };
const TAGS = ['audit'];

/** ISO-8601 UTC with milliseconds, as the store keeps times, so text comparison orders them. */
const utc = (time: string | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

export function auditRoutes(app: FastifyInstance, deps: { audit: AuditService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { audit } = deps;

  r.get('/api/v1/audit/search', {
    config: OPERATOR,
    schema: {
      tags: TAGS,
      summary: 'Search the tenant’s audit trail (operator actions, configuration changes, gate decisions), newest first',
      security: SECURITY,
      querystring: AuditSearchQuery,
      response: { 200: AuditSearchResponse, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const q = request.query;
      const scope = targetScope(callerOf(request), q.tenant_id);
      const page = await audit.search(scope, {
        actor: q.actor,
        action: q.action,
        executionId: q.execution_id,
        targetType: q.target_type,
        targetId: q.target_id,
        from: utc(q.from),
        to: utc(q.to),
        limit: q.limit,
        beforeSeq: q.cursor === undefined ? undefined : Number(q.cursor),
      });
      return { records: page.records.map(presentAuditRecord), ...(page.nextBeforeSeq === undefined ? {} : { next_cursor: String(page.nextBeforeSeq) }) };
    },
  });

  r.get('/api/v1/audit/verify', {
    config: OPERATOR,
    schema: {
      tags: TAGS,
      summary: 'Walk the tenant’s audit hash chain and report the first edited, inserted or deleted record',
      security: SECURITY,
      querystring: AuditVerifyQuery,
      response: { 200: AuditVerifyResponse, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => presentVerification(await audit.verify(targetScope(callerOf(request), request.query.tenant_id))),
  });
}
