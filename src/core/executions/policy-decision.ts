/**
 * @module PolicyDecision: what a step gate decided and why. Every policy evaluated is kept, not
 * only the ones that matched, so an operator can see what was checked (reference §9.3).
 */
import type { GateDecision, PolicyAction, Severity } from './vocabularies.js';

export interface PolicyMatch {
  readonly policyId: string;
  readonly policyName: string;
  readonly version?: number;
  readonly action: PolicyAction;
  readonly severity?: Severity;
  readonly reason?: string;
  readonly matchedRule?: string;
  readonly description?: string;
}

/** One rewritten value: where it was, what kind of data it held. The original never leaves the gate. */
export interface Redaction {
  readonly path: string;
  readonly type: string;
  readonly policyId?: string;
}

export interface PolicyDecision {
  readonly decision: GateDecision;
  readonly reason: string;
  readonly policiesEvaluated: readonly PolicyMatch[];
  readonly policiesMatched: readonly PolicyMatch[];
  readonly redactions: readonly Redaction[];
  readonly warnings: readonly string[];
  /** For require_approval: how long the approval waits, from the deciding policy. */
  readonly approvalTtlMs?: number;
}
