/**
 * @module A PolicyEvaluator over a set of compiled policies (loaded from files at start). The set
 * is replaced whole, so a gate always sees one consistent version of the policies.
 */
import type { PolicyDecision } from '../core/executions/policy-decision.js';
import { type CompiledPolicy, evaluatePolicies } from '../core/policies/index.js';
import type { GateFacts, PolicyEvaluator } from '../core/ports/policy-evaluator.js';

export class PolicySetEvaluator implements PolicyEvaluator {
  #compiled: readonly CompiledPolicy[];

  constructor(compiled: readonly CompiledPolicy[]) {
    this.#compiled = compiled;
  }

  get size(): number {
    return this.#compiled.length;
  }

  replace(compiled: readonly CompiledPolicy[]): void {
    this.#compiled = compiled;
  }

  async evaluate(facts: GateFacts): Promise<PolicyDecision> {
    return evaluatePolicies(this.#compiled, facts);
  }
}
