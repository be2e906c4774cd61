/**
 * @module /api/v1/approvals: the approvals inbox. Lists filter by status, workflow, policy, age and
 * SLA state with keyset pages (oldest first); decisions need role `approver`; bulk decides up to
 * 500 approvals, each on its own (one failure never fails the rest), or reports what it would
 * decide with `dry_run`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/domain-error.js';
import type { ApprovalService } from '../../services/approval-service.js';
import { resolveDecider } from '../../services/approval-service.js';
import {
  ApprovalIdParams,
  ApprovalList,
  ApprovalResource,
  ApproveRequest,
  BulkApprovalRequest,
  BulkApprovalResponse,
  ListApprovalsQuery,
  RejectRequest,
} from '../../shared/approvals.js';
import { decodeApprovalFilter } from '../approvals/decode-approval-filter.js';
import { callerOf } from '../auth/target-scope.js';
import { presentApproval } from '../presenters/approval-presenter.js';
import { AUTHENTICATED_ERRORS, BODY_ERRORS, SECURITY } from './error-responses.js';
import { DECIDE } from './workflow-approval-routes.js';

const TAGS = ['approvals'];

function justification(action: 'approve' | 'reject', text: string | undefined): string {
  const field = action === 'approve' ? 'comment' : 'reason';
  const trimmed = text?.trim() ?? '';
  if (trimmed.length < 10) throw new DomainError('VALIDATION_FAILED', { summary: `body ${field}: required for ${action}, at least 10 characters once trimmed`, issues: [{ location: 'body', field, message: 'must be at least 10 characters once trimmed' }] });
  return trimmed;
}

export function approvalRoutes(app: FastifyInstance, deps: { approvals: ApprovalService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { approvals } = deps;

  r.get('/api/v1/approvals', {
    schema: { tags: TAGS, summary: 'Approvals, oldest first, with their step, run and SLA state', security: SECURITY, querystring: ListApprovalsQuery, response: { 200: ApprovalList, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => {
      const { limit, cursor, ...wire } = request.query;
      const now = approvals.now();
      const page = await approvals.list(callerOf(request), { ...decodeApprovalFilter(wire, now), limit, cursor });
      return { approvals: page.items.map((view) => presentApproval(view, now)), count: page.items.length, next_cursor: page.nextCursor };
    },
  });

  r.get('/api/v1/approvals/:id', {
    schema: { tags: TAGS, summary: 'One approval', security: SECURITY, params: ApprovalIdParams, response: { 200: ApprovalResource, ...AUTHENTICATED_ERRORS } },
    handler: async (request) => presentApproval(await approvals.get(callerOf(request), request.params.id), approvals.now()),
  });

  r.post('/api/v1/approvals/:id/approve', {
    config: DECIDE,
    schema: { tags: TAGS, summary: 'Approve; the step may run', security: SECURITY, params: ApprovalIdParams, body: ApproveRequest, response: { 200: ApprovalResource, ...BODY_ERRORS } },
    handler: async (request) => {
      const caller = callerOf(request);
      const by = resolveDecider(caller, request.body.approved_by, 'approved_by');
      await approvals.decide(caller, request.params.id, 'approved', by, request.body.comment);
      return presentApproval(await approvals.get(caller, request.params.id), approvals.now());
    },
  });

  r.post('/api/v1/approvals/:id/reject', {
    config: DECIDE,
    schema: { tags: TAGS, summary: 'Reject; the run is aborted (or failed, as its policy says)', security: SECURITY, params: ApprovalIdParams, body: RejectRequest, response: { 200: ApprovalResource, ...BODY_ERRORS } },
    handler: async (request) => {
      const caller = callerOf(request);
      const by = resolveDecider(caller, request.body.rejected_by, 'rejected_by');
      await approvals.decide(caller, request.params.id, 'rejected', by, request.body.reason);
      return presentApproval(await approvals.get(caller, request.params.id), approvals.now());
    },
  });

  r.post('/api/v1/approvals/bulk', {
    config: DECIDE,
    schema: {
      tags: TAGS,
      summary: 'Approve or reject many approvals (at most 500), each on its own; dry_run reports which would be decided',
      security: SECURITY,
      body: BulkApprovalRequest,
      response: { 200: BulkApprovalResponse, ...BODY_ERRORS },
    },
    handler: async (request) => {
      const body = request.body;
      if ((body.ids === undefined) === (body.filter === undefined)) {
        throw new DomainError('VALIDATION_FAILED', { summary: 'body: give exactly one of ids and filter', issues: [{ location: 'body', field: 'ids, filter', message: 'exactly one is required' }] });
      }
      const caller = callerOf(request);
      const text = body.dry_run ? '' : justification(body.action, body.action === 'approve' ? body.comment : body.reason);
      const now = approvals.now();
      const { statuses: _ignored, ...filter } = body.filter ? decodeApprovalFilter(body.filter, now) : { statuses: undefined };
      const outcome = await approvals.bulk(caller, {
        verdict: body.action === 'approve' ? 'approved' : 'rejected',
        ids: body.ids,
        filter: body.filter ? filter : undefined,
        comment: text,
        by: caller.clientId,
        dryRun: body.dry_run,
      });
      return {
        action: body.action,
        dry_run: body.dry_run,
        count: outcome.ids.length,
        ids: [...outcome.ids],
        results: outcome.results?.map((item) => ({ approval_id: item.approvalId, ok: item.ok, status: item.approval?.status, error: item.error })),
        failed: outcome.results ? outcome.results.filter((item) => !item.ok).length : undefined,
      };
    },
  });
}
