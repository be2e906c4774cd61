/**
 * @module Approval decisions as a pure decide function. Only a pending, unexpired approval of a
 * running workflow can be decided; a rejection also aborts the run (AxonFlow: "Reject aborts the
 * workflow").
 */
import { DomainError } from '../errors/domain-error.js';
import type { EventDraft } from '../events/event-catalogue.js';
import { isTerminalStatus, toWcpStatus } from '../executions/execution-status.js';
import type { ExecutionProjection } from '../executions/projection.js';

export interface ApprovalDecision {
  readonly approvalId: string;
  readonly decision: 'approved' | 'rejected';
  readonly by: string;
  readonly comment: string;
  readonly now: string;
}

export function planApprovalDecision(current: ExecutionProjection, request: ApprovalDecision): EventDraft[] {
  const approval = current.approvals.get(request.approvalId);
  const execution = current.execution;
  if (!approval || !execution) throw new DomainError('APPROVAL_NOT_FOUND', { approvalId: request.approvalId });
  if (approval.status !== 'pending') throw new DomainError('APPROVAL_NOT_PENDING', { approvalId: approval.approvalId, status: approval.status });
  if (approval.expiresAt && approval.expiresAt <= request.now) {
    throw new DomainError('APPROVAL_EXPIRED', { approvalId: approval.approvalId, expiresAt: approval.expiresAt });
  }
  if (isTerminalStatus(execution.status)) {
    throw new DomainError('WORKFLOW_TERMINAL', { workflowId: execution.executionId, status: toWcpStatus(execution.status) });
  }
  const decided: EventDraft = {
    type: 'approval.decided',
    data: { approvalId: approval.approvalId, stepId: approval.stepId, decision: request.decision, by: request.by, comment: request.comment },
  };
  if (request.decision === 'approved') return [decided];
  return [decided, { type: 'execution.aborted', data: { reason: `Step ${approval.stepId} rejected by ${request.by}: ${request.comment}`, by: request.by } }];
}
