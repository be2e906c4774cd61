/**
 * @module GET /api/v1/executions/{a}/diff/{b}: two runs of the caller's scope side by side
 * (docs/diff.md). Either run outside the scope is EXECUTION_NOT_FOUND, as any read of it is.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DiffService } from '../../services/diff-service.js';
import { DiffParams, ExecutionDiff } from '../../shared/execution-diff.js';
import { TenantOnlyQuery } from '../../shared/executions.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { presentDiff } from '../presenters/diff-presenter.js';
import { AUTHENTICATED_ERRORS, SECURITY } from './error-responses.js';

export function diffRoutes(app: FastifyInstance, deps: { diffs: DiffService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/executions/:a/diff/:b', {
    schema: {
      tags: ['executions'],
      summary: 'Diff two runs: steps aligned by name and type, the first divergence, per-step and total deltas (5,000 steps a run at most)',
      security: SECURITY,
      params: DiffParams,
      querystring: TenantOnlyQuery,
      response: { 200: ExecutionDiff, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      const { a, b, diff } = await deps.diffs.diff(scope, request.params.a, request.params.b);
      return presentDiff(a, b, diff);
    },
  });
}
