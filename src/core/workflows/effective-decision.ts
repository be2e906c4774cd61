/**
 * @module The decision a gate reports for a step: the recorded policy decision, except that an
 * approval answers a require_approval (approved → allow; rejected or expired → block).
 */
import type { Step } from '../executions/step.js';
import type { GateDecision } from '../executions/vocabularies.js';

export function effectiveDecision(step: Step): { decision: GateDecision; reason: string } {
  const recorded = step.decision ?? 'allow';
  const reason = step.decisionReason ?? '';
  if (recorded !== 'require_approval') return { decision: recorded, reason };
  switch (step.approvalStatus) {
    case 'approved':
      return { decision: 'allow', reason: `Approved by ${step.approvedBy ?? 'a reviewer'}${step.approvalComment ? `: ${step.approvalComment}` : ''}` };
    case 'rejected':
      return { decision: 'block', reason: `Rejected by ${step.rejectedBy ?? 'a reviewer'}${step.approvalComment ? `: ${step.approvalComment}` : ''}` };
    case 'expired':
      return { decision: 'block', reason: 'The approval expired before a reviewer decided' };
    default:
      return { decision: 'require_approval', reason };
  }
}
