/**
 * @module /api/v1/policies: list and read (any role; non-admins see only the policies that apply to
 * their tenant), create, replace and delete (admin). Every change is a new version; `?version=N`
 * and `/versions` read old ones.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Caller } from '../../core/identity/scope.js';
import type { Policy } from '../../core/policies/index.js';
import type { PolicyService } from '../../services/policy-service.js';
import {
  PolicyDefinition,
  PolicyIdParams,
  PolicyList,
  PolicyReadQuery,
  PolicyResource,
  PolicySimulationRequest,
  PolicySimulationResponse,
  PolicyUpdate,
  PolicyVersionEntry,
  PolicyVersionList,
  PolicyWriteQuery,
} from '../../shared/policies.js';
import { callerOf } from '../auth/target-scope.js';
import { presentPolicy, presentPolicyVersion, specOf } from '../presenters/policy-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';

const ADMIN = { minRole: 'admin' as const, action: 'manage policies' };
const SIMULATE = { minRole: 'operator' as const, action: 'simulate policies' };
const WEEK_MS = 7 * 24 * 3600 * 1000;
const TAGS = ['policies'];

/** Admins see every policy of the org; others those without a tenant scope or scoped to their tenant. */
function visible(caller: Caller, policy: Policy | undefined): boolean {
  return caller.role === 'admin' || !policy?.scope?.tenantId || policy.scope.tenantId === caller.tenantId;
}

export function policyRoutes(app: FastifyInstance, deps: { policies: PolicyService; now: () => string }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { policies } = deps;

  r.post('/api/v1/policies/simulate', {
    config: SIMULATE,
    schema: {
      tags: TAGS,
      summary: "Run draft policies over the gated steps of the caller's recorded runs and report what would change; changes nothing",
      security: SECURITY,
      body: PolicySimulationRequest,
      response: { 200: PolicySimulationResponse, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const body = request.body;
      const to = body.end_time ?? deps.now();
      const from = body.start_time ?? new Date(Date.parse(to) - WEEK_MS).toISOString();
      if (Date.parse(from) > Date.parse(to)) throw new DomainError('VALIDATION_FAILED', { summary: 'start_time is after end_time', field: 'start_time' });
      const report = await policies.simulate(callerOf(request), {
        drafts: body.policies.map(specOf),
        mode: body.mode,
        from,
        to,
        workflow: body.workflow,
        maxSteps: body.max_steps,
        examplesPerPolicy: body.examples_per_policy,
      });
      return {
        mode: body.mode,
        start_time: from,
        end_time: to,
        executions_scanned: report.executionsScanned,
        steps_evaluated: report.stepsEvaluated,
        steps_changed: report.stepsChanged,
        truncated: report.truncated,
        transitions: report.transitions.map((t) => ({ from: t.from, to: t.to, steps: t.steps })),
        policies: report.policies.map((p) => ({
          policy_id: p.policyId,
          policy_name: p.policyName,
          action: p.action,
          matched_steps: p.matchedSteps,
          changed_steps: p.changedSteps,
          errors: p.errors,
          examples: p.examples.map((e) => ({
            execution_id: e.executionId,
            workflow_name: e.workflowName,
            step_id: e.stepId,
            step_name: e.stepName,
            recorded_decision: e.recordedDecision,
            simulated_decision: e.simulatedDecision,
            reason: e.reason,
          })),
        })),
      };
    },
  });

  r.get('/api/v1/policies', {
    schema: { tags: TAGS, summary: 'The live policies: from the deployment files and written through the API', security: SECURITY, response: { 200: PolicyList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const caller = callerOf(request);
      const list = (await policies.list(caller.orgId)).filter((view) => visible(caller, view.policy)).map(presentPolicy);
      return { policies: list, count: list.length };
    },
  });

  r.get('/api/v1/policies/:id', {
    schema: {
      tags: TAGS,
      summary: 'One policy: the live version, or `?version=N` (a deleted policy stays readable by version)',
      security: SECURITY,
      params: PolicyIdParams,
      querystring: PolicyReadQuery,
      response: { 200: PolicyVersionEntry, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const view = await policies.get(caller.orgId, request.params.id, request.query.version);
      if (!visible(caller, view.policy)) throw new DomainError('POLICY_NOT_FOUND', { policyId: request.params.id });
      return presentPolicyVersion(view);
    },
  });

  r.get('/api/v1/policies/:id/versions', {
    schema: { tags: TAGS, summary: 'Every version of a policy, oldest first, deletions included', security: SECURITY, params: PolicyIdParams, response: { 200: PolicyVersionList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const caller = callerOf(request);
      const versions = await policies.versions(caller.orgId, request.params.id);
      if (!versions.some((v) => visible(caller, v.policy))) throw new DomainError('POLICY_NOT_FOUND', { policyId: request.params.id });
      return { policy_id: request.params.id, versions: versions.map(presentPolicyVersion) };
    },
  });

  r.post('/api/v1/policies', {
    config: ADMIN,
    schema: { tags: TAGS, summary: 'Create a policy (version 1, or the next version after a deletion)', security: SECURITY, body: PolicyDefinition, response: { 201: PolicyResource, ...BODY_ERRORS } },
    handler: async (request, reply) => {
      const view = await policies.write(callerOf(request), specOf(request.body), 'absent');
      return reply.code(201).send(presentPolicy(view));
    },
  });

  r.put('/api/v1/policies/:id', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: 'Create or replace a policy as its next version; `expected_version` guards against lost updates',
      security: SECURITY,
      params: PolicyIdParams,
      querystring: PolicyWriteQuery,
      body: PolicyUpdate,
      response: { 200: PolicyResource, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const { id } = request.params;
      if (request.body.id !== undefined && request.body.id !== id) throw new DomainError('POLICY_ID_MISMATCH', { bodyId: request.body.id, pathId: id });
      const expected = request.query.expected_version;
      const view = await policies.write(callerOf(request), specOf({ ...request.body, id }), expected === undefined ? 'any' : { version: expected });
      return presentPolicy(view);
    },
  });

  r.delete('/api/v1/policies/:id', {
    config: ADMIN,
    schema: {
      tags: TAGS,
      summary: 'Delete a policy: appends a deletion version; earlier versions stay readable',
      security: SECURITY,
      params: PolicyIdParams,
      querystring: PolicyWriteQuery,
      response: { 200: PolicyVersionEntry, ...BODY_ERRORS },
    },
    handler: async (request) => presentPolicyVersion(await policies.delete(callerOf(request), request.params.id, request.query.expected_version)),
  });
}
