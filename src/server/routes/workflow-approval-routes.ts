/**
 * @module AxonFlow's WCP approval routes (reference §3.3): approve or reject a step, and the
 * pending list. Deciding needs role `approver`; the decider is the caller's credential (an admin
 * may name another with `approved_by` / `rejected_by`). 409s: APPROVAL_EXPIRED,
 * APPROVAL_NOT_PENDING (AxonFlow's NOT_PENDING), NO_APPROVAL_NEEDED, WORKFLOW_TERMINAL, in
 * AxonFlow's flat envelope.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApprovalService } from '../../services/approval-service.js';
import { resolveDecider } from '../../services/approval-service.js';
import { ApprovalResponse, ApproveRequest, PendingApprovalsQuery, PendingApprovalsResponse, RejectRequest } from '../../shared/approvals.js';
import { WorkflowStepParams } from '../../shared/workflows.js';
import { callerOf } from '../auth/target-scope.js';
import { presentApprovalResponse, presentPendingApproval } from '../presenters/approval-presenter.js';
import { AUTHENTICATED_ERRORS, SECURITY, WCP_ERRORS } from './error-responses.js';

export const DECIDE = { minRole: 'approver' as const, action: 'approve or reject steps' };
const TAGS = ['workflows'];

export function workflowApprovalRoutes(app: FastifyInstance, deps: { approvals: ApprovalService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { approvals } = deps;

  r.get('/api/v1/workflows/approvals/pending', {
    schema: {
      tags: TAGS,
      summary: 'Steps waiting for a reviewer (WCP), oldest first',
      security: SECURITY,
      querystring: PendingApprovalsQuery,
      response: { 200: PendingApprovalsResponse, ...AUTHENTICATED_ERRORS },
    },
    handler: async (request) => {
      const items = await approvals.pending(callerOf(request), request.query.limit);
      const now = approvals.now();
      return { pending_approvals: items.map((view) => presentPendingApproval(view, now)), count: items.length };
    },
  });

  r.post('/api/v1/workflows/:id/steps/:step_id/approve', {
    config: DECIDE,
    schema: {
      tags: TAGS,
      summary: 'Approve a step waiting for approval',
      security: SECURITY,
      params: WorkflowStepParams,
      body: ApproveRequest,
      response: { 200: ApprovalResponse, ...WCP_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const by = resolveDecider(caller, request.body.approved_by, 'approved_by');
      const decided = await approvals.decideStep(caller, request.params.id, request.params.step_id, 'approved', by, request.body.comment);
      return presentApprovalResponse(decided);
    },
  });

  r.post('/api/v1/workflows/:id/steps/:step_id/reject', {
    config: DECIDE,
    schema: {
      tags: TAGS,
      summary: 'Reject a step waiting for approval; the workflow is aborted (or failed, as its policy says)',
      security: SECURITY,
      params: WorkflowStepParams,
      body: RejectRequest,
      response: { 200: ApprovalResponse, ...WCP_ERRORS },
    },
    handler: async (request) => {
      const caller = callerOf(request);
      const by = resolveDecider(caller, request.body.rejected_by, 'rejected_by');
      const decided = await approvals.decideStep(caller, request.params.id, request.params.step_id, 'rejected', by, request.body.reason);
      return presentApprovalResponse(decided);
    },
  });
}
