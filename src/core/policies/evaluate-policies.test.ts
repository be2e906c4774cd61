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

  it('orders every action: redact outranks warn and log, and still masks under a block', () => {
    const input = { note: 'mail ana@example.com', auth: 'token ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8' };
    const set = [
      policy('log', 'true', 'log', { reason: 'logged' }),
      policy('warn', 'true', 'warn', { reason: 'warned' }),
      policy('mask-secrets', 'secrets.found(step.input)', 'redact', { reason: 'secret masked', redact: { kinds: ['secrets'], inResponse: false }, priority: 5 }),
      policy('mask-pii', 'pii.found(step.input)', 'redact', { reason: 'pii masked', redact: { kinds: ['pii'], inResponse: true } }),
    ].map(compilePolicy);
    const decision = evaluatePolicies(set, facts({ step: { id: 's', name: 'n', type: 'llm_call', input } }));
    expect(decision.decision).toBe('allow');
    expect(decision.reason).toBe('secret masked');
    expect(decision.policiesMatched.map((p) => p.policyId)).toEqual(['mask-secrets', 'mask-pii', 'warn', 'log']);
    expect(decision.redacted?.input).toEqual({ note: 'mail [REDACTED:email]', auth: 'token [REDACTED:api_key]' });
    expect(decision.redacted?.plan).toEqual({ kinds: ['email', 'phone', 'credit_card', 'us_ssn', 'iban', 'ipv4', 'ipv6', 'jwt', 'api_key', 'private_key'], inResponse: true });
    expect(decision.redactions).toEqual([
      { path: '$.note', type: 'email', policyId: 'mask-pii', field: 'input' },
      { path: '$.auth', type: 'api_key', policyId: 'mask-secrets', field: 'input' },
    ]);

    const blocked = evaluatePolicies([...set, compilePolicy(policy('block', 'true', 'block', { reason: 'blocked' }))], facts({ step: { id: 's', name: 'n', type: 'llm_call', input } }));
    expect([blocked.decision, blocked.reason]).toEqual(['block', 'blocked']);
    expect(blocked.redacted?.input).toEqual({ note: 'mail [REDACTED:email]', auth: 'token [REDACTED:api_key]' });
    expect(evaluatePolicies(set.slice(0, 2), facts()).redacted).toBeUndefined();
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
      'connector == null',
      'agent_id == "refund-agent"',
    ].join(' && ');
    const decision = evaluatePolicies([compilePolicy(policy('all', when, 'block'))], facts({ provider: 'openai', model: 'gpt-4o-mini', tokensIn: 11, costUsd: 0.5, agentId: 'refund-agent' }));
    expect(decision.decision).toBe('block');
    const connector = facts({ step: { id: 's', name: 'search', type: 'connector_call' }, tool: { name: 'kb.search', input: { q: 'x' } } });
    expect(evaluatePolicies([compilePolicy(policy('c', 'connector == "kb.search" && agent_id == null', 'block'))], connector).decision).toBe('block');
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
