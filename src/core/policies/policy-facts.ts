/**
 * @module The facts a policy's `when` expression sees, in snake_case as documented
 * (docs/policies.md): workflow, step, tool, connector, agent_id, provider, model, tokens_in, tokens_out, cost_usd,
 * tenant_id, user_id, metadata. Absent facts are null, so `tool != null && …` reads naturally.
 */
import type { GateFacts } from '../ports/policy-evaluator.js';

/** Every string leaf of a value, joined by newlines: what text detectors and `contains` search. */
export function textOf(value: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 64) return;
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) for (const item of v) walk(item, depth + 1);
    else if (v && typeof v === 'object') for (const item of Object.values(v)) walk(item, depth + 1);
  };
  walk(value, 0);
  return parts.join('\n');
}

export function policyFacts(facts: GateFacts): Record<string, unknown> {
  return {
    workflow: { id: facts.workflow.executionId, name: facts.workflow.name, source: facts.workflow.source },
    step: { id: facts.step.id, name: facts.step.name, type: facts.step.type, input: facts.step.input ?? null, input_text: textOf(facts.step.input) },
    tool: facts.tool ? { name: facts.tool.name, type: facts.tool.type ?? null, input: facts.tool.input ?? null, input_text: textOf(facts.tool.input) } : null,
    // A connector call names its connector in tool_context; other steps have none.
    connector: facts.step.type === 'connector_call' && facts.tool ? facts.tool.name : null,
    agent_id: facts.agentId ?? null,
    provider: facts.provider ?? null,
    model: facts.model ?? null,
    tokens_in: facts.tokensIn ?? 0,
    tokens_out: facts.tokensOut ?? 0,
    cost_usd: facts.costUsd ?? 0,
    tenant_id: facts.tenantId,
    user_id: facts.userId ?? null,
    metadata: facts.metadata,
  };
}

/** Reads `a.b.c` from the facts, for reason templates. */
export function factAt(facts: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), facts);
}
