/**
 * @module Attention and failure classification, a pure function of the execution summary the fold
 * maintains. Rules, first match wins (docs/failure-classification.md):
 *   1. completed: no class.
 *   2. cancelled by an operator: `cancelled`.
 *   3. still running: an approval pending → `approval_pending`; a step blocked or attempts
 *      failing → classed by the latest problem (4); otherwise no class.
 *   4. the latest problem decides: budget → `budget_exceeded`; policy block or rejected approval →
 *      `policy_block`; expired approval → `approval_pending`; provider → `provider_failure`;
 *      connector → `connector_failure`; the step's own error → `workflow_logic_bug`.
 *   5. aborted with no problem recorded (the client gave up): `cancelled`.
 *   6. failed or expired with no problem recorded: `workflow_logic_bug`.
 * Time-based "stuck" needs a clock and is derived at read time, not here.
 */
import type { Execution } from './execution.js';
import { isTerminalStatus } from './execution-status.js';
import type { Attention, FailureClass } from './vocabularies.js';

export interface Classification {
  readonly attention: Attention;
  readonly failureClass?: FailureClass;
  readonly failureReason?: string;
  readonly failureStep?: string;
}

type Problem = NonNullable<Execution['lastProblem']>;

function attentionOf(execution: Execution): Attention {
  if (isTerminalStatus(execution.status)) return 'none';
  if (execution.pendingApprovals > 0) return 'approval_pending';
  if (execution.blockedSteps > 0) return 'blocked';
  if (execution.retrying) return 'retrying';
  return 'none';
}

function classOf(problem: Problem): FailureClass {
  switch (problem.source) {
    case 'budget':
      return 'budget_exceeded';
    case 'policy':
      return 'policy_block';
    case 'approval':
      return problem.code === 'APPROVAL_EXPIRED' ? 'approval_pending' : 'policy_block';
    case 'provider':
      return 'provider_failure';
    case 'connector':
      return 'connector_failure';
    case 'operator':
      return 'cancelled';
    case 'step':
      return 'workflow_logic_bug';
    default: {
      const unreachable: never = problem.source;
      return unreachable;
    }
  }
}

export function classifyExecution(execution: Execution): Classification {
  const attention = attentionOf(execution);
  const problem = execution.lastProblem;
  switch (execution.status) {
    case 'completed':
      return { attention };
    case 'cancelled':
      return { attention, failureClass: 'cancelled', failureReason: execution.statusReason ?? execution.cancelRequest?.reason ?? 'Cancelled' };
    case 'pending':
    case 'running':
      if (attention === 'approval_pending') {
        return { attention, failureClass: 'approval_pending', failureReason: 'Waiting for a reviewer to approve a step', failureStep: problem?.stepId };
      }
      if (attention === 'none' || !problem) return { attention };
      return { attention, failureClass: classOf(problem), failureReason: problem.message, failureStep: problem.stepId };
    case 'failed':
    case 'aborted':
    case 'expired':
      if (problem) return { attention, failureClass: classOf(problem), failureReason: problem.message, failureStep: problem.stepId };
      return {
        attention,
        failureClass: execution.status === 'aborted' ? 'cancelled' : 'workflow_logic_bug',
        failureReason: execution.error?.message ?? execution.statusReason ?? `Execution ${execution.status}`,
        failureStep: execution.error?.stepId,
      };
    default: {
      const unreachable: never = execution.status;
      return unreachable;
    }
  }
}
