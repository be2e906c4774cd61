import { describe, expect, it } from 'vitest';
import type { GateFacts } from '../ports/policy-evaluator.js';
import { compilePolicy } from './compile-policy.js';
import { evaluatePolicies } from './evaluate-policies.js';
import type { Policy } from './policy.js';

const base: Omit<Policy, 'id' | 'when' | 'action'> = { name: 'p', enabled: true, priority: 0, severity: 'medium', reason: 'matched', version: 1 };
const policy = (id: string, when: string, action: Policy['action'], extra: Partial<Policy> = {}): Policy => ({ ...base, id, name: id, when, action, ...extra });

function facts(extra: Partial<GateFacts> = {}): GateFacts {
  return {
    orgId: 'o',
    tenantId: 't',
    workflow: { executionId: 'wf_1', name: 'refunds', source: 'langgraph' },
    metadata: { region: 'eu' },
    step: { id: 's', name: 'issue refund', type: 'tool_call', input: { note: 'customer asked twice' } },
    tool: { name: 'payments.refund', input: { amount: 750, currency: 'EUR' } },
    ...extra,
  };
}

describe('evaluatePolicies', () => {
  it('lets the most restrictive matching action decide: block > require_approval > warn > allow', () => {
    const set = [
      policy('warn', 'true', 'warn'),
      policy('approve', 'tool.input.amount > 500', 'require_approval', { reason: 'refund of {tool.input.amount} {tool.input.currency}' }),
      policy('block', 'tool.input.amount > 1000', 'block'),
    ].map(compilePolicy);
    const decision = evaluatePolicies(set, facts());
    expect(decision).toMatchObject({ decision: 'require_approval', reason: 'refund of 750 EUR', warnings: ['matched'] });
    expect(decision.policiesMatched.map((p) => p.policyId)).toEqual(['approve', 'warn']);
    expect(decision.policiesEvaluated.map((p) => [p.policyId, p.reason])).toEqual([
      ['warn', 'matched'],
      ['approve', 'refund of 750 EUR'],
      ['block', 'did not match'],
    ]);
    expect(evaluatePolicies(set, facts({ tool: { name: 'payments.refund', input: { amount: 5000 } } })).decision).toBe('block');
  });

  it('picks the highest priority reason among policies of the same action', () => {
    const set = [policy('low', 'true', 'block', { priority: 1, reason: 'low' }), policy('high', 'true', 'block', { priority: 9, reason: 'high' })].map(compilePolicy);
    expect(evaluatePolicies(set, facts()).reason).toBe('high');
  });

  it('applies scope and skips disabled policies', () => {
    const set = [
      policy('other-tenant', 'true', 'block', { scope: { tenantId: 'x' } }),
      policy('other-workflow', 'true', 'block', { scope: { workflow: 'payouts' } }),
      policy('off', 'true', 'block', { enabled: false }),
      policy('this-workflow', 'true', 'warn', { scope: { workflow: 'refunds', tenantId: 't' } }),
    ].map(compilePolicy);
    const decision = evaluatePolicies(set, facts());
    expect(decision.decision).toBe('allow');
    expect(decision.policiesEvaluated.map((p) => p.policyId)).toEqual(['this-workflow']);
  });

  it('does not match a policy that reads a fact the step lacks, and says why', () => {
    const set = [policy('needs-tool', 'tool.name == "x"', 'block')].map(compilePolicy);
    const decision = evaluatePolicies(set, facts({ tool: undefined }));
    expect(decision.decision).toBe('allow');
    expect(decision.policiesEvaluated[0]!.reason).toMatch(/^not evaluated: /);
  });

  it('reads every documented fact', () => {
    const when = [
      'workflow.name == "refunds"',
      'workflow.source == "langgraph"',
      'step.type == "tool_call"',
      'step.input_text.contains("twice")',
      'tool.input_text.contains("EUR")',
      'metadata.region == "eu"',
      'tenant_id == "t"',
      'provider == "openai"',
      'model.startsWith("gpt-4o")',
      'tokens_in > 10',
      'cost_usd >= 0.5',
      'user_id == null',
    ].join(' && ');
    const decision = evaluatePolicies([compilePolicy(policy('all', when, 'block'))], facts({ provider: 'openai', model: 'gpt-4o-mini', tokensIn: 11, costUsd: 0.5 }));
    expect(decision.decision).toBe('block');
  });
});

describe('compilePolicy', () => {
  it('refuses an expression that does not parse, naming the field and position', () => {
    expect(() => compilePolicy(policy('bad', 'tool.name ==', 'block'))).toThrow(expect.objectContaining({ code: 'POLICY_INVALID', details: expect.objectContaining({ field: 'when', line: 1, column: 13 }) }));
  });

  it('refuses an unknown fact and a non-boolean expression', () => {
    expect(() => compilePolicy(policy('bad', 'tool.name == "x" &&\n  amount > 5', 'block'))).toThrow(expect.objectContaining({ details: expect.objectContaining({ line: 2, column: 3, problem: expect.stringContaining('Unknown variable: amount') }) }));
    expect(() => compilePolicy(policy('bad', '1 + 2', 'block'))).toThrow(expect.objectContaining({ details: expect.objectContaining({ problem: expect.stringContaining('not bool') }) }));
  });
});
