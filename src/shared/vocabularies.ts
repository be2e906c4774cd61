/**
 * @module Word lists of the wire with no schema around them, so a client (axonctl) can offer them
 * in its help and completion without loading zod. The schemas build on these lists.
 */

export const FAILURE_CLASS_VALUES = ['policy_block', 'approval_pending', 'provider_failure', 'connector_failure', 'workflow_logic_bug', 'budget_exceeded', 'cancelled'] as const;
export const ATTENTION_VALUES = ['none', 'approval_pending', 'blocked', 'retrying', 'stuck'] as const;
export const WEBHOOK_FORMAT_VALUES = ['axonflow', 'slack'] as const;
export const WEBHOOK_EVENT_VALUES = ['approval.requested', 'approval.decided', 'approval.expired', 'approval.sla_breached', 'execution.completed', 'execution.failed', 'execution.cancelled', 'execution.expired', 'alert.firing', 'alert.resolved'] as const;
/** The shortest re-run reason (characters, after trimming). */
export const RERUN_REASON_MIN = 10;
