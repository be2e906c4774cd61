/**
 * @module Evaluates every applicable policy against the gate facts and combines them: the most
 * restrictive matching action decides (block > require_approval > redact > warn > log > allow);
 * among equals, the highest priority gives the reason. A policy whose expression fails on these
 * facts (it reads a missing field) does not match, and says why in the evaluated list.
 */
import type { PolicyDecision, PolicyMatch } from '../executions/policy-decision.js';
import type { GateDecision } from '../executions/vocabularies.js';
import type { GateFacts } from '../ports/policy-evaluator.js';
import type { CompiledPolicy } from './compile-policy.js';
import { ACTION_PRECEDENCE, type Policy } from './policy.js';
import { factAt, policyFacts } from './policy-facts.js';

function applies(policy: Policy, facts: GateFacts): boolean {
  if (!policy.enabled) return false;
  if (policy.scope?.tenantId && policy.scope.tenantId !== facts.tenantId) return false;
  if (policy.scope?.workflow && policy.scope.workflow !== facts.workflow.name) return false;
  return true;
}

function render(template: string, facts: Record<string, unknown>): string {
  return template.replace(/\{([\w.]+)\}/g, (whole, path: string) => {
    const value = factAt(facts, path);
    return value === undefined || value === null ? whole : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function matchOf(policy: Policy, reason: string): PolicyMatch {
  return {
    policyId: policy.id,
    policyName: policy.name,
    version: policy.version,
    action: policy.action,
    severity: policy.severity,
    reason,
    matchedRule: policy.when,
    description: policy.description,
  };
}

export function evaluatePolicies(compiled: readonly CompiledPolicy[], gate: GateFacts): PolicyDecision {
  const facts = policyFacts(gate);
  const evaluated: PolicyMatch[] = [];
  const matched: { policy: Policy; match: PolicyMatch }[] = [];
  for (const { policy, matches } of compiled) {
    if (!applies(policy, gate)) continue;
    let hit = false;
    let note: string | undefined;
    try {
      hit = matches(facts);
    } catch (error) {
      note = `not evaluated: ${String((error as Error).message).split('\n')[0]}`;
    }
    const reason = hit ? render(policy.reason, facts) : (note ?? 'did not match');
    const match = matchOf(policy, reason);
    evaluated.push(match);
    if (hit) matched.push({ policy, match });
  }
  matched.sort((a, b) => ACTION_PRECEDENCE.indexOf(a.policy.action) - ACTION_PRECEDENCE.indexOf(b.policy.action) || b.policy.priority - a.policy.priority);
  const top = matched[0];
  const decision: GateDecision = top?.policy.action === 'block' ? 'block' : top?.policy.action === 'require_approval' ? 'require_approval' : 'allow';
  return {
    decision,
    reason: top ? (top.match.reason ?? top.policy.name) : 'No policy matched',
    policiesEvaluated: evaluated,
    policiesMatched: matched.map((m) => m.match),
    redactions: [],
    warnings: matched.filter((m) => m.policy.action === 'warn').map((m) => m.match.reason ?? m.policy.name),
    approvalTtlMs: decision === 'require_approval' ? top?.policy.approvalTtlMs : undefined,
  };
}
