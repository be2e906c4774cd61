/**
 * @module The unified execution wire (AxonFlow reference §3.2): ExecutionStatus and StepStatus,
 * with our derived fields (attention, failure class and reason, tokens, trace id) added.
 */
import type { Execution, Step } from '../../core/executions/index.js';
import { toUnifiedStatus } from '../../core/executions/index.js';
import { goDuration } from './go-duration.js';
import { presentPolicyMatch } from './workflow-presenter.js';

export function presentUnifiedStep(step: Step) {
  return {
    step_id: step.stepId,
    step_index: step.stepIndex,
    step_name: step.name,
    step_type: step.stepType,
    status: step.status,
    started_at: step.startedAt ?? step.gatedAt,
    ended_at: step.endedAt,
    duration: step.durationMs !== undefined ? goDuration(step.durationMs) : undefined,
    duration_ms: step.durationMs,
    decision: step.decision,
    decision_reason: step.decisionReason,
    policies_matched: step.policiesMatched.map((p) => p.policyName),
    policy_matches: step.policiesMatched.map(presentPolicyMatch),
    approval_id: step.approvalId,
    approval_status: step.approvalStatus,
    approved_by: step.approvedBy,
    approved_at: step.approvedAt,
    rejected_by: step.rejectedBy,
    rejected_at: step.rejectedAt,
    model: step.model,
    provider: step.provider,
    cost_usd: step.costUsd,
    tokens_in: step.tokensIn,
    tokens_out: step.tokensOut,
    input: step.input,
    output: step.output,
    error: step.error?.message,
    error_source: step.error?.source,
    agent_id: step.agentId,
    parent_step_id: step.parentStepId,
    retry_count: step.attempts.length,
  };
}

export type UnifiedStep = ReturnType<typeof presentUnifiedStep>;

/** `now` decides the duration of a run still going. */
export function presentUnifiedStatus(execution: Execution, steps: readonly Step[] | undefined, now: string) {
  const end = execution.completedAt ?? now;
  const durationMs = execution.durationMs ?? Math.max(0, Date.parse(end) - Date.parse(execution.startedAt));
  const total = Math.max(execution.totalSteps, execution.stepCount);
  return {
    execution_id: execution.executionId,
    execution_type: execution.executionType,
    name: execution.name,
    source: execution.source,
    status: toUnifiedStatus(execution.status),
    current_step_index: execution.currentStepIndex,
    total_steps: total,
    completed_steps: execution.completedSteps,
    progress_percent: total === 0 ? 0 : Math.round((execution.completedSteps / total) * 10_000) / 100,
    started_at: execution.startedAt,
    completed_at: execution.completedAt,
    duration: goDuration(durationMs),
    duration_ms: durationMs,
    actual_cost_usd: execution.costUsd,
    tokens_in: execution.tokensIn,
    tokens_out: execution.tokensOut,
    steps: steps?.map(presentUnifiedStep),
    error: execution.error?.message ?? (execution.status === 'failed' ? execution.statusReason : undefined),
    tenant_id: execution.tenantId,
    org_id: execution.orgId,
    user_id: execution.userId,
    client_id: execution.clientId,
    trace_id: execution.traceId,
    parent_execution_id: execution.parentExecutionId,
    rerun_id: execution.rerunId,
    metadata: { ...execution.metadata },
    attention: execution.attention,
    failure_class: execution.failureClass,
    failure_reason: execution.failureReason,
    failure_step: execution.failureStep,
    pending_approvals: execution.pendingApprovals,
    retry_count: execution.retryCount,
    last_event_seq: execution.lastSeq,
    created_at: execution.createdAt,
    updated_at: execution.updatedAt,
  };
}

export type UnifiedStatus = ReturnType<typeof presentUnifiedStatus>;
