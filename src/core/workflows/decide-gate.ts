/**
 * @module The WCP gate rules, as a pure decide function for `store.append`:
 * - the workflow must exist, be a WCP run, and not be terminal (WORKFLOW_TERMINAL);
 * - an idempotency key, once set on a step, never changes (IDEMPOTENCY_KEY_MISMATCH);
 * - a retried gate with retry_policy "idempotent" (the default) answers with the recorded
 *   decision, and refuses a changed input (STEP_INPUT_MISMATCH); "reevaluate" decides afresh;
 * - a new step may not start while another waits for approval (APPROVAL_PENDING);
 * - require_approval opens an approval unless one is already pending for the step.
 */
import { DomainError } from '../errors/domain-error.js';
import type { EventDraft } from '../events/event-catalogue.js';
import { isTerminalStatus, toWcpStatus } from '../executions/execution-status.js';
import type { PolicyDecision } from '../executions/policy-decision.js';
import type { ExecutionProjection } from '../executions/projection.js';
import type { Step, ToolContext } from '../executions/step.js';
import type { StepType } from '../executions/vocabularies.js';

export interface GateRequest {
  readonly workflowId: string;
  readonly stepId: string;
  readonly name: string;
  readonly stepType: StepType;
  readonly input?: unknown;
  readonly tool?: ToolContext;
  readonly provider?: string;
  readonly model?: string;
  readonly idempotencyKey?: string;
  readonly inputHash: string;
  readonly retryPolicy: 'idempotent' | 'reevaluate';
}

export interface GateContext {
  /** The fresh decision, when one was evaluated; undefined when the service expects a cached answer. */
  readonly fresh?: PolicyDecision;
  readonly newApprovalId: () => string;
  /** When an approval opened now expires, given the deciding policy's TTL (if it has one). */
  readonly approvalExpiresAt: (ttlMs?: number) => string;
  /** When reviewers should have decided by, given the deciding policy's SLA; undefined for no SLA. */
  readonly approvalSlaAt?: (slaMs?: number) => string | undefined;
}

/** What the gate decided to write; `needsEvaluation` asks the caller to evaluate and retry. */
export type GatePlan =
  | { readonly kind: 'events'; readonly events: EventDraft[]; readonly cached: boolean; readonly before: Step | undefined }
  | { readonly kind: 'needs_evaluation' };

export function requireWorkflow(current: ExecutionProjection, workflowId: string) {
  const execution = current.execution;
  if (!execution || execution.executionType !== 'wcp_workflow') throw new DomainError('WORKFLOW_NOT_FOUND', { workflowId });
  return execution;
}

export function requireActive(current: ExecutionProjection, workflowId: string) {
  const execution = requireWorkflow(current, workflowId);
  if (isTerminalStatus(execution.status)) {
    throw new DomainError('WORKFLOW_TERMINAL', { workflowId, status: toWcpStatus(execution.status), internalStatus: execution.status });
  }
  return execution;
}

export function planGate(current: ExecutionProjection, request: GateRequest, context: GateContext): GatePlan {
  const execution = requireActive(current, request.workflowId);
  const step = current.steps.get(request.stepId);
  const ids = { workflowId: request.workflowId, stepId: request.stepId };

  if (step && step.idempotencyKey && request.idempotencyKey && step.idempotencyKey !== request.idempotencyKey) {
    throw new DomainError('IDEMPOTENCY_KEY_MISMATCH', { ...ids, expected: step.idempotencyKey, received: request.idempotencyKey });
  }
  if (step && step.gateCount > 0 && request.retryPolicy === 'idempotent') {
    if (step.inputHash && step.inputHash !== request.inputHash) throw new DomainError('STEP_INPUT_MISMATCH', ids);
    return { kind: 'events', cached: true, before: step, events: [gated(request, cachedDecision(step), true)] };
  }
  if (!step || step.gateCount === 0) {
    const waiting = execution.pendingApprovalSteps.find((stepId) => stepId !== request.stepId);
    if (waiting) throw new DomainError('APPROVAL_PENDING', { workflowId: request.workflowId, stepId: waiting });
  }
  if (!context.fresh) return { kind: 'needs_evaluation' };
  const events: EventDraft[] = [gated(request, context.fresh, false)];
  const approvalPending = step?.approvalStatus === 'pending';
  if (context.fresh.decision === 'require_approval' && !approvalPending) {
    events.push({
      type: 'approval.requested',
      data: {
        approvalId: context.newApprovalId(),
        stepId: request.stepId,
        policyIds: context.fresh.policiesMatched.filter((p) => p.action === 'require_approval').map((p) => p.policyId),
        reason: context.fresh.reason,
        expiresAt: context.approvalExpiresAt(context.fresh.approvalTtlMs),
        ...slaAndRejection(context, context.fresh),
      },
    });
  }
  return { kind: 'events', cached: false, before: step, events };
}

function slaAndRejection(context: GateContext, decision: PolicyDecision): { slaAt?: string; onReject?: PolicyDecision['approvalOnReject'] } {
  const slaAt = context.approvalSlaAt?.(decision.approvalSlaMs);
  return { ...(slaAt ? { slaAt } : {}), ...(decision.approvalOnReject ? { onReject: decision.approvalOnReject } : {}) };
}

function cachedDecision(step: Step): PolicyDecision {
  return {
    decision: step.decision ?? 'allow',
    reason: step.decisionReason ?? '',
    policiesEvaluated: step.policiesEvaluated,
    policiesMatched: step.policiesMatched,
    redactions: step.redactions,
    warnings: [],
  };
}

function gated(request: GateRequest, decision: PolicyDecision, cached: boolean): EventDraft {
  return {
    type: 'step.gated',
    data: {
      stepId: request.stepId,
      name: request.name,
      stepType: request.stepType,
      // A cached gate repeats a recorded input (same hash): the projection keeps what was stored.
      input: cached ? undefined : decision.redacted ? decision.redacted.input : request.input,
      tool: cached ? undefined : decision.redacted && request.tool ? { ...request.tool, input: decision.redacted.toolInput } : request.tool,
      provider: request.provider,
      model: request.model,
      idempotencyKey: request.idempotencyKey,
      inputHash: request.inputHash,
      decision: decision.decision,
      reason: decision.reason,
      policiesEvaluated: decision.policiesEvaluated,
      policiesMatched: decision.policiesMatched,
      redactions: decision.redactions,
      ...(decision.redacted && !cached ? { redact: decision.redacted.plan } : {}),
      ...(decision.budgetExceeded ? { budgetExceeded: true } : {}),
      ...(cached ? { cached: true } : {}),
    },
  };
}
