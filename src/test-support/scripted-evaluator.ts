/**
 * @module A PolicyEvaluator for tests: decisions keyed by tool name (or step name), with one
 * matched policy named after the action, so gate responses look as a policy engine's would.
 */
import type { PolicyDecision } from '../core/executions/policy-decision.js';
import type { GateDecision } from '../core/executions/vocabularies.js';
import type { PolicyEvaluator } from '../core/ports/policy-evaluator.js';

export function scriptedEvaluator(decisions: Record<string, GateDecision>): PolicyEvaluator {
  return {
    async evaluate(facts): Promise<PolicyDecision> {
      const key = facts.tool?.name ?? facts.step.name;
      const decision = decisions[key] ?? 'allow';
      const policy = { policyId: `pol-${decision}`, policyName: `test ${decision}`, version: 1, severity: 'high' as const };
      const evaluated = [{ ...policy, action: decision === 'allow' ? ('allow' as const) : decision, reason: `${key} is ${decision}` }];
      return {
        decision,
        reason: decision === 'allow' ? 'No policy matched' : `${key} is ${decision}`,
        policiesEvaluated: evaluated,
        policiesMatched: decision === 'allow' ? [] : evaluated,
        redactions: [],
        warnings: [],
      };
    },
  };
}
