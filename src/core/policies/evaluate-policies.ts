/**
 * @module Evaluates every applicable policy against the gate facts and combines them: the most
 * restrictive matching action decides (block > require_approval > redact > warn > log > allow);
 * among equals, the highest priority gives the reason. A policy whose expression fails on these
 * facts (it reads a missing field) does not match, and says why in the evaluated list.
 */
import { type DetectorSelection, redactValue, type RedactionRecord, selectKinds } from '../detectors/index.js';
import type { PolicyDecision, PolicyMatch, Redaction } from '../executions/policy-decision.js';
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

/**
 * Masks what the matched `redact` policies select in the step input and tool input. Each record is
 * attributed to the first (highest-priority) redact policy that selects its kind.
 */
function redact(redactors: readonly Policy[], gate: GateFacts): PolicyDecision['redacted'] & { redactions: Redaction[] } {
  const selections = redactors.map((p) => (p.redact?.kinds ?? 'all') as DetectorSelection);
  const selection: DetectorSelection = selections.includes('all') ? 'all' : selections.flatMap((kinds) => kinds as readonly string[]) as DetectorSelection;
  const owners = selections.map((kinds) => new Set<string>(selectKinds(kinds)));
  const ownerOf = (record: RedactionRecord) => redactors[Math.max(0, owners.findIndex((kinds) => kinds.has(record.kind)))]!.id;
  const input = redactValue(gate.step.input, selection);
  const tool = gate.tool?.input !== undefined ? redactValue(gate.tool.input, selection) : undefined;
  const records = (field: Redaction['field'], list: readonly RedactionRecord[]) => list.map((r) => ({ path: r.path, type: r.kind, policyId: ownerOf(r), field }));
  return {
    input: input.value,
    toolInput: tool?.value,
    plan: { kinds: selection === 'all' ? 'all' : selectKinds(selection), inResponse: redactors.some((p) => p.redact?.inResponse === true) },
    redactions: [...records('input', input.redactions), ...records('tool_input', tool?.redactions ?? [])],
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
  // Masked whatever the decision: a blocked or held step's input is stored too.
  const redactors = matched.filter((m) => m.policy.action === 'redact').map((m) => m.policy);
  const redaction = redactors.length > 0 ? redact(redactors, gate) : undefined;
  return {
    decision,
    reason: top ? (top.match.reason ?? top.policy.name) : 'No policy matched',
    policiesEvaluated: evaluated,
    policiesMatched: matched.map((m) => m.match),
    redactions: redaction?.redactions ?? [],
    ...(redaction ? { redacted: { input: redaction.input, toolInput: redaction.toolInput, plan: redaction.plan } } : {}),
    warnings: matched.filter((m) => m.policy.action === 'warn').map((m) => m.match.reason ?? m.policy.name),
    approvalTtlMs: decision === 'require_approval' ? top?.policy.approvalTtlMs : undefined,
    ...(decision === 'require_approval' && top?.policy.approvalSlaMs !== undefined ? { approvalSlaMs: top.policy.approvalSlaMs } : {}),
    ...(decision === 'require_approval' && top?.policy.onReject !== undefined ? { approvalOnReject: top.policy.onReject } : {}),
  };
}
