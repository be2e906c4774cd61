/**
 * @module Re-runs: `/api/v1/rerun-targets` (a URL and a write-only secret per workflow name;
 * admins write, operators read) and `POST /api/v1/executions/{id}/rerun` (operators), which
 * records the request on the run, sends it signed to the workflow's target and answers 202 with
 * what the target said. A target or run of another tenant is a 404.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RerunService } from '../../services/rerun-service.js';
import { ExecutionParams, TenantOnlyQuery } from '../../shared/executions.js';
import { PutRerunTargetRequest, PutRerunTargetResponse, RerunExecutionRequest, RerunResponse, RerunTargetList, RerunTargetWire, RerunTenantQuery, WorkflowNameParams } from '../../shared/reruns.js';
import { callerOf, targetScope } from '../auth/target-scope.js';
import { idempotencyKeyOf } from '../http/idempotency-key.js';
import { presentRerunOutcome, presentRerunTarget } from '../presenters/rerun-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';

const ADMIN = { minRole: 'admin' as const, action: 'manage re-run targets' };
const READ = { minRole: 'operator' as const, action: 'read re-run targets' };
const RERUN = { minRole: 'operator' as const, action: 're-run executions' };
const TAGS = ['reruns'];

export function rerunRoutes(app: FastifyInstance, deps: { reruns: RerunService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { reruns } = deps;

  r.put('/api/v1/rerun-targets/:workflow_name', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: 'Set where re-runs of a workflow are sent (create: 201, replace: 200); the answer carries the secret only when this request set it',
      security: SECURITY,
      params: WorkflowNameParams,
      querystring: RerunTenantQuery,
      body: PutRerunTargetRequest,
      response: { 200: PutRerunTargetResponse, 201: PutRerunTargetResponse, ...BODY_ERRORS },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const b = request.body;
      const { target, created, secret } = await reruns.putTarget(caller, targetScope(caller, request.query.tenant_id), request.params.workflow_name, { url: b.url, secret: b.secret, description: b.description });
      return reply.code(created ? 201 : 200).send({ ...presentRerunTarget(target), ...(secret !== undefined ? { secret } : {}) });
    },
  });

  r.get('/api/v1/rerun-targets', {
    config: READ,
    schema: { tags: TAGS, summary: 'The re-run targets of a tenant, by workflow name', security: SECURITY, querystring: RerunTenantQuery, response: { 200: RerunTargetList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const list = await reruns.listTargets(targetScope(callerOf(request), request.query.tenant_id));
      return { targets: list.map(presentRerunTarget), count: list.length };
    },
  });

  r.get('/api/v1/rerun-targets/:workflow_name', {
    config: READ,
    schema: { tags: TAGS, summary: 'The re-run target of a workflow (the secret shows only as `secret_hint`)', security: SECURITY, params: WorkflowNameParams, querystring: RerunTenantQuery, response: { 200: RerunTargetWire, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => presentRerunTarget(await reruns.getTarget(targetScope(callerOf(request), request.query.tenant_id), request.params.workflow_name)),
  });

  r.delete('/api/v1/rerun-targets/:workflow_name', {
    config: ADMIN,
    schema: { tags: TAGS, summary: 'Remove the re-run target of a workflow (audited); re-runs of it answer 409 RERUN_TARGET_MISSING after', security: SECURITY, params: WorkflowNameParams, querystring: RerunTenantQuery, response: { 204: z.null(), ...AUTHENTICATED_ERRORS } },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      await reruns.deleteTarget(caller, targetScope(caller, request.query.tenant_id), request.params.workflow_name);
      return reply.code(204).send(null);
    },
  });

  r.post('/api/v1/executions/:id/rerun', {
    config: RERUN,
    schema: {
      tags: TAGS,
      summary: 'Ask the application to run an ended execution again: recorded as rerun.requested, sent signed to the workflow’s re-run target; 202 with what the target answered. With an Idempotency-Key header, a retried request answers the first one’s re-run and sends nothing again',
      security: SECURITY,
      params: ExecutionParams,
      querystring: TenantOnlyQuery,
      body: RerunExecutionRequest,
      response: { 202: RerunResponse, ...BODY_ERRORS },
    },
    handler: async (request, reply) => {
      const caller = callerOf(request);
      const b = request.body;
      const { execution, rerun } = await reruns.request(caller, targetScope(caller, request.query.tenant_id), request.params.id, {
        reason: b.reason,
        fromStep: b.from_step,
        inputOverrides: b.input_overrides,
        idempotencyKey: idempotencyKeyOf(request),
      });
      return reply.code(202).send(presentRerunOutcome(execution, rerun));
    },
  });
}
