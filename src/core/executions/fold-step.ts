/**
 * @module Step-level folds. Each takes the execution and the step (undefined when the event is the
 * first to name it) and returns both updated. Execution counters move with step status changes
 * through `withStepStatus`, so they always equal what counting all steps would give.
 */
import type { Approval } from './approval.js';
import type { Execution } from './execution.js';
import { addUsd } from './money.js';
import type { Step, StepError } from './step.js';
import type { StepStatus, StepType } from './vocabularies.js';
import type { EventOf } from '../events/event-catalogue.js';

export interface StepFold {
  readonly execution: Execution;
  readonly step: Step;
}

export function newStep(execution: Execution, stepId: string, at: string, seq: number, name?: string, stepType?: StepType): Step {
  return {
    executionId: execution.executionId,
    stepId,
    stepIndex: execution.stepCount,
    name: name ?? stepId,
    stepType: stepType ?? 'action',
    status: 'pending',
    policiesEvaluated: [],
    policiesMatched: [],
    redactions: [],
    gateCount: 0,
    completionCount: 0,
    attempts: [],
    providerCalls: [],
    connectorCalls: [],
    tokensIn: 0,
    tokensOut: 0,
    tokensCached: 0,
    costUsd: 0,
    firstAttemptAt: at,
    lastAttemptAt: at,
    updatedSeq: seq,
  };
}

/** Registers a step the execution has not seen yet, so stepCount and totals stay right. */
export function admitStep(execution: Execution, step: Step | undefined, stepId: string, at: string, seq: number, name?: string, stepType?: StepType): StepFold {
  if (step) return { execution, step };
  const created = newStep(execution, stepId, at, seq, name, stepType);
  const stepCount = execution.stepCount + 1;
  return {
    execution: { ...execution, stepCount, totalSteps: Math.max(execution.totalSteps, stepCount) },
    step: created,
  };
}

const COUNTER_OF: Partial<Record<StepStatus, 'completedSteps' | 'failedSteps' | 'blockedSteps'>> = {
  completed: 'completedSteps',
  failed: 'failedSteps',
  blocked: 'blockedSteps',
};

export function withStepStatus(fold: StepFold, status: StepStatus): StepFold {
  const before = fold.step.status;
  if (before === status) return fold;
  let execution = fold.execution;
  const left = COUNTER_OF[before];
  const entered = COUNTER_OF[status];
  if (left) execution = { ...execution, [left]: execution[left] - 1 };
  if (entered) execution = { ...execution, [entered]: execution[entered] + 1 };
  if (status === 'completed' || status === 'failed') {
    execution = { ...execution, currentStepIndex: Math.max(execution.currentStepIndex, fold.step.stepIndex) };
  }
  return { execution, step: { ...fold.step, status } };
}

function ended(step: Step, at: string): Pick<Step, 'endedAt' | 'durationMs'> {
  const since = step.startedAt ?? step.gatedAt;
  return { endedAt: at, durationMs: since ? Math.max(0, Date.parse(at) - Date.parse(since)) : undefined };
}

function problem(error: StepError, stepId: string | undefined, at: string): Execution['lastProblem'] {
  return { ...error, stepId, at };
}

/** Keeps a payload whole, or replaces it by a preview marker when it is over the cap. */
export type Cap = (value: unknown) => unknown;

function cappedTool(tool: Step['tool'], cap: Cap): Step['tool'] {
  return tool && tool.input !== undefined ? { ...tool, input: cap(tool.input) } : tool;
}

export function foldGated(fold: StepFold, event: EventOf<'step.gated'>, cap: Cap): StepFold {
  const d = event.data;
  if (d.cached && fold.step.gateCount > 0) {
    return { execution: fold.execution, step: { ...fold.step, gateCount: fold.step.gateCount + 1, lastAttemptAt: event.at } };
  }
  const step: Step = {
    ...fold.step,
    name: d.name,
    stepType: d.stepType,
    input: d.input !== undefined ? cap(d.input) : fold.step.input,
    provider: d.provider ?? fold.step.provider,
    model: d.model ?? fold.step.model,
    tool: d.tool ? cappedTool(d.tool, cap) : fold.step.tool,
    agentId: d.agentId ?? fold.step.agentId,
    parentStepId: d.parentStepId ?? fold.step.parentStepId,
    idempotencyKey: fold.step.idempotencyKey ?? d.idempotencyKey,
    inputHash: d.inputHash ?? fold.step.inputHash,
    decision: d.decision,
    decisionReason: d.reason,
    policiesEvaluated: d.policiesEvaluated,
    policiesMatched: d.policiesMatched,
    redactions: d.cached ? fold.step.redactions : d.redactions,
    redact: d.cached ? fold.step.redact : d.redact,
    gateCount: fold.step.gateCount + 1,
    gatedAt: fold.step.gatedAt ?? event.at,
    lastAttemptAt: event.at,
  };
  const status: StepStatus = d.decision === 'allow' ? 'running' : d.decision === 'block' ? 'blocked' : 'approval';
  const next = withStepStatus({ execution: fold.execution, step }, status);
  if (d.decision !== 'block') return next;
  const source = d.budgetExceeded ? 'budget' : 'policy';
  return { ...next, execution: { ...next.execution, lastProblem: problem({ message: d.reason, source }, step.stepId, event.at) } };
}

export function foldStarted(fold: StepFold, event: EventOf<'step.started'>, cap: Cap): StepFold {
  const d = event.data;
  const step: Step = {
    ...fold.step,
    name: d.name ?? fold.step.name,
    stepType: d.stepType ?? fold.step.stepType,
    input: fold.step.input ?? cap(d.input),
    provider: d.provider ?? fold.step.provider,
    model: d.model ?? fold.step.model,
    tool: fold.step.tool ?? cappedTool(d.tool, cap),
    agentId: d.agentId ?? fold.step.agentId,
    parentStepId: d.parentStepId ?? fold.step.parentStepId,
    startedAt: fold.step.startedAt ?? event.at,
    lastAttemptAt: event.at,
  };
  const holding = step.status === 'pending' || step.status === 'running';
  return withStepStatus({ execution: fold.execution, step }, holding ? 'running' : step.status);
}

export function foldAttemptFailed(fold: StepFold, event: EventOf<'step.attempt_failed'>): StepFold {
  const d = event.data;
  const step: Step = {
    ...fold.step,
    attempts: [...fold.step.attempts, { attempt: d.attempt, at: event.at, outcome: 'error', error: d.error, backoffMs: d.backoffMs }],
    lastAttemptAt: event.at,
  };
  const execution: Execution = {
    ...fold.execution,
    retryCount: fold.execution.retryCount + 1,
    retrying: true,
    lastProblem: problem(d.error, step.stepId, event.at),
  };
  return { execution, step };
}

export function foldHandoff(fold: StepFold, event: EventOf<'agent.handoff'>): StepFold {
  const d = event.data;
  return {
    execution: fold.execution,
    step: { ...fold.step, agentId: d.agentId, parentStepId: d.parentStepId ?? fold.step.parentStepId, name: d.name ?? fold.step.name },
  };
}

/**
 * Token and cost totals come from provider calls when a step has any. A step that reported no
 * calls takes its totals from its completion, and a repeated completion replaces them rather than
 * adding to them, so a retried completion never counts twice.
 */
export function foldCompleted(
  fold: StepFold,
  event: EventOf<'step.completed'>,
  cap: Cap,
): { fold: StepFold; usageTotals?: { tokensIn: number; tokensOut: number; costUsd: number } } {
  const d = event.data;
  const reportsTotals = fold.step.providerCalls.length === 0 && (d.tokensIn !== undefined || d.tokensOut !== undefined || d.costUsd !== undefined);
  const tokensIn = reportsTotals ? (d.tokensIn ?? fold.step.tokensIn) : fold.step.tokensIn;
  const tokensOut = reportsTotals ? (d.tokensOut ?? fold.step.tokensOut) : fold.step.tokensOut;
  const costUsd = reportsTotals ? (d.costUsd ?? fold.step.costUsd) : fold.step.costUsd;
  const step: Step = {
    ...fold.step,
    output: d.output !== undefined ? cap(d.output) : fold.step.output,
    redactions: d.redactions?.length ? [...fold.step.redactions.filter((r) => r.field !== 'output'), ...d.redactions] : fold.step.redactions,
    provider: fold.step.provider ?? d.provider,
    model: fold.step.model ?? d.model,
    completionCount: fold.step.completionCount + 1,
    tokensIn,
    tokensOut,
    costUsd,
    ...ended(fold.step, event.at),
  };
  const execution: Execution = {
    ...fold.execution,
    tokensIn: fold.execution.tokensIn + tokensIn - fold.step.tokensIn,
    tokensOut: fold.execution.tokensOut + tokensOut - fold.step.tokensOut,
    costUsd: addUsd(fold.execution.costUsd, costUsd - fold.step.costUsd),
    retrying: false,
  };
  const next = withStepStatus({ execution, step }, 'completed');
  return { fold: next, usageTotals: reportsTotals ? { tokensIn, tokensOut, costUsd } : undefined };
}

export function foldFailed(fold: StepFold, event: EventOf<'step.failed'>): StepFold {
  const step: Step = { ...fold.step, error: event.data.error, ...ended(fold.step, event.at) };
  const next = withStepStatus({ execution: fold.execution, step }, 'failed');
  return { ...next, execution: { ...next.execution, lastProblem: problem(event.data.error, step.stepId, event.at) } };
}

export function foldSkipped(fold: StepFold, event: EventOf<'step.skipped'>): StepFold {
  return withStepStatus({ execution: fold.execution, step: { ...fold.step, ...ended(fold.step, event.at) } }, 'skipped');
}

export function foldProviderCall(fold: StepFold, event: EventOf<'provider.called'>): StepFold {
  const d = event.data;
  const tokensCached = d.tokensCached ?? 0;
  const step: Step = {
    ...fold.step,
    provider: fold.step.provider ?? d.provider,
    model: fold.step.model ?? d.model,
    providerCalls: [
      ...fold.step.providerCalls,
      { at: event.at, provider: d.provider, model: d.model, tokensIn: d.tokensIn, tokensOut: d.tokensOut, tokensCached, latencyMs: d.latencyMs, outcome: d.outcome, costUsd: d.costUsd, error: d.error },
    ],
    tokensIn: fold.step.tokensIn + d.tokensIn,
    tokensOut: fold.step.tokensOut + d.tokensOut,
    tokensCached: fold.step.tokensCached + tokensCached,
    costUsd: addUsd(fold.step.costUsd, d.costUsd),
  };
  return { execution: fold.execution, step };
}

export function foldConnectorCall(fold: StepFold, event: EventOf<'connector.called'>): StepFold {
  const d = event.data;
  const step: Step = {
    ...fold.step,
    connectorCalls: [
      ...fold.step.connectorCalls,
      { at: event.at, connector: d.connector, operation: d.operation, latencyMs: d.latencyMs, outcome: d.outcome, error: d.error, errorType: d.errorType },
    ],
  };
  return { execution: fold.execution, step };
}

export function foldApprovalRequested(fold: StepFold, approval: Approval): StepFold {
  return {
    execution: fold.execution,
    step: { ...fold.step, approvalId: approval.approvalId, approvalStatus: 'pending' },
  };
}

export function foldApprovalDecided(fold: StepFold, event: EventOf<'approval.decided'>): StepFold {
  const d = event.data;
  if (d.decision === 'approved') {
    const step: Step = { ...fold.step, approvalStatus: 'approved', approvedBy: d.by, approvedAt: event.at, approvalComment: d.comment };
    return withStepStatus({ execution: fold.execution, step }, 'running');
  }
  const error: StepError = { message: `Approval rejected by ${d.by}: ${d.comment}`, source: 'approval', code: 'APPROVAL_REJECTED' };
  const step: Step = { ...fold.step, approvalStatus: 'rejected', rejectedBy: d.by, rejectedAt: event.at, approvalComment: d.comment, error, ...ended(fold.step, event.at) };
  const next = withStepStatus({ execution: fold.execution, step }, 'failed');
  return { ...next, execution: { ...next.execution, lastProblem: problem(error, step.stepId, event.at) } };
}

export function foldApprovalExpired(fold: StepFold, event: EventOf<'approval.expired'>): StepFold {
  const error: StepError = { message: 'Approval expired before a reviewer decided', source: 'approval', code: 'APPROVAL_EXPIRED' };
  const step: Step = { ...fold.step, approvalStatus: 'expired', error, ...ended(fold.step, event.at) };
  const next = withStepStatus({ execution: fold.execution, step }, 'failed');
  return { ...next, execution: { ...next.execution, lastProblem: problem(error, step.stepId, event.at) } };
}
