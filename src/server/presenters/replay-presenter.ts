/**
 * @module The replay/export wire (AxonFlow reference §3.1): ExecutionSummary, ExecutionSnapshot and
 * TimelineEntry from the one model. Its four status words lose detail, so `status_detail` keeps the
 * exact status; AxonFlow's never-filled fields (input, cost, policies, retries) are filled here.
 */
import type { Execution, Step, StepStatus } from '../../core/executions/index.js';
import { toReplayStatus } from '../../core/executions/index.js';
import type { ExecutionSnapshot, ExecutionSummary, TimelineEntry } from '../../shared/executions.js';
import { toSnakeCase } from './snake-case.js';

const STEP_WORD: Record<StepStatus, ExecutionSnapshot['status']> = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  skipped: 'completed',
  blocked: 'failed',
  approval: 'paused',
};

export function presentSummary(execution: Execution): ExecutionSummary {
  return {
    request_id: execution.executionId,
    workflow_name: execution.name,
    status: toReplayStatus(execution.status),
    status_detail: execution.status,
    execution_type: execution.executionType,
    total_steps: Math.max(execution.totalSteps, execution.stepCount),
    completed_steps: execution.completedSteps,
    started_at: execution.startedAt,
    completed_at: execution.completedAt,
    duration_ms: execution.durationMs,
    total_tokens: execution.tokensIn + execution.tokensOut,
    total_cost_usd: execution.costUsd,
    org_id: execution.orgId,
    tenant_id: execution.tenantId,
    user_id: execution.userId,
    input_summary: execution.input,
    output_summary: execution.output,
    error_message: execution.error?.message ?? (execution.status !== 'completed' ? execution.statusReason : undefined),
    trace_id: execution.traceId,
    parent_execution_id: execution.parentExecutionId,
    rerun_id: execution.rerunId,
    attention: execution.attention,
    failure_class: execution.failureClass,
    failure_reason: execution.failureReason,
    failure_step: execution.failureStep,
    created_at: execution.createdAt,
    updated_at: execution.updatedAt,
  };
}

function resolution(step: Step): string {
  if (step.approvalStatus) return step.approvalStatus;
  if (step.decision === 'block') return 'blocked';
  return 'allowed';
}

export function presentSnapshot(step: Step, createdAt: string): ExecutionSnapshot {
  return {
    id: step.stepIndex + 1,
    request_id: step.executionId,
    step_index: step.stepIndex,
    step_id: step.stepId,
    step_name: step.name,
    step_type: step.stepType,
    status: STEP_WORD[step.status],
    status_detail: step.status,
    started_at: step.startedAt ?? step.gatedAt,
    completed_at: step.endedAt,
    duration_ms: step.durationMs,
    input: step.input,
    output: step.output,
    provider: step.provider,
    model: step.model,
    tokens_in: step.tokensIn,
    tokens_out: step.tokensOut,
    cost_usd: step.costUsd,
    policies_checked: step.policiesEvaluated.map((p) => p.policyId),
    policies_triggered: step.policiesMatched.map((p) => ({ policy_id: p.policyId, policy_name: p.policyName, action: p.action, matched: p.reason ?? p.matchedRule, resolution: resolution(step) })),
    redactions: step.redactions.map((r) => ({ field: r.field ?? 'input', path: r.path, type: r.type, policy_id: r.policyId })),
    error_message: step.error?.message,
    retry_count: step.attempts.length,
    agent_id: step.agentId,
    parent_step_id: step.parentStepId,
    approval_status: step.approvalStatus,
    approved_by: step.approvedBy,
    rejected_by: step.rejectedBy,
    attempts: step.attempts.map((a) => toSnakeCase(a) as Record<string, unknown>),
    provider_calls: step.providerCalls.map((c) => toSnakeCase(c) as Record<string, unknown>),
    connector_calls: step.connectorCalls.map((c) => toSnakeCase(c) as Record<string, unknown>),
    created_at: step.gatedAt ?? step.startedAt ?? createdAt,
  };
}

export function presentTimelineEntry(step: Step): TimelineEntry {
  return {
    step_index: step.stepIndex,
    step_id: step.stepId,
    step_name: step.name,
    step_type: step.stepType,
    status: STEP_WORD[step.status],
    started_at: step.startedAt ?? step.gatedAt,
    completed_at: step.endedAt,
    duration_ms: step.durationMs,
    has_error: step.error !== undefined || step.attempts.length > 0,
    has_approval: step.approvalId !== undefined,
    decision: step.decision,
    attempts: step.attempts.length + 1,
  };
}

export interface ExportParts {
  readonly input: boolean;
  readonly output: boolean;
  readonly policies: boolean;
}

/** AxonFlow's export summary: inputs and outputs nulled when left out. */
export function presentExportSummary(execution: Execution, parts: ExportParts) {
  const summary = presentSummary(execution);
  return { ...summary, input_summary: parts.input ? summary.input_summary ?? null : null, output_summary: parts.output ? summary.output_summary ?? null : null };
}

/** One step of AxonFlow's export: excluded parts are null, as AxonFlow writes them. */
export function presentExportStep(step: Step, createdAt: string, parts: ExportParts) {
  const snapshot = presentSnapshot(step, createdAt);
  return {
    ...snapshot,
    input: parts.input ? snapshot.input ?? null : null,
    output: parts.output ? snapshot.output ?? null : null,
    policies_checked: parts.policies ? snapshot.policies_checked : null,
    policies_triggered: parts.policies ? snapshot.policies_triggered : null,
  };
}

/** AxonFlow's export body; excluded parts are null, as AxonFlow writes them. */
export function presentExport(execution: Execution, steps: readonly Step[], parts: ExportParts, exportedAt: string) {
  return {
    exported_at: exportedAt,
    format: 'json',
    execution: { summary: presentExportSummary(execution, parts), steps: steps.map((step) => presentExportStep(step, execution.createdAt, parts)) },
  };
}
