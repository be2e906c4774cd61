/**
 * @module The closed vocabularies of the execution model. Each is a readonly tuple with a
 * same-named union type and a guard; a switch over one ends in `assertNever` so adding a value
 * fails compilation wherever it is not handled.
 */

function guard<T extends string>(values: readonly T[]) {
  return (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** How a run reached us: gated step by step through WCP, or reported after the fact. */
export const EXECUTION_TYPES = ['wcp_workflow', 'reported'] as const;
export type ExecutionType = (typeof EXECUTION_TYPES)[number];
export const isExecutionType = guard(EXECUTION_TYPES);

export const EXECUTION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'aborted', 'expired'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const isExecutionStatus = guard(EXECUTION_STATUSES);

export const STEP_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped', 'blocked', 'approval'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const isStepStatus = guard(STEP_STATUSES);

/** AxonFlow's step types (reference §2.2) plus the two WCP-specific ones. */
export const STEP_TYPES = ['llm_call', 'tool_call', 'connector_call', 'human_task', 'synthesis', 'action', 'gate'] as const;
export type StepType = (typeof STEP_TYPES)[number];
export const isStepType = guard(STEP_TYPES);

export const GATE_DECISIONS = ['allow', 'block', 'require_approval'] as const;
export type GateDecision = (typeof GATE_DECISIONS)[number];
export const isGateDecision = guard(GATE_DECISIONS);

/** Actions a policy can take, most restrictive first. */
export const POLICY_ACTIONS = ['block', 'require_approval', 'redact', 'warn', 'log', 'allow'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];
export const isPolicyAction = guard(POLICY_ACTIONS);

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const isSeverity = guard(SEVERITIES);

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const isApprovalStatus = guard(APPROVAL_STATUSES);

export const ATTENTIONS = ['none', 'approval_pending', 'blocked', 'retrying', 'stuck'] as const;
export type Attention = (typeof ATTENTIONS)[number];
export const isAttention = guard(ATTENTIONS);

export const FAILURE_CLASSES = [
  'policy_block',
  'approval_pending',
  'provider_failure',
  'connector_failure',
  'workflow_logic_bug',
  'budget_exceeded',
  'cancelled',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];
export const isFailureClass = guard(FAILURE_CLASSES);

/** Where an error came from; drives failure classification. */
export const ERROR_SOURCES = ['provider', 'connector', 'policy', 'budget', 'step', 'approval', 'operator'] as const;
export type ErrorSource = (typeof ERROR_SOURCES)[number];

export const CALL_OUTCOMES = ['ok', 'error'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
