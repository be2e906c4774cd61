/**
 * @module The rules of a re-run request, run as the `decide` of the append that records it, so
 * the check and the write are atomic: only a run that has ended can be re-run (a running one
 * would have two copies doing the same work; cancel it first). `from_step` is resolved by the
 * service before (it needs the steps) and only carried here.
 */
import { DomainError } from '../errors/domain-error.js';
import type { EventDraft } from '../events/event-catalogue.js';
import type { Execution } from '../executions/execution.js';
import { isTerminalStatus } from '../executions/execution-status.js';
import type { ExecutionProjection } from '../executions/projection.js';
import type { Rerun } from './rerun.js';

export function assertRerunnable(execution: Execution | undefined, executionId: string): Execution {
  if (!execution) throw new DomainError('EXECUTION_NOT_FOUND', { executionId });
  if (!isTerminalStatus(execution.status)) throw new DomainError('EXECUTION_NOT_TERMINAL', { executionId, status: execution.status });
  return execution;
}

export function decideRerun(current: ExecutionProjection, executionId: string, rerun: Rerun, inputOverrides: Readonly<Record<string, unknown>> | undefined): EventDraft[] {
  assertRerunnable(current.execution, executionId);
  return [
    {
      type: 'rerun.requested',
      eventId: rerun.rerunId,
      at: rerun.requestedAt,
      data: {
        rerunId: rerun.rerunId,
        requestedBy: rerun.requestedBy,
        reason: rerun.reason,
        ...(rerun.fromStep ? { fromStep: rerun.fromStep } : {}),
        ...(inputOverrides ? { inputOverrides } : {}),
        targetUrl: rerun.targetUrl,
      },
    },
  ];
}
