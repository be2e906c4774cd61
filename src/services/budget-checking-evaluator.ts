/**
 * @module BudgetCheckingEvaluator: a PolicyEvaluator that asks the inner evaluator (the policy
 * engine) and the budgets together, and answers with one decision (`combineDecisions`: the most
 * restrictive wins). Every budget that applies to the gate's tenant, workflow, agent and provider
 * is recorded on the step as an evaluated policy `budget:<id>`, and as a matched one when exceeded,
 * exactly like a policy match.
 */
import type { PolicyDecision } from '../core/executions/policy-decision.js';
import { combineDecisions } from '../core/policies/combine-decisions.js';
import type { GateFacts, PolicyEvaluator } from '../core/ports/policy-evaluator.js';
import type { BudgetService } from './budget-service.js';

export class BudgetCheckingEvaluator implements PolicyEvaluator {
  constructor(
    private readonly inner: PolicyEvaluator,
    private readonly budgets: BudgetService,
  ) {}

  async evaluate(facts: GateFacts): Promise<PolicyDecision> {
    const scope = { orgId: facts.orgId, tenantId: facts.tenantId };
    const budgetFacts = { tenantId: facts.tenantId, workflow: facts.workflow.name, agentId: facts.agentId, provider: facts.provider };
    const [policies, budgets] = await Promise.all([this.inner.evaluate(facts), this.budgets.gateDecision(scope, budgetFacts, facts.costUsd)]);
    // No budget applies: the policy decision stands as it is.
    if (budgets.policiesEvaluated.length === 0) return policies;
    return combineDecisions(policies, budgets);
  }
}
