/**
 * @module combineDecisions: one gate decision from two (the policy engine's and the budgets',
 * say). The most restrictive wins: block > require_approval > redact > warn > log > allow, taking
 * the stronger of each decision's own verdict and its strongest match; on a tie the first decision
 * wins. The winner gives the reason (its top match's reason, as the evaluators write it), the
 * approval TTL, SLA and on_reject, and the budget flag; evaluated and matched policies, redactions and warnings are
 * concatenated, first decision first. The masked input of a `redact` match is kept whoever wins
 * (a blocked step must not store the original either); when both decisions masked, the first's.
 */
import type { PolicyDecision } from '../executions/policy-decision.js';
import type { GateDecision, PolicyAction } from '../executions/vocabularies.js';
import { ACTION_PRECEDENCE } from './policy.js';

function rank(action: PolicyAction): number {
  return ACTION_PRECEDENCE.indexOf(action);
}

/** The most restrictive action a decision carries: its verdict or any of its matches. */
function strength(decision: PolicyDecision): number {
  return Math.min(rank(decision.decision), ...decision.policiesMatched.map((m) => rank(m.action)));
}

function verdictOf(strongest: PolicyAction): GateDecision {
  return strongest === 'block' ? 'block' : strongest === 'require_approval' ? 'require_approval' : 'allow';
}

export function combineDecisions(first: PolicyDecision, second: PolicyDecision): PolicyDecision {
  const winner = strength(second) < strength(first) ? second : first;
  const decision = verdictOf(ACTION_PRECEDENCE[strength(winner)] ?? 'allow');
  const redacted = first.redacted ?? second.redacted;
  return {
    decision,
    reason: winner.reason,
    policiesEvaluated: [...first.policiesEvaluated, ...second.policiesEvaluated],
    policiesMatched: [...first.policiesMatched, ...second.policiesMatched],
    redactions: [...first.redactions, ...second.redactions],
    warnings: [...first.warnings, ...second.warnings],
    ...(decision === 'require_approval' && winner.approvalTtlMs !== undefined ? { approvalTtlMs: winner.approvalTtlMs } : {}),
    ...(decision === 'require_approval' && winner.approvalSlaMs !== undefined ? { approvalSlaMs: winner.approvalSlaMs } : {}),
    ...(decision === 'require_approval' && winner.approvalOnReject !== undefined ? { approvalOnReject: winner.approvalOnReject } : {}),
    ...(redacted ? { redacted } : {}),
    ...(decision === 'block' && winner.budgetExceeded ? { budgetExceeded: true } : {}),
  };
}
