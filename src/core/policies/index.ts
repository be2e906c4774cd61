export { type Policy, type PolicyScope, ACTION_PRECEDENCE } from './policy.js';
export { type CompiledPolicy, FACT_NAMES, compilePolicy } from './compile-policy.js';
export { evaluatePolicies } from './evaluate-policies.js';
export { policyFacts, textOf } from './policy-facts.js';
