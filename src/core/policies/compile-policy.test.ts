import { describe, expect, it, vi } from 'vitest';
import type { GateFacts } from '../ports/policy-evaluator.js';
import { FACT_NAMES, compilePolicy } from './compile-policy.js';
import { DETECTOR_FUNCTION_NAMES, scanCacheFor } from './detector-functions.js';
import { evaluatePolicies } from './evaluate-policies.js';
import type { Policy } from './policy.js';

// Counts real detector runs, to show fifty policies share one scan per text and group.
const runs = vi.hoisted(() => ({ detect: 0, sql: 0 }));
vi.mock('../detectors/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../detectors/index.js')>();
  return {
    ...real,
    detectedKinds: (...args: Parameters<typeof real.detectedKinds>) => (runs.detect++, real.detectedKinds(...args)),
    sqlInjection: (text: string) => (runs.sql++, real.sqlInjection(text)),
  };
});

const policy = (id: string, when: string, extra: Partial<Policy> = {}): Policy => ({ id, name: id, enabled: true, priority: 0, severity: 'medium', reason: `${id} matched`, version: 1, when, action: 'block', ...extra });

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

function gate(input: unknown, toolInput?: unknown): GateFacts {
  return {
    orgId: 'o',
    tenantId: 't',
    workflow: { executionId: 'wf_1', name: 'support', source: 'langgraph' },
    metadata: {},
    step: { id: 's', name: 'answer', type: 'tool_call', input },
    tool: toolInput === undefined ? undefined : { name: 'db.query', input: toolInput },
  };
}

/** Whether a single policy with this `when` blocks the gate. */
const blocks = (when: string, facts: GateFacts) => evaluatePolicies([compilePolicy(policy('p', when))], facts).decision === 'block';

const withPii = { customer: { name: 'Ana', contact: ['ana@example.com', 'call 415-555-0132'] }, note: 'refund please' };
const clean = { customer: { name: 'Ana', contact: ['no email on file'] }, note: 'refund please' };

describe('detector functions in policy expressions', () => {
  it('pii.found over a string fact and over JSON', () => {
    expect(blocks('pii.found(step.input_text)', gate(withPii))).toBe(true);
    expect(blocks('pii.found(step.input_text)', gate(clean))).toBe(false);
    expect(blocks('pii.found(step.input)', gate(withPii))).toBe(true);
    expect(blocks('pii.found(step.input)', gate(clean))).toBe(false);
    expect(blocks('pii.found(step.input.customer.contact[1])', gate(withPii))).toBe(true);
  });

  it('pii.types lists the kinds found, sorted, each once', () => {
    const twice = { a: 'ana@example.com', b: ['bo@example.org', '10.0.0.1'], c: 'SSN 123-45-6789' };
    expect(blocks('pii.types(step.input) == ["email", "ipv4", "us_ssn"]', gate(twice))).toBe(true);
    expect(blocks('pii.types(step.input_text) == ["email", "ipv4", "us_ssn"]', gate(twice))).toBe(true);
    expect(blocks('"phone" in pii.types(step.input)', gate(withPii))).toBe(true);
    expect(blocks('"us_ssn" in pii.types(step.input)', gate(withPii))).toBe(false);
    expect(blocks('pii.types(step.input).size() == 0', gate(clean))).toBe(true);
  });

  it('secrets.found and secrets.types', () => {
    const leaked = { headers: { authorization: `Bearer ${JWT}` }, body: 'key AKIAIOSFODNN7EXAMPLE' };
    expect(blocks('secrets.found(step.input)', gate(leaked))).toBe(true);
    expect(blocks('secrets.found(step.input_text)', gate(leaked))).toBe(true);
    expect(blocks('secrets.found(step.input)', gate(withPii))).toBe(false);
    expect(blocks('secrets.types(step.input) == ["api_key", "jwt"]', gate(leaked))).toBe(true);
    expect(blocks('secrets.types(step.input_text).size() == 0', gate(clean))).toBe(true);
  });

  it('sql_injection over the tool input, a string and JSON', () => {
    const attack = { sql: "SELECT * FROM users WHERE name = '' OR '1'='1'" };
    const benign = { sql: 'SELECT id FROM users WHERE id = 5' };
    const when = 'tool != null && tool.name == "db.query" && sql_injection(tool.input)';
    expect(blocks(when, gate({}, attack))).toBe(true);
    expect(blocks(when, gate({}, benign))).toBe(false);
    expect(blocks('sql_injection(tool.input.sql)', gate({}, attack))).toBe(true);
    expect(blocks('sql_injection(tool.input_text)', gate({}, benign))).toBe(false);
    expect(blocks('sql_injection(step.input_text)', gate('select a union representative or two'))).toBe(false);
  });

  it('combines with plain field comparisons', () => {
    const when = 'step.type == "tool_call" && (pii.found(step.input) || secrets.found(step.input)) && !sql_injection(step.input)';
    expect(blocks(when, gate(withPii))).toBe(true);
    expect(blocks(when, gate(clean))).toBe(false);
  });

  it('treats values without strings as clean and reads CEL lists and maps', () => {
    expect(blocks('pii.found(step.input)', gate(4111111111111111))).toBe(false);
    expect(blocks('pii.found(step.input) || secrets.found(step.input) || sql_injection(step.input)', gate(null))).toBe(false);
    expect(blocks('pii.found(["x", "ana@example.com"])', gate(null))).toBe(true);
    expect(blocks('pii.types({"to": "ana@example.com", "n": 1}) == ["email"]', gate(null))).toBe(true);
  });

  it('scans each text once per group within one evaluation, however many policies ask', () => {
    const policies = Array.from({ length: 50 }, (_, i) =>
      compilePolicy(policy(`p${i}`, ['pii.found(step.input_text)', 'pii.types(step.input_text).size() > 1', 'secrets.found(step.input)', 'sql_injection(step.input)'][i % 4]!, { action: 'warn' })),
    );
    runs.detect = 0;
    runs.sql = 0;
    const decision = evaluatePolicies(policies, gate(withPii));
    expect(decision.policiesEvaluated).toHaveLength(50);
    expect(decision.policiesMatched).toHaveLength(26);
    // pii: the joined text once; secrets and sql: each of the 4 string leaves once.
    expect(runs).toEqual({ detect: 1 + 4, sql: 4 });
    // A new evaluation starts with a new cache.
    evaluatePolicies(policies, gate(withPii));
    expect(runs).toEqual({ detect: 2 * 5, sql: 2 * 4 });
  });

  it('shares the cache through the facts object', () => {
    const compiled = compilePolicy(policy('p', 'pii.found(step.input_text)'));
    const facts = { step: { input_text: 'mail ana@example.com' } };
    for (let i = 0; i < 10; i++) expect(compiled.matches(facts)).toBe(true);
    expect(scanCacheFor(facts).scans).toBe(1);
  });

  it('does not clash with facts, and refuses unknown detector methods at load', () => {
    for (const name of DETECTOR_FUNCTION_NAMES) expect(FACT_NAMES).not.toContain(name.split('.')[0]);
    expect(compilePolicy(policy('p', 'pii.found("ana@example.com")')).matches({ pii: 'not a fact' })).toBe(true);
    expect(() => compilePolicy(policy('bad', 'pii.detect(step.input)'))).toThrow(expect.objectContaining({ code: 'POLICY_INVALID', details: expect.objectContaining({ problem: expect.stringContaining('found no matching overload') }) }));
    expect(() => compilePolicy(policy('bad', 'pii.found()'))).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
    expect(() => compilePolicy(policy('bad', 'pii.types(step.input)'))).toThrow(expect.objectContaining({ details: expect.objectContaining({ problem: expect.stringContaining('not bool') }) }));
  });
});
