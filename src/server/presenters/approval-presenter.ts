/** @module Approvals on the wire: AxonFlow's WCP shapes (reference §3.3) and our inbox resource. */
import { slaStateOf } from '../../core/approvals/index.js';
import type { Approval, Execution, Step } from '../../core/executions/index.js';
import { toWcpStatus } from '../../core/executions/index.js';
import type { ApprovalView } from '../../core/ports/approval-store.js';
import { effectiveDecision, retryContext } from '../../core/workflows/index.js';
import type { ApprovalResource, ApprovalResponse, PendingApproval } from '../../shared/approvals.js';
import { presentPolicyMatch } from './workflow-presenter.js';

export function presentApproval(view: ApprovalView, now: string): ApprovalResource {
  const { approval, step } = view;
  return {
    approval_id: approval.approvalId,
    status: approval.status,
    execution_id: approval.executionId,
    workflow_name: view.workflowName,
    execution_type: view.executionType,
    execution_status: view.executionStatus,
    step_id: approval.stepId,
    step_index: step?.stepIndex,
    step_name: step?.name,
    step_type: step?.stepType,
    step_input: step?.input,
    reason: approval.reason,
    policy_ids: [...approval.policyIds],
    policies_matched: (step?.policiesMatched ?? []).map(presentPolicyMatch),
    on_reject: approval.onReject ?? 'abort',
    requested_at: approval.requestedAt,
    age_seconds: Math.max(0, Math.floor((Date.parse(approval.decidedAt ?? now) - Date.parse(approval.requestedAt)) / 1000)),
    expires_at: approval.expiresAt,
    sla_at: approval.slaAt,
    sla_state: slaStateOf(approval, now),
    sla_breached_at: approval.slaBreachedAt,
    decided_by: approval.decidedBy,
    decided_at: approval.decidedAt,
    comment: approval.comment,
  };
}

export function presentPendingApproval(view: ApprovalView, now: string): PendingApproval {
  const { approval, step } = view;
  return {
    workflow_id: approval.executionId,
    workflow_name: view.workflowName,
    step_id: approval.stepId,
    step_index: step?.stepIndex ?? 0,
    step_name: step?.name ?? approval.stepId,
    step_type: step?.stepType ?? 'action',
    decision: step?.decision ?? 'require_approval',
    decision_reason: step?.decisionReason ?? approval.reason,
    policies_matched: (step?.policiesMatched ?? []).map(presentPolicyMatch),
    step_input: step?.input ?? null,
    approval_status: approval.status,
    created_at: approval.requestedAt,
    approval_id: approval.approvalId,
    expires_at: approval.expiresAt,
    sla_at: approval.slaAt,
    sla_state: slaStateOf(approval, now),
  };
}

function messageOf(approval: Approval, execution: Execution): string {
  if (approval.status === 'approved') return 'Step approved';
  return execution.status === 'failed' ? 'Step rejected, workflow failed' : 'Step rejected, workflow aborted';
}

export function presentApprovalResponse(decided: { approval: Approval; step: Step; execution: Execution }): ApprovalResponse {
  const { approval, step, execution } = decided;
  const { decision, reason } = effectiveDecision(step);
  const rc = retryContext(step, step);
  return {
    workflow_id: execution.executionId,
    step_id: step.stepId,
    status: toWcpStatus(execution.status),
    decision,
    reason,
    approval_status: approval.status,
    approval_id: approval.approvalId,
    approved_by: step.approvedBy,
    approved_at: step.approvedAt,
    rejected_by: step.rejectedBy,
    rejected_at: step.rejectedAt,
    comment: approval.comment,
    on_reject: approval.onReject ?? 'abort',
    policies_matched: step.policiesMatched.map(presentPolicyMatch),
    retry_context: {
      gate_count: rc.gateCount,
      completion_count: rc.completionCount,
      prior_completion_status: rc.priorCompletionStatus,
      prior_output_available: rc.priorOutputAvailable,
      prior_completion_at: rc.priorCompletionAt,
      first_attempt_at: rc.firstAttemptAt,
      last_attempt_at: rc.lastAttemptAt,
      last_decision: rc.lastDecision,
      idempotency_key: rc.idempotencyKey,
    },
    message: messageOf(approval, execution),
  };
}
