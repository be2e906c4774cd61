/**
 * @module /api/v1/executions: AxonFlow's replay and export API (reference §3.1), over every run
 * (WCP and reported), with the shared filters, search, sorts, cursors and a count.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fromReplayStatus } from '../../core/executions/index.js';
import type { ExecutionService } from '../../services/execution-service.js';
import type { RerunService } from '../../services/rerun-service.js';
import { presentRerun } from '../presenters/rerun-presenter.js';
import {
  CountQuery,
  CountResponse,
  DeleteQuery,
  EventTimeline,
  ExecutionParams,
  ExecutionSnapshot,
  ReplayExecution,
  ReplayList,
  ReplayListQuery,
  StepIndexParams,
  TenantOnlyQuery,
  TimelineEntry,
  TimelineQuery,
} from '../../shared/executions.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { decodeFilter, decodeListQuery } from '../executions/decode-execution-filter.js';
import { presentEventTimeline } from '../presenters/event-timeline-presenter.js';
import { presentSnapshot, presentSummary, presentTimelineEntry } from '../presenters/replay-presenter.js';
import { AUTHENTICATED_ERRORS, SECURITY } from './error-responses.js';

const TAGS = ['executions'];

export function replayRoutes(app: FastifyInstance, deps: { executions: ExecutionService; reruns: RerunService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { executions } = deps;

  r.get('/api/v1/executions', {
    schema: { tags: TAGS, summary: 'List runs (newest first by default) with filters, search, sort and cursors', security: SECURITY, querystring: ReplayListQuery, response: { 200: ReplayList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const q = request.query;
      const statuses = q.status?.flatMap(fromReplayStatus);
      const page = await executions.list(targetScope(callerOf(request), q.tenant_id), decodeListQuery(q, statuses, executions.stuckBefore()));
      return {
        executions: page.executions.map(presentSummary),
        total: page.total,
        limit: q.limit,
        offset: q.cursor ? 0 : q.offset,
        has_more: page.nextCursor !== undefined,
        next_cursor: page.nextCursor,
      };
    },
  });

  r.get('/api/v1/executions/count', {
    schema: { tags: TAGS, summary: 'How many runs match the filters (unified status words)', security: SECURITY, querystring: CountQuery, response: { 200: CountResponse, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const q = request.query;
      const count = await executions.count(targetScope(callerOf(request), q.tenant_id), decodeFilter(q, q.status, executions.stuckBefore()));
      return { count };
    },
  });

  r.get('/api/v1/executions/:id', {
    schema: { tags: TAGS, summary: 'A run: its summary and every step', security: SECURITY, params: ExecutionParams, querystring: TenantOnlyQuery, response: { 200: ReplayExecution, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      const { execution, steps } = await executions.withSteps(scope, request.params.id);
      const reruns = await deps.reruns.linked(scope, execution);
      return { summary: presentSummary(execution), steps: steps.map((s) => presentSnapshot(s, execution.createdAt)), ...(reruns.length > 0 ? { reruns: reruns.map(presentRerun) } : {}) };
    },
  });

  r.get('/api/v1/executions/:id/steps', {
    schema: { tags: TAGS, summary: 'The steps of a run, by step index', security: SECURITY, params: ExecutionParams, querystring: TenantOnlyQuery, response: { 200: z.array(ExecutionSnapshot), ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const { execution, steps } = await executions.withSteps(targetScope(callerOf(request), request.query.tenant_id), request.params.id);
      return steps.map((s) => presentSnapshot(s, execution.createdAt));
    },
  });

  r.get('/api/v1/executions/:id/steps/:index', {
    schema: { tags: TAGS, summary: 'One step of a run by its index', security: SECURITY, params: StepIndexParams, querystring: TenantOnlyQuery, response: { 200: ExecutionSnapshot, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const { execution, step } = await executions.step(targetScope(callerOf(request), request.query.tenant_id), request.params.id, request.params.index);
      return presentSnapshot(step, execution.createdAt);
    },
  });

  r.get('/api/v1/executions/:id/timeline', {
    schema: {
      tags: TAGS,
      summary: 'The run’s timeline: one entry per step (AxonFlow), or with format=events every event in order for a waterfall',
      security: SECURITY,
      params: ExecutionParams,
      querystring: TimelineQuery,
      response: { 200: z.union([z.array(TimelineEntry), EventTimeline]), ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const scope = targetScope(callerOf(request), request.query.tenant_id);
      if (request.query.format === 'steps') {
        const { steps } = await executions.withSteps(scope, request.params.id);
        return steps.map(presentTimelineEntry);
      }
      const { execution, steps, events, truncated } = await executions.timeline(scope, request.params.id);
      return presentEventTimeline(execution, steps, events, truncated);
    },
  });

  // The export routes (every format, and the bulk export) are in export-routes.ts.

  r.delete('/api/v1/executions/:id', {
    config: { minRole: 'admin', action: 'delete runs' },
    schema: { tags: TAGS, summary: 'Delete a run and everything recorded about it (audited)', security: SECURITY, params: ExecutionParams, querystring: DeleteQuery, response: { 204: z.null(), ...AUTHENTICATED_ERRORS } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await executions.delete(caller, targetScope(caller, request.query.tenant_id), request.params.id, request.query.reason);
      return reply.code(204).send(null);
    },
  });
}
