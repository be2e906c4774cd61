/** @module Event drafts for a WCP run whose step waits for an approval, for store and sweeper tests. */
import type { EventDraft } from '../core/events/event-catalogue.js';

export interface HeldStep {
  readonly approvalId: string;
  readonly stepId?: string;
  readonly name?: string;
  readonly policyIds?: readonly string[];
  readonly expiresAt?: string;
  readonly slaAt?: string;
}

/** `execution.created` (WCP), a `require_approval` gate and its `approval.requested`. */
export function heldRun(held: HeldStep): EventDraft[] {
  const stepId = held.stepId ?? 'pay';
  const policyIds = held.policyIds ?? ['needs-approval'];
  return [
    { type: 'execution.created', data: { executionType: 'wcp_workflow', name: held.name ?? 'payouts', source: 'external' } },
    {
      type: 'step.gated',
      data: {
        stepId,
        name: stepId,
        stepType: 'tool_call',
        decision: 'require_approval',
        reason: 'needs a reviewer',
        policiesEvaluated: policyIds.map((policyId) => ({ policyId, policyName: policyId, action: 'require_approval' as const })),
        policiesMatched: policyIds.map((policyId) => ({ policyId, policyName: policyId, action: 'require_approval' as const })),
        redactions: [],
      },
    },
    { type: 'approval.requested', data: { approvalId: held.approvalId, stepId, policyIds, reason: 'needs a reviewer', expiresAt: held.expiresAt, slaAt: held.slaAt } },
  ];
}
