/**
 * In-process policy evaluation: `evaluatePolicies` over 1, 10 and 50 compiled policies and step
 * inputs of about 1 KiB and 16 KiB. The policies use every detector (`pii.found`, `pii.types`,
 * `secrets.found`, `secrets.types`, `sql_injection`) beside plain field comparisons; the inputs
 * are support-ticket JSON with a few emails, phone numbers, an IBAN, an IP address and a JWT in
 * realistic prose. Each sample is one gate's evaluation with a fresh facts object (so scans are
 * memoised within the evaluation only, as at a real gate) over an input that differs per sample.
 */
import { compilePolicy, type CompiledPolicy } from '../src/core/policies/compile-policy.js';
import { evaluatePolicies } from '../src/core/policies/evaluate-policies.js';
import type { Policy } from '../src/core/policies/policy.js';
import type { GateFacts } from '../src/core/ports/policy-evaluator.js';

const SAMPLES = Number(process.env.BENCH_POLICY_SAMPLES ?? 3000);
const WARMUP = 300;
const POLICY_COUNTS = [1, 10, 50] as const;
const INPUT_KIB = [1, 16] as const;

export interface PolicyEvalResult {
  readonly policies: number;
  readonly input_kib: number;
  readonly input_bytes: number;
  readonly samples: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly mean_ms: number;
  readonly evaluations_per_s: number;
  readonly policies_matched: number;
}

/** The single policy: every detector group runs (sql first, so nothing short-circuits past it). */
const ALL_DETECTORS = 'sql_injection(step.input_text) || pii.types(step.input_text).size() + secrets.types(step.input_text).size() > 3';

/** Templates cycled to build the 10- and 50-policy sets: detectors over several facts, and plain comparisons. */
const TEMPLATES: readonly [string, Policy['action']][] = [
  [ALL_DETECTORS, 'warn'],
  ['pii.found(step.input_text)', 'redact'],
  ['secrets.found(step.input)', 'block'],
  ['tool != null && tool.name == "db.query" && sql_injection(tool.input)', 'block'],
  ['"credit_card" in pii.types(step.input_text) || "us_ssn" in pii.types(step.input)', 'require_approval'],
  ['step.type == "tool_call" && tool != null && tool.name.startsWith("payments.")', 'require_approval'],
  ['metadata.region == "eu" && pii.found(step.input)', 'log'],
  ['cost_usd > 0.5 || tokens_in > 100000', 'warn'],
  ['secrets.types(step.input_text).size() > 0 && tenant_id == "acme"', 'block'],
  ['workflow.name == "support-agent" && step.input_text.contains("refund")', 'log'],
];

/** `count` compiled policies cycling through the templates above (every detector, plain comparisons). */
export function policySet(count: number): CompiledPolicy[] {
  return Array.from({ length: count }, (_, i) => {
    const [when, action] = TEMPLATES[i % TEMPLATES.length]!;
    return compilePolicy({ id: `p${i}`, name: `policy ${i}`, enabled: true, priority: i % 3, severity: 'medium', when, action, reason: `policy ${i} matched`, version: 1 });
  });
}

const PROSE = [
  'The customer says the invoice for March was charged twice and asks for a refund of the duplicate payment.',
  'Our records show two captures on the same card within four minutes; the second one should be voided.',
  'Please confirm the shipping address before the replacement goes out, the last parcel came back undelivered.',
  'They mentioned the dashboard at version 2.14.3 shows the wrong totals since the upgrade on 2024-03-18 at 09:30.',
  'Order 55120-B was split into three shipments; only the first arrived, the tracking page stops at the depot.',
  'Escalate if the customer writes again before Friday; the agreed SLA for premium accounts is eight business hours.',
];
const SENSITIVE = [
  (i: number) => `Reach me at ana.lopez+${i}@example.com or +1 (415) 555-${String(1000 + (i % 9000))}.`,
  () => 'Refund to IBAN DE89 3704 0044 0532 0130 00, not to the card.',
  () => 'Request came from 203.0.113.42 via the mobile app.',
  (i: number) => `Session header: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIke2l9In0.${'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'.slice(i % 7)}`,
];

/** A support-ticket step input of about `bytes` bytes as JSON; `i` varies ids and contacts. */
export function stepInput(bytes: number, i: number): Record<string, unknown> {
  const messages: { role: string; content: string }[] = [];
  let size = 200;
  for (let m = 0; size < bytes; m++) {
    const sentences = [PROSE[(i + m) % PROSE.length]!, PROSE[(i + m + 2) % PROSE.length]!];
    if (m % 2 === 0) sentences.push(SENSITIVE[(m / 2) % SENSITIVE.length]!(i + m));
    const content = sentences.join(' ');
    messages.push({ role: m % 2 === 0 ? 'user' : 'assistant', content });
    size += content.length + 32;
  }
  return { ticket: `T-${100000 + i}`, channel: 'email', priority: i % 3, customer: { id: `cus_${i}`, plan: 'premium' }, messages };
}

function gate(input: Record<string, unknown>, i: number): GateFacts {
  return {
    orgId: 'bench',
    tenantId: 'acme',
    workflow: { executionId: `wf_${i}`, name: 'support-agent', source: 'langgraph' },
    metadata: { region: 'eu' },
    step: { id: `s_${i}`, name: 'lookup order', type: 'tool_call', input },
    tool: { name: 'db.query', input: { sql: `SELECT id, status FROM orders WHERE customer_id = ${i} ORDER BY created_at DESC LIMIT 5` } },
    costUsd: 0.01,
    tokensIn: 1200,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

export function benchPolicyEvaluation(): PolicyEvalResult[] {
  const results: PolicyEvalResult[] = [];
  for (const kib of INPUT_KIB) {
    // Inputs built up front, one per sample, so building them is not timed.
    const gates = Array.from({ length: WARMUP + SAMPLES }, (_, i) => gate(stepInput(kib * 1024, i), i));
    for (const count of POLICY_COUNTS) {
      const policies = policySet(count);
      const samples: number[] = [];
      let matched = 0;
      for (let i = 0; i < gates.length; i++) {
        const started = performance.now();
        const decision = evaluatePolicies(policies, gates[i]!);
        const elapsed = performance.now() - started;
        if (i >= WARMUP) samples.push(elapsed);
        if (i === gates.length - 1) matched = decision.policiesMatched.length;
      }
      samples.sort((a, b) => a - b);
      const mean = samples.reduce((sum, s) => sum + s, 0) / samples.length;
      results.push({
        policies: count,
        input_kib: kib,
        input_bytes: JSON.stringify(gates[0]!.step.input).length,
        samples: samples.length,
        p50_ms: round(percentile(samples, 50)),
        p99_ms: round(percentile(samples, 99)),
        mean_ms: round(mean),
        evaluations_per_s: Math.round(1000 / mean),
        policies_matched: matched,
      });
    }
  }
  return results;
}
