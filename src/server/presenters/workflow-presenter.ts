/** @module WCP responses (AxonFlow reference §3.3) from the one execution model. */
import type { Execution, PolicyMatch, Step } from '../../core/executions/index.js';
import { toWcpStatus } from '../../core/executions/index.js';
import { effectiveDecision } from '../../core/workflows/index.js';
import type { GateOutcome } from '../../services/workflow-service.js';
import type { CheckpointList, StepGateResponse, WorkflowStatusResponse, WorkflowStep } from '../../shared/workflows.js';

export function presentPolicyMatch(match: PolicyMatch) {
  return {
    policy_id: match.policyId,
    policy_name: match.policyName,
    action: match.action,
    reason: match.reason,
    risk_level: match.severity,
    matched_rule: match.matchedRule,
    policy_description: match.description,
    version: match.version,
  };
}

export function presentWorkflowStep(step: Step): WorkflowStep {
  return {
    step_id: step.stepId,
    step_index: step.stepIndex,
    step_name: step.name,
    step_type: step.stepType,
    status: step.status,
    decision: step.decision,
    decision_reason: step.decisionReason,
    approval_id: step.approvalId,
    approval_status: step.approvalStatus,
    approved_by: step.approvedBy,
    approved_at: step.approvedAt,
    rejected_by: step.rejectedBy,
    rejected_at: step.rejectedAt,
    gate_checked_at: step.gatedAt,
    completed_at: step.status === 'completed' ? step.endedAt : undefined,
    provider: step.provider,
    model: step.model,
    tokens_in: step.tokensIn,
    tokens_out: step.tokensOut,
    cost_usd: step.costUsd,
  };
}

export function presentWorkflow(execution: Execution, steps?: readonly Step[]): WorkflowStatusResponse {
  return {
    workflow_id: execution.executionId,
    workflow_name: execution.name,
    source: execution.source,
    status: toWcpStatus(execution.status),
    current_step_index: execution.currentStepIndex,
    total_steps: execution.totalSteps,
    started_at: execution.startedAt,
    completed_at: execution.completedAt,
    trace_id: execution.traceId,
    metadata: { ...execution.metadata },
    attention: execution.attention,
    failure_class: execution.failureClass,
    failure_reason: execution.failureReason,
    tokens_in: execution.tokensIn,
    tokens_out: execution.tokensOut,
    cost_usd: execution.costUsd,
    steps: steps?.map(presentWorkflowStep),
  };
}

/** JSONPaths of the request body the gate masked, AxonFlow's `redacted_fields`. */
const REQUEST_FIELD = { input: '$.step_input', tool_input: '$.tool_context.tool_input', output: '$.output' } as const;

function presentGateRedactions(step: Step): Pick<StepGateResponse, 'redacted' | 'redacted_fields' | 'redactions' | 'redacted_input' | 'redacted_tool_input'> {
  const atGate = step.redactions.filter((r) => r.field !== 'output');
  if (atGate.length === 0) return { redacted: false, redacted_fields: [] };
  return {
    redacted: true,
    redacted_fields: [...new Set(atGate.map((r) => REQUEST_FIELD[r.field ?? 'input'] + r.path.slice(1)))],
    redactions: atGate.map((r) => ({ field: r.field ?? 'input', path: r.path, type: r.type, policy_id: r.policyId })),
    ...(step.redact?.inResponse ? { redacted_input: step.input, redacted_tool_input: step.tool?.input } : {}),
  };
}

export function presentGate(outcome: GateOutcome): StepGateResponse {
  const { step, workflowId } = outcome;
  const { decision, reason } = effectiveDecision(step);
  const matched = step.policiesMatched.map(presentPolicyMatch);
  const approvalPath = `/api/v1/workflows/${encodeURIComponent(workflowId)}/steps/${encodeURIComponent(step.stepId)}/approve`;
  const rc = outcome.retryContext;
  return {
    decision,
    step_id: step.stepId,
    decision_id: `dec_${workflowId}_${step.stepId}`,
    policy_ids: step.policiesMatched.map((p) => p.policyId),
    reason,
    approval_id: step.approvalId,
    approval_url: step.approvalId ? approvalPath : undefined,
    approval_status: step.approvalStatus,
    policies_evaluated: step.policiesEvaluated.map(presentPolicyMatch),
    policies_matched: matched,
    cached: outcome.cached,
    decision_source: outcome.cached ? 'cached' : 'fresh',
    ...presentGateRedactions(step),
    retry_context: {
      gate_count: rc.gateCount,
      completion_count: rc.completionCount,
      prior_completion_status: rc.priorCompletionStatus,
      prior_output_available: rc.priorOutputAvailable,
      prior_output: outcome.priorOutput,
      prior_completion_at: rc.priorCompletionAt,
      first_attempt_at: rc.firstAttemptAt,
      last_attempt_at: rc.lastAttemptAt,
      last_decision: rc.lastDecision,
      idempotency_key: rc.idempotencyKey,
    },
  };
}

export function presentCheckpoints(execution: Execution, steps: readonly Step[]): CheckpointList {
  return {
    workflow_id: execution.executionId,
    checkpoints: steps.map((step) => ({
      checkpoint_id: `cp_${step.stepIndex}_${step.stepId}`,
      step_id: step.stepId,
      step_index: step.stepIndex,
      step_name: step.name,
      step_type: step.stepType,
      completed_at: step.endedAt,
    })),
    count: steps.length,
  };
}
