export { type GateRequest, type GateContext, type GatePlan, planGate, requireWorkflow, requireActive } from './decide-gate.js';
export { type StepCompletion, type WorkflowEnd, planStepCompletion, planWorkflowEnd, planResume } from './decide-completion.js';
export { type RetryContext, retryContext } from './retry-context.js';
export { effectiveDecision } from './effective-decision.js';
