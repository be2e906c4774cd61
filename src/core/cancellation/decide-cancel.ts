/**
 * @module Cancelling a run: the request and its effect are recorded together, so the run is
 * cancelled at once (AxonFlow clients see WORKFLOW_TERMINAL at their next gate) and clients that
 * watch the run (the SDK) abort the step in flight when they see `execution.cancel_requested`.
 * Approvals still open on the run close with it (as expired, with the cancel as their reason), so
 * no reviewer is left deciding a run that no longer exists; the caller loads them.
 */
import { DomainError } from '../errors/domain-error.js';
import type { EventDraft } from '../events/event-catalogue.js';
import { isTerminalStatus } from '../executions/execution-status.js';
import type { ExecutionProjection } from '../executions/projection.js';

export function planCancel(current: ExecutionProjection, executionId: string, reason: string, by: string): EventDraft[] {
  const execution = current.execution;
  if (!execution) throw new DomainError('EXECUTION_NOT_FOUND', { executionId });
  if (isTerminalStatus(execution.status)) throw new DomainError('EXECUTION_TERMINAL', { executionId, status: execution.status });
  const closed: EventDraft[] = [...current.approvals.values()]
    .filter((approval) => approval.executionId === executionId && approval.status === 'pending')
    .map((approval) => ({ type: 'approval.expired', data: { approvalId: approval.approvalId, stepId: approval.stepId, reason: `Run cancelled by ${by}: ${reason}` } }));
  return [
    { type: 'execution.cancel_requested', data: { reason, by } },
    ...closed,
    { type: 'execution.cancelled', data: { reason, by } },
  ];
}
