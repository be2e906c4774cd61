/**
 * @module Compiles a policy's CEL expression once, at load. A policy that does not parse or names
 * an unknown fact is refused with the field and the position of the error, so a bad policy never
 * reaches a gate.
 */
import { Environment } from '@marcbachmann/cel-js';
import { DomainError } from '../errors/domain-error.js';
import { registerDetectorFunctions, withScanCache } from './detector-functions.js';
import type { Policy } from './policy.js';

export const FACT_NAMES = ['workflow', 'step', 'tool', 'connector', 'agent_id', 'provider', 'model', 'tokens_in', 'tokens_out', 'cost_usd', 'tenant_id', 'user_id', 'metadata'] as const;

export interface CompiledPolicy {
  readonly policy: Policy;
  /** True when the policy matches; throws when the facts lack what it reads. */
  readonly matches: (facts: Record<string, unknown>) => boolean;
}

function environment(): Environment {
  let env = new Environment({ homogeneousAggregateLiterals: false });
  for (const name of FACT_NAMES) env = env.registerVariable(name, 'dyn');
  return registerDetectorFunctions(env);
}

const ENV = environment();

/** Where a CEL error points: 1-based line and column within the expression. */
function positionOf(expression: string, error: unknown): { line: number; column: number } | undefined {
  const pos = (error as { node?: { pos?: unknown } })?.node?.pos;
  if (typeof pos !== 'number') return undefined;
  const before = expression.slice(0, pos).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const refuse = (error: unknown): never => {
    const message = String((error as Error)?.message ?? error).split('\n')[0]!;
    const position = positionOf(policy.when, error);
    throw new DomainError('POLICY_INVALID', {
      policyId: policy.id,
      field: 'when',
      ...(position ?? {}),
      problem: `${message}${position ? ` (line ${position.line}, column ${position.column})` : ''}`,
    });
  };
  const check = ENV.check(policy.when);
  if (!check.valid) refuse(check.error);
  if (check.type !== 'bool' && check.type !== 'dyn') refuse(new Error(`the expression gives ${check.type}, not bool`));
  let program: (context: Record<string, unknown>) => unknown;
  try {
    program = ENV.parse(policy.when) as unknown as (context: Record<string, unknown>) => unknown;
  } catch (error) {
    return refuse(error);
  }
  return {
    policy,
    matches: (facts) => {
      // Every policy evaluated over the same facts object shares one scan cache.
      const result = withScanCache(facts, () => program(facts));
      if (typeof result !== 'boolean') throw new Error(`policy ${policy.id} evaluated to ${typeof result}, not bool`);
      return result;
    },
  };
}
