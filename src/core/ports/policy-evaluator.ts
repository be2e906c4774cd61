/**
 * @module PolicyEvaluator port: what a step gate asks before a step runs. The facts are a
 * documented contract (docs/policy-facts.md, with the policy engine); the answer is a full
 * PolicyDecision with every policy evaluated and matched.
 */
import type { PolicyDecision } from '../executions/policy-decision.js';
import type { ToolContext } from '../executions/step.js';
import type { StepType } from '../executions/vocabularies.js';

export interface GateFacts {
  readonly orgId: string;
  readonly tenantId: string;
  readonly userId?: string;
  readonly clientId?: string;
  readonly workflow: { readonly executionId: string; readonly name: string; readonly source: string };
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly step: { readonly id: string; readonly name: string; readonly type: StepType; readonly input?: unknown };
  readonly tool?: ToolContext;
  /** The step's agent when known: reported for the step before its gate, or the run's `metadata.agent_id`. */
  readonly agentId?: string;
  readonly provider?: string;
  readonly model?: string;
  readonly tokensIn?: number;
  readonly tokensOut?: number;
  readonly costUsd?: number;
}

export interface PolicyEvaluator {
  evaluate(facts: GateFacts): Promise<PolicyDecision>;
}
