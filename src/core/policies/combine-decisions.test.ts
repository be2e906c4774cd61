import { describe, expect, it } from 'vitest';
import type { PolicyDecision, PolicyMatch } from '../executions/policy-decision.js';
import type { PolicyAction } from '../executions/vocabularies.js';
import { combineDecisions } from './combine-decisions.js';

function match(policyId: string, action: PolicyAction): PolicyMatch {
  return { policyId, policyName: policyId, action, reason: `${policyId} says ${action}` };
}

function decision(matched: PolicyMatch[], extra: Partial<PolicyDecision> = {}): PolicyDecision {
  const top = matched[0];
  return {
    decision: top?.action === 'block' ? 'block' : top?.action === 'require_approval' ? 'require_approval' : 'allow',
    reason: top?.reason ?? 'No policy matched',
    policiesEvaluated: [...matched, match(`${top?.policyId ?? 'x'}-other`, 'allow')],
    policiesMatched: matched,
    redactions: [],
    warnings: matched.filter((m) => m.action === 'warn').map((m) => m.reason!),
    ...extra,
  };
}

describe('combineDecisions', () => {
  it('lets the most restrictive decide: block > require_approval > redact > warn > log > allow', () => {
    const order: PolicyAction[] = ['block', 'require_approval', 'redact', 'warn', 'log'];
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const strong = decision([match('strong', order[i]!)]);
        const weak = decision([match('weak', order[j]!)]);
        for (const [a, b] of [[strong, weak], [weak, strong]] as const) {
          const combined = combineDecisions(a, b);
          expect(combined.reason, `${order[i]} vs ${order[j]}`).toBe(`strong says ${order[i]}`);
          expect(combined.decision).toBe(strong.decision);
        }
      }
    }
  });

  it('concatenates evaluated and matched policies, redactions and warnings, first decision first', () => {
    const a = decision([match('p1', 'warn')], { redactions: [{ path: 'step.input', type: 'email' }] });
    const b = decision([match('budget:b', 'block')], { budgetExceeded: true });
    const combined = combineDecisions(a, b);
    expect(combined.policiesEvaluated.map((m) => m.policyId)).toEqual(['p1', 'p1-other', 'budget:b', 'budget:b-other']);
    expect(combined.policiesMatched.map((m) => m.policyId)).toEqual(['p1', 'budget:b']);
    expect(combined.redactions).toEqual([{ path: 'step.input', type: 'email' }]);
    expect(combined.warnings).toEqual(['p1 says warn']);
    expect(combined).toMatchObject({ decision: 'block', reason: 'budget:b says block', budgetExceeded: true });
  });

  it('keeps the first decision on a tie, with its reason, approval TTL and no budget flag', () => {
    const policy = decision([match('policy', 'require_approval')], { approvalTtlMs: 60_000 });
    const budget = decision([match('budget:x', 'require_approval')]);
    expect(combineDecisions(policy, budget)).toMatchObject({ decision: 'require_approval', reason: 'policy says require_approval', approvalTtlMs: 60_000 });
    const blockPolicy = decision([match('policy', 'block')]);
    const blockBudget = decision([match('budget:x', 'block')], { budgetExceeded: true });
    expect(combineDecisions(blockPolicy, blockBudget).budgetExceeded).toBeUndefined();
    expect(combineDecisions(blockPolicy, blockBudget).reason).toBe('policy says block');
  });

  it('keeps an allow with nothing matched as it is, and honours a verdict that has no match behind it', () => {
    const allow = decision([]);
    expect(combineDecisions(allow, decision([], { reason: 'No budget is exceeded' }))).toMatchObject({ decision: 'allow', reason: 'No policy matched', policiesMatched: [] });
    const bare: PolicyDecision = { decision: 'block', reason: 'blocked upstream', policiesEvaluated: [], policiesMatched: [], redactions: [], warnings: [] };
    expect(combineDecisions(decision([match('budget:w', 'warn')]), bare)).toMatchObject({ decision: 'block', reason: 'blocked upstream' });
  });

  it("keeps a redact match's masked input whichever decision wins", () => {
    const redacted = { input: { email: '[email]' }, plan: { kinds: ['email'], inResponse: false } };
    const masking = decision([match('pii', 'redact')], { redacted, redactions: [{ path: '$.email', type: 'email' }] });
    const blocking = decision([match('budget:b', 'block')], { budgetExceeded: true });
    expect(combineDecisions(masking, blocking)).toMatchObject({ decision: 'block', redacted, redactions: [{ path: '$.email', type: 'email' }] });
    expect(combineDecisions(blocking, masking).redacted).toEqual(redacted);
    expect(combineDecisions(decision([]), blocking).redacted).toBeUndefined();
  });

  it('lets a warn budget give the reason over a plain allow, and still allow', () => {
    const combined = combineDecisions(decision([]), decision([match('budget:w', 'warn')]));
    expect(combined).toMatchObject({ decision: 'allow', reason: 'budget:w says warn' });
    expect(combined.approvalTtlMs).toBeUndefined();
  });
});
