/**
 * @module Approval decisions as a pure decide function. Only a pending, unexpired approval of a
 * running workflow can be decided. A rejection ends the run as the deciding policy said
 * (`on_reject`): aborted by default (AxonFlow: "Reject aborts the workflow"), or failed.
 */
import { DomainError } from '../errors/domain-error.js';
import type { EventDraft } from '../events/event-catalogue.js';
import type { Approval } from '../executions/approval.js';
import { isTerminalStatus, toWcpStatus } from '../executions/execution-status.js';
import type { ExecutionProjection } from '../executions/projection.js';

export interface ApprovalDecision {
  readonly approvalId: string;
  readonly decision: 'approved' | 'rejected';
  readonly by: string;
  readonly comment: string;
  readonly now: string;
}

/**
 * The checks, in the order a caller sees them: not found; already expired (by the sweeper, or
 * past `expiresAt` and not yet swept: APPROVAL_EXPIRED, which writes nothing); already decided
 * (APPROVAL_NOT_PENDING); the run already ended (WORKFLOW_TERMINAL).
 */
export function requireDecidable(current: ExecutionProjection, approvalId: string, now: string): Approval {
  const approval = current.approvals.get(approvalId);
  const execution = current.execution;
  if (!approval || !execution) throw new DomainError('APPROVAL_NOT_FOUND', { approvalId });
  if (approval.status === 'expired' || (approval.status === 'pending' && approval.expiresAt !== undefined && approval.expiresAt <= now)) {
    throw new DomainError('APPROVAL_EXPIRED', { approvalId: approval.approvalId, expiresAt: approval.expiresAt, workflowId: approval.executionId, stepId: approval.stepId });
  }
  if (approval.status !== 'pending') {
    throw new DomainError('APPROVAL_NOT_PENDING', { approvalId: approval.approvalId, status: approval.status, workflowId: approval.executionId, stepId: approval.stepId });
  }
  if (isTerminalStatus(execution.status)) {
    throw new DomainError('WORKFLOW_TERMINAL', { workflowId: execution.executionId, status: toWcpStatus(execution.status) });
  }
  return approval;
}

export function planApprovalDecision(current: ExecutionProjection, request: ApprovalDecision): EventDraft[] {
  const approval = requireDecidable(current, request.approvalId, request.now);
  const decided: EventDraft = {
    type: 'approval.decided',
    data: { approvalId: approval.approvalId, stepId: approval.stepId, decision: request.decision, by: request.by, comment: request.comment },
  };
  if (request.decision === 'approved') return [decided];
  const why = `Step ${approval.stepId} rejected by ${request.by}: ${request.comment}`;
  if (approval.onReject === 'fail') {
    return [decided, { type: 'execution.failed', data: { error: { message: why, source: 'approval', code: 'APPROVAL_REJECTED' }, stepId: approval.stepId } }];
  }
  return [decided, { type: 'execution.aborted', data: { reason: why, by: request.by } }];
}
