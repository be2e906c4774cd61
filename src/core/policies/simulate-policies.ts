/**
 * @module Simulation: what a draft policy set would have decided at gates already recorded, beside
 * what was decided then. Pure: the caller reads the recorded steps and passes them in.
 *
 * A step "changes" when the simulated decision differs from the recorded one. A policy takes part
 * in a change when its own verdict on that step differs from the recorded one: it matches now and
 * did not then (or the reverse), or it matches with another action.
 */
import type { Execution, Step } from '../executions/index.js';
import type { GateDecision } from '../executions/vocabularies.js';
import type { GateFacts } from '../ports/policy-evaluator.js';
import type { CompiledPolicy } from './compile-policy.js';
import { evaluatePolicies } from './evaluate-policies.js';

/** A gate as recorded: the run, the step, and the step's whole input (not a preview). */
export interface RecordedGate {
  readonly execution: Execution;
  readonly step: Step;
  readonly input: unknown;
  readonly toolInput: unknown;
}

export interface SimulationExample {
  readonly executionId: string;
  readonly workflowName: string;
  readonly stepId: string;
  readonly stepName: string;
  readonly recordedDecision: GateDecision;
  readonly simulatedDecision: GateDecision;
  readonly reason: string;
}

export interface PolicySimulation {
  readonly policyId: string;
  readonly policyName: string;
  readonly action: string;
  /** Steps the policy matches under the draft set. */
  readonly matchedSteps: number;
  /** Steps whose decision changes and where this policy's own verdict changed. */
  readonly changedSteps: number;
  /** Steps where the expression could not be evaluated (it read a missing field). */
  readonly errors: number;
  readonly examples: readonly SimulationExample[];
}

export interface SimulationReport {
  readonly stepsEvaluated: number;
  readonly stepsChanged: number;
  /** Decision transitions, e.g. allow → block, with counts. */
  readonly transitions: readonly { readonly from: GateDecision; readonly to: GateDecision; readonly steps: number }[];
  readonly policies: readonly PolicySimulation[];
}

/** The facts a recorded gate presented, rebuilt from the stored run and step. */
export function recordedFacts(gate: RecordedGate): GateFacts {
  const { execution, step } = gate;
  return {
    orgId: execution.orgId,
    tenantId: execution.tenantId,
    userId: execution.userId,
    clientId: execution.clientId,
    workflow: { executionId: execution.executionId, name: execution.name, source: execution.source },
    metadata: execution.metadata,
    step: { id: step.stepId, name: step.name, type: step.stepType, input: gate.input },
    tool: step.tool ? { ...step.tool, input: gate.toolInput } : undefined,
    provider: step.provider,
    model: step.model,
    tokensIn: step.tokensIn,
    tokensOut: step.tokensOut,
    costUsd: step.costUsd,
  };
}

export function simulatePolicies(
  compiled: readonly CompiledPolicy[],
  gates: Iterable<RecordedGate>,
  options: { readonly reportOn: ReadonlySet<string>; readonly examplesPerPolicy: number },
): SimulationReport {
  const stats = new Map<string, { policy: CompiledPolicy['policy']; matched: number; changed: number; errors: number; examples: SimulationExample[] }>();
  for (const { policy } of compiled) {
    if (options.reportOn.has(policy.id)) stats.set(policy.id, { policy, matched: 0, changed: 0, errors: 0, examples: [] });
  }
  const transitions = new Map<string, number>();
  let evaluated = 0;
  let changed = 0;
  for (const gate of gates) {
    evaluated++;
    const decision = evaluatePolicies(compiled, recordedFacts(gate));
    const recorded = gate.step.decision ?? 'allow';
    const differs = decision.decision !== recorded;
    if (differs) {
      changed++;
      const key = `${recorded}\u0000${decision.decision}`;
      transitions.set(key, (transitions.get(key) ?? 0) + 1);
    }
    const before = new Map(gate.step.policiesMatched.map((m) => [m.policyId, m.action]));
    const now = new Map(decision.policiesMatched.map((m) => [m.policyId, m.action]));
    for (const entry of decision.policiesEvaluated) {
      const s = stats.get(entry.policyId);
      if (s && entry.reason?.startsWith('not evaluated:')) s.errors++;
    }
    for (const [policyId, s] of stats) {
      if (now.has(policyId)) s.matched++;
      if (!differs || before.get(policyId) === now.get(policyId)) continue;
      s.changed++;
      if (s.examples.length < options.examplesPerPolicy) {
        s.examples.push({
          executionId: gate.execution.executionId,
          workflowName: gate.execution.name,
          stepId: gate.step.stepId,
          stepName: gate.step.name,
          recordedDecision: recorded,
          simulatedDecision: decision.decision,
          reason: decision.reason,
        });
      }
    }
  }
  return {
    stepsEvaluated: evaluated,
    stepsChanged: changed,
    transitions: [...transitions].map(([key, steps]) => {
      const [from, to] = key.split('\u0000') as [GateDecision, GateDecision];
      return { from, to, steps };
    }),
    policies: [...stats.values()].map((s) => ({
      policyId: s.policy.id,
      policyName: s.policy.name,
      action: s.policy.action,
      matchedSteps: s.matched,
      changedSteps: s.changed,
      errors: s.errors,
      examples: s.examples,
    })),
  };
}
