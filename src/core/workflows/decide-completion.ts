/**
 * @module WCP completion rules as pure decide functions: completing a step (only one a gate let
 * through), and completing, failing, aborting or resuming a workflow.
 */
import { type DetectorSelection, redactValue } from '../detectors/index.js';
import { DomainError } from '../errors/domain-error.js';
import type { EventDraft } from '../events/event-catalogue.js';
import type { ExecutionProjection } from '../executions/projection.js';
import { costOf, type PriceTable } from '../pricing/index.js';
import { requireActive } from './decide-gate.js';
import { effectiveDecision } from './effective-decision.js';

export interface StepCompletion {
  readonly workflowId: string;
  readonly stepId: string;
  readonly output?: unknown;
  readonly tokensIn?: number;
  readonly tokensOut?: number;
  readonly costUsd?: number;
  readonly idempotencyKey?: string;
}

/** A completion with tokens but no cost is priced from the step's provider and model. */
export function planStepCompletion(current: ExecutionProjection, completion: StepCompletion, prices: PriceTable): EventDraft[] {
  requireActive(current, completion.workflowId);
  const ids = { workflowId: completion.workflowId, stepId: completion.stepId };
  const step = current.steps.get(completion.stepId);
  if (!step || step.gateCount === 0) throw new DomainError('STEP_NOT_FOUND', { executionId: completion.workflowId, stepId: completion.stepId });
  if (step.idempotencyKey && completion.idempotencyKey && step.idempotencyKey !== completion.idempotencyKey) {
    throw new DomainError('IDEMPOTENCY_KEY_MISMATCH', { ...ids, expected: step.idempotencyKey, received: completion.idempotencyKey });
  }
  const { decision } = effectiveDecision(step);
  if (decision === 'require_approval') throw new DomainError('APPROVAL_PENDING', ids);
  if (decision === 'block') throw new DomainError(step.approvalStatus === 'rejected' ? 'STEP_REJECTED' : 'STEP_BLOCKED', ids);
  let costUsd = completion.costUsd;
  if (costUsd === undefined && (completion.tokensIn !== undefined || completion.tokensOut !== undefined) && step.provider && step.model) {
    const priced = costOf(prices, { provider: step.provider, model: step.model, tokensIn: completion.tokensIn ?? 0, tokensOut: completion.tokensOut ?? 0 });
    if (priced.priced) costUsd = priced.costUsd;
  }
  return [
    {
      type: 'step.completed',
      data: { stepId: completion.stepId, ...maskedOutput(step.redact?.kinds, completion.output), tokensIn: completion.tokensIn, tokensOut: completion.tokensOut, costUsd },
    },
  ];
}

/** The output as stored: masked with the plan the step's gate recorded, if any. */
function maskedOutput(kinds: readonly string[] | 'all' | undefined, output: unknown): { output?: unknown; redactions?: { path: string; type: string; field: 'output' }[] } {
  if (kinds === undefined || output === undefined) return { output };
  const masked = redactValue(output, kinds as DetectorSelection);
  return { output: masked.value, redactions: masked.redactions.map((r) => ({ path: r.path, type: r.kind, field: 'output' as const })) };
}

export type WorkflowEnd = { readonly kind: 'complete'; readonly output?: unknown } | { readonly kind: 'fail'; readonly reason: string } | { readonly kind: 'abort'; readonly reason: string; readonly by?: string };

export function planWorkflowEnd(current: ExecutionProjection, workflowId: string, end: WorkflowEnd): EventDraft[] {
  const execution = requireActive(current, workflowId);
  switch (end.kind) {
    case 'complete': {
      const waiting = execution.pendingApprovalSteps[0];
      if (waiting) throw new DomainError('APPROVAL_PENDING', { workflowId, stepId: waiting });
      return [{ type: 'execution.completed', data: { output: end.output } }];
    }
    case 'fail':
      return [{ type: 'execution.failed', data: { error: { message: end.reason, source: 'step' } } }];
    case 'abort':
      return [{ type: 'execution.aborted', data: { reason: end.reason, by: end.by } }];
  }
}

export function planResume(current: ExecutionProjection, workflowId: string, by: string): EventDraft[] {
  const execution = requireActive(current, workflowId);
  const waiting = execution.pendingApprovalSteps[0];
  if (waiting) throw new DomainError('APPROVAL_PENDING', { workflowId, stepId: waiting });
  return [{ type: 'execution.resumed', data: { by } }];
}
