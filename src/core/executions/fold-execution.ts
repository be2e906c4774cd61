/**
 * @module foldExecution: `(projection, event) -> projection`, the one pure function that turns the
 * event log into the executions, steps, approvals and usage projections. Stores run it inside the
 * append transaction; tests check that folding all events from empty equals what was stored.
 *
 * It throws only for events that cannot belong to any run: anything before `execution.created`
 * (EXECUTION_NOT_FOUND) and a second `execution.created` (EXECUTION_ALREADY_EXISTS). Late events
 * after a terminal status are kept and counted but never change the status: the first terminal
 * event wins.
 */
import { DomainError } from '../errors/domain-error.js';
import type { EventOf, ExecutionEvent } from '../events/event-catalogue.js';
import type { Approval } from './approval.js';
import { classifyExecution } from './classify-execution.js';
import { foldRerun } from './fold-rerun.js';
import type { Execution } from './execution.js';
import { isTerminalStatus } from './execution-status.js';
import * as steps from './fold-step.js';
import { addUsd } from './money.js';
import { DEFAULT_PAYLOAD_CAP_BYTES, previewPayload } from './payload-preview.js';
import type { ExecutionProjection, FoldOptions } from './projection.js';
import type { UsageRecord } from './usage-record.js';
import { assertNever, type ExecutionStatus } from './vocabularies.js';

const DEFAULT_OPTIONS: FoldOptions = { payloadCapBytes: DEFAULT_PAYLOAD_CAP_BYTES };

export function foldExecution(projection: ExecutionProjection, event: ExecutionEvent, options: FoldOptions = DEFAULT_OPTIONS): ExecutionProjection {
  if (event.type === 'execution.created') return created(projection, event, options);
  const current = projection.execution;
  if (!current) throw new DomainError('EXECUTION_NOT_FOUND', { executionId: event.executionId });
  const next = apply({ ...projection, execution: current }, current, event, options);
  const execution = next.execution as Execution;
  const touched: Execution = {
    ...execution,
    updatedAt: event.recordedAt,
    lastSeq: event.seq,
    eventCount: execution.eventCount + 1,
  };
  return { ...next, execution: { ...touched, ...classifyExecution(touched) } };
}

export function foldEvents(projection: ExecutionProjection, events: readonly ExecutionEvent[], options: FoldOptions = DEFAULT_OPTIONS): ExecutionProjection {
  return events.reduce((current, event) => foldExecution(current, event, options), projection);
}

function created(projection: ExecutionProjection, event: EventOf<'execution.created'>, options: FoldOptions): ExecutionProjection {
  if (projection.execution) throw new DomainError('EXECUTION_ALREADY_EXISTS', { executionId: event.executionId });
  const d = event.data;
  const execution: Execution = {
    orgId: event.orgId,
    tenantId: event.tenantId,
    executionId: event.executionId,
    executionType: d.executionType,
    name: d.name,
    source: d.source,
    status: d.startsPending ? 'pending' : 'running',
    traceId: d.traceId,
    metadata: d.metadata ?? {},
    input: previewPayload(d.input, options.payloadCapBytes, event.seq),
    userId: d.userId,
    clientId: d.clientId,
    parentExecutionId: d.parentExecutionId,
    rerunId: d.rerunId,
    createdAt: event.recordedAt,
    startedAt: event.at,
    updatedAt: event.recordedAt,
    totalSteps: d.totalSteps ?? 0,
    stepCount: 0,
    currentStepIndex: 0,
    completedSteps: 0,
    failedSteps: 0,
    blockedSteps: 0,
    pendingApprovals: 0,
    pendingApprovalSteps: [],
    retryCount: 0,
    retrying: false,
    providerCalls: 0,
    providerErrors: 0,
    connectorCalls: 0,
    connectorErrors: 0,
    tokensIn: 0,
    tokensOut: 0,
    tokensCached: 0,
    costUsd: 0,
    attention: 'none',
    lastSeq: event.seq,
    eventCount: 1,
  };
  return { ...projection, execution };
}

function apply(
  projection: ExecutionProjection,
  execution: Execution,
  event: Exclude<ExecutionEvent, { type: 'execution.created' }>,
  options: FoldOptions,
): ExecutionProjection {
  switch (event.type) {
    case 'execution.started':
    case 'execution.resumed':
      return { ...projection, execution: running(execution) };
    case 'execution.cancel_requested':
      return { ...projection, execution: { ...execution, cancelRequest: { reason: event.data.reason, by: event.data.by, at: event.at } } };
    case 'execution.completed':
      return finish(projection, execution, event.at, 'completed', undefined, { output: previewPayload(event.data.output, options.payloadCapBytes, event.seq) });
    case 'execution.failed': {
      const error = { ...event.data.error, stepId: event.data.stepId };
      const lastProblem = execution.lastProblem ?? { ...error, at: event.at };
      return finish(projection, execution, event.at, 'failed', event.data.error.message, { error, lastProblem });
    }
    case 'execution.cancelled':
      return finish(projection, execution, event.at, 'cancelled', event.data.reason, {});
    case 'execution.aborted':
      return finish(projection, execution, event.at, 'aborted', event.data.reason, {});
    case 'execution.expired':
      return finish(projection, execution, event.at, 'expired', event.data.reason, {});
    case 'provider.called':
      return providerCalled(projection, execution, event);
    case 'connector.called':
      return connectorCalled(projection, execution, event);
    case 'approval.requested':
      return approvalRequested(projection, execution, event);
    case 'approval.decided':
    case 'approval.expired':
      return approvalResolved(projection, execution, event);
    case 'approval.sla_breached':
      return approvalSlaBreached(projection, event);
    case 'rerun.requested':
    case 'rerun.dispatched':
      return { ...projection, execution: foldRerun(execution, event) };
    case 'step.gated':
    case 'step.started':
    case 'step.attempt_failed':
    case 'agent.handoff':
    case 'step.completed':
    case 'step.failed':
    case 'step.skipped':
      return stepEvent(projection, execution, event, options);
    default:
      return assertNever(event, 'event type');
  }
}

function running(execution: Execution): Execution {
  return execution.status === 'pending' ? { ...execution, status: 'running' } : execution;
}

function finish(
  projection: ExecutionProjection,
  execution: Execution,
  at: string,
  status: ExecutionStatus,
  reason: string | undefined,
  extra: Partial<Execution>,
): ExecutionProjection {
  if (isTerminalStatus(execution.status)) return projection;
  const durationMs = Math.max(0, Date.parse(at) - Date.parse(execution.startedAt));
  return { ...projection, execution: { ...execution, ...extra, status, statusReason: reason, completedAt: at, durationMs, retrying: false } };
}

type StepEvent = EventOf<'step.gated' | 'step.started' | 'step.attempt_failed' | 'agent.handoff' | 'step.completed' | 'step.failed' | 'step.skipped'>;

function stepEvent(projection: ExecutionProjection, execution: Execution, event: StepEvent, options: FoldOptions): ExecutionProjection {
  const cap = (value: unknown) => previewPayload(value, options.payloadCapBytes, event.seq);
  const d = event.data;
  const name = 'name' in d ? d.name : undefined;
  const stepType = 'stepType' in d ? d.stepType : undefined;
  const admitted = steps.admitStep(running(execution), projection.steps.get(d.stepId), d.stepId, event.at, event.seq, name, stepType);
  let fold: steps.StepFold;
  let usage = projection.usage;
  switch (event.type) {
    case 'step.gated':
      fold = steps.foldGated(admitted, event, cap);
      break;
    case 'step.started':
      fold = steps.foldStarted(admitted, event, cap);
      break;
    case 'step.attempt_failed':
      fold = steps.foldAttemptFailed(admitted, event);
      break;
    case 'agent.handoff':
      fold = steps.foldHandoff(admitted, event);
      break;
    case 'step.completed': {
      const result = steps.foldCompleted(admitted, event, cap);
      fold = result.fold;
      if (result.usageTotals) {
        // One usage record per step's reported totals, replaced when a completion repeats.
        const record = {
          ...usageRecord(fold.execution, event, fold.step.provider ?? 'unknown', fold.step.model ?? 'unknown', { ...result.usageTotals, tokensCached: 0 }, fold.step.agentId),
          usageId: `completion:${event.data.stepId}`,
        };
        usage = [...usage.filter((u) => u.usageId !== record.usageId), record];
      }
      break;
    }
    case 'step.failed':
      fold = steps.foldFailed(admitted, event);
      break;
    case 'step.skipped':
      fold = steps.foldSkipped(admitted, event);
      break;
    default:
      return assertNever(event, 'step event');
  }
  return withStep(projection, fold, event.seq, usage);
}

function withStep(projection: ExecutionProjection, fold: steps.StepFold, seq: number, usage = projection.usage): ExecutionProjection {
  const stepMap = new Map(projection.steps);
  stepMap.set(fold.step.stepId, { ...fold.step, updatedSeq: seq });
  return { ...projection, execution: fold.execution, steps: stepMap, usage };
}

function usageRecord(
  execution: Execution,
  event: ExecutionEvent,
  provider: string,
  model: string,
  amounts: { tokensIn: number; tokensOut: number; tokensCached: number; costUsd: number },
  agentId: string | undefined,
): UsageRecord {
  const stepId = (event.data as { stepId?: string }).stepId;
  return {
    usageId: event.eventId,
    seq: event.seq,
    executionId: execution.executionId,
    stepId,
    at: event.at,
    workflowName: execution.name,
    agentId,
    provider,
    model,
    ...amounts,
  };
}

function providerCalled(projection: ExecutionProjection, execution: Execution, event: EventOf<'provider.called'>): ExecutionProjection {
  const d = event.data;
  const failed = d.outcome === 'error';
  const tokensCached = d.tokensCached ?? 0;
  const updated: Execution = {
    ...running(execution),
    providerCalls: execution.providerCalls + 1,
    providerErrors: execution.providerErrors + (failed ? 1 : 0),
    tokensIn: execution.tokensIn + d.tokensIn,
    tokensOut: execution.tokensOut + d.tokensOut,
    tokensCached: execution.tokensCached + tokensCached,
    costUsd: addUsd(execution.costUsd, d.costUsd),
    retrying: failed ? execution.retrying : false,
    lastProblem: failed
      ? { message: d.error ?? `${d.provider} call failed`, source: 'provider', stepId: d.stepId, at: event.at }
      : execution.lastProblem,
  };
  let stepAgent: string | undefined;
  let next: ExecutionProjection = { ...projection, execution: updated };
  if (d.stepId) {
    const admitted = steps.admitStep(updated, projection.steps.get(d.stepId), d.stepId, event.at, event.seq, undefined, 'llm_call');
    const fold = steps.foldProviderCall(admitted, event);
    stepAgent = fold.step.agentId;
    next = withStep(projection, fold, event.seq);
  }
  const record = usageRecord(next.execution as Execution, event, d.provider, d.model, { tokensIn: d.tokensIn, tokensOut: d.tokensOut, tokensCached, costUsd: d.costUsd }, stepAgent);
  return { ...next, usage: [...next.usage, record] };
}

function connectorCalled(projection: ExecutionProjection, execution: Execution, event: EventOf<'connector.called'>): ExecutionProjection {
  const d = event.data;
  const failed = d.outcome === 'error';
  const updated: Execution = {
    ...running(execution),
    connectorCalls: execution.connectorCalls + 1,
    connectorErrors: execution.connectorErrors + (failed ? 1 : 0),
    lastProblem: failed
      ? { message: d.error ?? `${d.connector}.${d.operation} failed`, source: 'connector', type: d.errorType, stepId: d.stepId, at: event.at }
      : execution.lastProblem,
  };
  if (!d.stepId) return { ...projection, execution: updated };
  const admitted = steps.admitStep(updated, projection.steps.get(d.stepId), d.stepId, event.at, event.seq, undefined, 'connector_call');
  return withStep(projection, steps.foldConnectorCall(admitted, event), event.seq);
}

function approvalRequested(projection: ExecutionProjection, execution: Execution, event: EventOf<'approval.requested'>): ExecutionProjection {
  const d = event.data;
  const approval: Approval = {
    approvalId: d.approvalId,
    executionId: execution.executionId,
    stepId: d.stepId,
    status: 'pending',
    policyIds: d.policyIds,
    reason: d.reason,
    requestedAt: event.at,
    expiresAt: d.expiresAt,
    slaAt: d.slaAt,
    ...(d.onReject ? { onReject: d.onReject } : {}),
    updatedSeq: event.seq,
  };
  const approvals = new Map(projection.approvals);
  approvals.set(approval.approvalId, approval);
  const counted: Execution = {
    ...execution,
    pendingApprovals: execution.pendingApprovals + 1,
    pendingApprovalSteps: [...execution.pendingApprovalSteps, d.stepId],
  };
  const admitted = steps.admitStep(counted, projection.steps.get(d.stepId), d.stepId, event.at, event.seq);
  return withStep({ ...projection, approvals }, steps.foldApprovalRequested(admitted, approval), event.seq);
}

function approvalResolved(projection: ExecutionProjection, execution: Execution, event: EventOf<'approval.decided' | 'approval.expired'>): ExecutionProjection {
  const d = event.data;
  const existing = projection.approvals.get(d.approvalId);
  // Only a pending approval can be resolved; a late duplicate decision changes nothing.
  if (!existing || existing.status !== 'pending') return projection;
  const resolved: Approval =
    event.type === 'approval.decided'
      ? { ...existing, status: event.data.decision, decidedBy: event.data.by, decidedAt: event.at, comment: event.data.comment, updatedSeq: event.seq }
      : { ...existing, status: 'expired', decidedAt: event.at, updatedSeq: event.seq };
  const approvals = new Map(projection.approvals);
  approvals.set(resolved.approvalId, resolved);
  const counted: Execution = {
    ...execution,
    pendingApprovals: Math.max(0, execution.pendingApprovals - 1),
    pendingApprovalSteps: execution.pendingApprovalSteps.filter((stepId) => stepId !== d.stepId),
  };
  const admitted = steps.admitStep(counted, projection.steps.get(d.stepId), d.stepId, event.at, event.seq);
  const fold = event.type === 'approval.decided' ? steps.foldApprovalDecided(admitted, event) : steps.foldApprovalExpired(admitted, event);
  return withStep({ ...projection, approvals }, fold, event.seq);
}

/** Marks a pending approval as past its SLA, once; the run and the step are unchanged. */
function approvalSlaBreached(projection: ExecutionProjection, event: EventOf<'approval.sla_breached'>): ExecutionProjection {
  const existing = projection.approvals.get(event.data.approvalId);
  if (!existing || existing.status !== 'pending' || existing.slaBreached) return projection;
  const approvals = new Map(projection.approvals);
  approvals.set(existing.approvalId, { ...existing, slaBreached: true, slaBreachedAt: event.at, updatedSeq: event.seq });
  return { ...projection, approvals };
}
