/**
 * @module What the approval sweeper writes for one approval, as a pure decide function. It runs
 * inside the append transaction with the approval re-read under the run's lock, so when several
 * replicas sweep the same approval at once only the first finds work: the others see it expired
 * or already marked and write nothing. That is what makes expiry and escalation happen once.
 *
 * - Past `slaAt`, still pending, not yet marked: `approval.sla_breached`.
 * - Past `expiresAt`, still pending: `approval.expired`, and the run is aborted with that reason
 *   unless it has already ended (an approval left pending on an ended run is expired quietly, so
 *   it stops being due).
 */
import type { EventDraft } from '../events/event-catalogue.js';
import { isTerminalStatus } from '../executions/execution-status.js';
import type { ExecutionProjection } from '../executions/projection.js';

export function planApprovalSweep(current: ExecutionProjection, approvalId: string, now: string): EventDraft[] {
  const approval = current.approvals.get(approvalId);
  const execution = current.execution;
  if (!approval || !execution || approval.status !== 'pending') return [];
  const ids = { approvalId: approval.approvalId, stepId: approval.stepId };
  const events: EventDraft[] = [];
  if (approval.slaAt !== undefined && approval.slaAt <= now && !approval.slaBreached) {
    events.push({ type: 'approval.sla_breached', data: ids });
  }
  if (approval.expiresAt !== undefined && approval.expiresAt <= now) {
    events.push({ type: 'approval.expired', data: ids });
    if (!isTerminalStatus(execution.status)) {
      events.push({
        type: 'execution.aborted',
        data: { reason: `Approval ${approval.approvalId} for step ${approval.stepId} expired at ${approval.expiresAt} before a reviewer decided`, by: 'system' },
      });
    }
  }
  return events;
}
