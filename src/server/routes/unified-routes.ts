/**
 * @module /api/v1/unified/executions: AxonFlow's unified status API (reference §3.2): list, get and
 * cancel, with its nested error body; live streams are in stream-routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CancelService } from '../../services/cancel-service.js';
import type { ExecutionService } from '../../services/execution-service.js';
import type { RerunService } from '../../services/rerun-service.js';
import { presentRerun } from '../presenters/rerun-presenter.js';
import { NestedErrorEnvelope } from '../../shared/common.js';
import { CancelRequest, ExecutionParams, TenantOnlyQuery, UnifiedListQuery } from '../../shared/executions.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { decodeListQuery } from '../executions/decode-execution-filter.js';
import { presentUnifiedStatus } from '../presenters/unified-presenter.js';
import { SECURITY } from './error-responses.js';

const TAGS = ['unified executions'];
const ERRORS = { 400: NestedErrorEnvelope, 401: NestedErrorEnvelope, 403: NestedErrorEnvelope, 404: NestedErrorEnvelope, 409: NestedErrorEnvelope, 503: NestedErrorEnvelope } as const;
const Status = z.record(z.string(), z.unknown()).meta({ description: 'ExecutionStatus (reference §3.2) with attention and failure fields' });

export function unifiedRoutes(app: FastifyInstance, deps: { executions: ExecutionService; cancels: CancelService; reruns: RerunService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { executions } = deps;

  r.get('/api/v1/unified/executions', {
    schema: {
      tags: TAGS,
      summary: 'List runs as ExecutionStatus (without steps), with the shared filters',
      security: SECURITY,
      querystring: UnifiedListQuery,
      response: { 200: z.object({ executions: z.array(Status), total: z.number(), limit: z.number(), offset: z.number(), has_more: z.boolean(), next_cursor: z.string().optional() }), ...ERRORS },
    },
    handler: async (request) => {
      const q = request.query;
      const page = await executions.list(targetScope(callerOf(request), q.tenant_id), decodeListQuery(q, q.status, executions.stuckBefore()));
      const now = executions.now();
      return {
        executions: page.executions.map((e) => presentUnifiedStatus(e, undefined, now)),
        total: page.total,
        limit: q.limit,
        offset: q.cursor ? 0 : q.offset,
        has_more: page.nextCursor !== undefined,
        next_cursor: page.nextCursor,
      };
    },
  });

  r.get('/api/v1/unified/executions/:id', {
    schema: { tags: TAGS, summary: 'A run as ExecutionStatus, with its steps (and its re-runs, when it has any)', security: SECURITY, params: ExecutionParams, querystring: TenantOnlyQuery, response: { 200: Status, ...ERRORS } },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      const { execution, steps } = await executions.withSteps(scope, request.params.id);
      const reruns = await deps.reruns.linked(scope, execution);
      return { ...presentUnifiedStatus(execution, steps, executions.now()), ...(reruns.length > 0 ? { reruns: reruns.map(presentRerun) } : {}) };
    },
  });

  r.post('/api/v1/unified/executions/:id/cancel', {
    config: { minRole: 'operator', action: 'cancel runs' },
    schema: {
      tags: TAGS,
      summary: 'Cancel a run: recorded with who and why; SDK clients abort the step in flight, WCP clients see WORKFLOW_TERMINAL',
      security: SECURITY,
      params: ExecutionParams,
      body: CancelRequest,
      response: { 200: Status, ...ERRORS, 413: NestedErrorEnvelope, 415: NestedErrorEnvelope },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const reason = request.body?.reason?.trim() || 'cancelled via unified API';
      await deps.cancels.cancel(caller, request.params.id, reason, caller.clientId);
      const { execution, steps } = await executions.withSteps(caller, request.params.id);
      return presentUnifiedStatus(execution, steps, executions.now());
    },
  });
}
