export { type Policy, type PolicyScope, type PolicySpec, type RedactSettings, ACTION_PRECEDENCE } from './policy.js';
export { type CompiledPolicy, FACT_NAMES, compilePolicy } from './compile-policy.js';
export { evaluatePolicies } from './evaluate-policies.js';
export { policyFacts, textOf } from './policy-facts.js';
export { type RecordedGate, type SimulationReport, type PolicySimulation, type SimulationExample, recordedFacts, simulatePolicies } from './simulate-policies.js';
