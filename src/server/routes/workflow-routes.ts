/** @module /api/v1/workflows: AxonFlow's Workflow Control Plane (reference §3.3), wire-compatible. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/domain-error.js';
import { fromWcpStatus } from '../../core/executions/index.js';
import type { WorkflowService } from '../../services/workflow-service.js';
import {
  CheckpointList,
  CompleteStepRequest,
  CompleteWorkflowRequest,
  CreateWorkflowRequest,
  CreateWorkflowResponse,
  ListWorkflowsQuery,
  ListWorkflowsResponse,
  ReasonRequest,
  StepGateRequest,
  StepGateResponse,
  GateQuery,
  WorkflowActionResponse,
  WorkflowIdParams,
  WorkflowStatusResponse,
  WorkflowStepParams,
} from '../../shared/workflows.js';
import { callerOf } from '../auth/target-scope.js';
import { idempotencyKeyOf } from '../http/idempotency-key.js';
import { presentCheckpoints, presentGate, presentWorkflow } from '../presenters/workflow-presenter.js';
import { AUTHENTICATED_ERRORS, SECURITY, WCP_ERRORS } from './error-responses.js';

const WRITE = { minRole: 'operator' as const, action: 'run workflows' };
const TAGS = ['workflows'];

export function workflowRoutes(app: FastifyInstance, deps: { workflows: WorkflowService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { workflows } = deps;

  r.post('/api/v1/workflows', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Create a workflow (WCP). With an Idempotency-Key header, a retried create returns the same workflow',
      security: SECURITY,
      body: CreateWorkflowRequest,
      response: { 201: CreateWorkflowResponse, ...WCP_ERRORS },
    },
    handler: async (request, reply) => {
      const body = request.body;
      if (body.trace_id !== undefined && (body.trace_id.length === 0 || body.trace_id.length > 255)) {
        throw new DomainError('INVALID_TRACE_ID');
      }
      const key = idempotencyKeyOf(request);
      const execution = await workflows.create(
        callerOf(request),
        { name: body.workflow_name, source: body.source ?? 'external', metadata: body.metadata, traceId: body.trace_id, input: body.input, parentExecutionId: body.parent_execution_id, rerunId: body.rerun_id },
        key,
      );
      return reply.code(201).send({
        workflow_id: execution.executionId,
        workflow_name: execution.name,
        source: execution.source,
        status: 'in_progress' as const,
        created_at: execution.createdAt,
        trace_id: execution.traceId,
      });
    },
  });

  r.get('/api/v1/workflows', {
    schema: { tags: TAGS, summary: 'List workflows (WCP runs only)', security: SECURITY, querystring: ListWorkflowsQuery, response: { 200: ListWorkflowsResponse, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const q = request.query;
      const page = await workflows.list(callerOf(request), {
        statuses: q.status ? fromWcpStatus(q.status) : undefined,
        source: q.source,
        traceId: q.trace_id,
        limit: q.limit,
        offset: q.offset,
      });
      return {
        workflows: page.executions.map((e) => presentWorkflow(e)),
        total: page.total,
        limit: q.limit,
        offset: q.offset,
        has_more: q.offset + page.executions.length < page.total,
      };
    },
  });

  r.get('/api/v1/workflows/:id', {
    schema: { tags: TAGS, summary: 'A workflow with its steps', security: SECURITY, params: WorkflowIdParams, response: { 200: WorkflowStatusResponse, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const { execution, steps } = await workflows.get(callerOf(request), request.params.id);
      return presentWorkflow(execution, steps);
    },
  });

  r.post('/api/v1/workflows/:id/steps/:step_id/gate', {
    config: WRITE,
    schema: {
      tags: TAGS,
      summary: 'Ask whether a step may run: allow, block or require_approval, with retry_context',
      security: SECURITY,
      params: WorkflowStepParams,
      querystring: GateQuery,
      body: StepGateRequest,
      response: { 200: StepGateResponse, ...WCP_ERRORS },
    },
    handler: async (request) => {
      const body = request.body;
      if (body.tool_context && !body.tool_context.tool_name) throw new DomainError('INVALID_TOOL_CONTEXT');
      const outcome = await workflows.gate(
        callerOf(request),
        request.params.id,
        request.params.step_id,
        {
          name: body.step_name,
          stepType: body.step_type,
          input: body.step_input,
          tool: body.tool_context ? { name: body.tool_context.tool_name!, type: body.tool_context.tool_type, input: body.tool_context.tool_input } : undefined,
          provider: body.provider,
          model: body.model,
          tokensIn: body.tokens_in,
          tokensOut: body.tokens_out,
          costUsd: body.cost_usd,
          idempotencyKey: body.idempotency_key,
          retryPolicy: body.retry_policy,
        },
        { includePriorOutput: request.query.include_prior_output === 'true' },
      );
      return presentGate(outcome);
    },
  });

  r.post('/api/v1/workflows/:id/steps/:step_id/complete', {
    config: WRITE,
    schema: { tags: TAGS, summary: 'Record a step’s output, tokens and cost', security: SECURITY, params: WorkflowStepParams, body: CompleteStepRequest, response: { 204: z.null().meta({ description: 'Recorded' }), ...WCP_ERRORS } },
    handler: async (request, reply) => {
      const body = request.body ?? {};
      await workflows.completeStep(callerOf(request), request.params.id, request.params.step_id, {
        output: body.output,
        tokensIn: body.tokens_in,
        tokensOut: body.tokens_out,
        costUsd: body.cost_usd,
        idempotencyKey: body.idempotency_key,
      });
      return reply.code(204).send(null);
    },
  });

  const action = (
    path: string,
    summary: string,
    body: typeof ReasonRequest | typeof CompleteWorkflowRequest,
    run: (request: { id: string; reason?: string; output?: unknown; caller: ReturnType<typeof callerOf> }) => Promise<{ status: string; message: string; reason?: string; workflowId: string }>,
  ) =>
    r.post(path, {
      config: WRITE,
      schema: { tags: TAGS, summary, security: SECURITY, params: WorkflowIdParams, body, response: { 200: WorkflowActionResponse, ...WCP_ERRORS } },
      handler: async (request) => {
        const body = request.body as { reason?: string; output?: unknown } | undefined;
        const result = await run({ id: request.params.id, reason: body?.reason, output: body?.output, caller: callerOf(request) });
        return { workflow_id: result.workflowId, status: result.status as 'completed', message: result.message, reason: result.reason };
      },
    });

  action('/api/v1/workflows/:id/complete', 'Complete a workflow', CompleteWorkflowRequest, async ({ id, output, caller }) => {
    await workflows.end(caller, id, { kind: 'complete', output });
    return { workflowId: id, status: 'completed', message: 'Workflow completed' };
  });
  action('/api/v1/workflows/:id/fail', 'Fail a workflow', ReasonRequest, async ({ id, reason, caller }) => {
    const why = reason?.trim() || 'Failed';
    await workflows.end(caller, id, { kind: 'fail', reason: why });
    return { workflowId: id, status: 'failed', message: 'Workflow failed', reason: why };
  });
  action('/api/v1/workflows/:id/abort', 'Abort a workflow', ReasonRequest, async ({ id, reason, caller }) => {
    const why = reason?.trim() || 'Aborted by user';
    await workflows.end(caller, id, { kind: 'abort', reason: why, by: caller.clientId });
    return { workflowId: id, status: 'aborted', message: 'Workflow aborted', reason: why };
  });
  action('/api/v1/workflows/:id/resume', 'Resume a workflow after an approval', CompleteWorkflowRequest, async ({ id, caller }) => {
    await workflows.resume(caller, id);
    return { workflowId: id, status: 'in_progress', message: 'Workflow resumed' };
  });

  r.get('/api/v1/workflows/:id/checkpoints', {
    schema: { tags: TAGS, summary: 'Completed steps a run can resume after', security: SECURITY, params: WorkflowIdParams, response: { 200: CheckpointList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const { execution, steps } = await workflows.checkpoints(callerOf(request), request.params.id);
      return presentCheckpoints(execution, steps);
    },
  });
}
