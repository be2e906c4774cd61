/**
 * @module The policy evaluator used until policies are configured: every step is allowed, and the
 * decision says so, so a gate's answer is never mistaken for a policy verdict.
 */
import type { PolicyDecision } from '../core/executions/policy-decision.js';
import type { PolicyEvaluator } from '../core/ports/policy-evaluator.js';

const ALLOW: PolicyDecision = Object.freeze({
  decision: 'allow',
  reason: 'No policies are configured',
  policiesEvaluated: [],
  policiesMatched: [],
  redactions: [],
  warnings: [],
});

export const allowAllEvaluator: PolicyEvaluator = { evaluate: async () => ALLOW };
