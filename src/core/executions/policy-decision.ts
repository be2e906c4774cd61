/**
 * @module PolicyDecision: what a step gate decided and why. Every policy evaluated is kept, not
 * only the ones that matched, so an operator can see what was checked (reference §9.3).
 */
import type { OnReject } from './approval.js';
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
  /** JSONPath within `field`, e.g. `$.customer.emails[1]`. */
  readonly path: string;
  /** The detector kind (`email`, `api_key`, …). */
  readonly type: string;
  readonly policyId?: string;
  /** Which payload: the step input, the tool input, or (at completion) the step output. */
  readonly field?: 'input' | 'tool_input' | 'output';
}

/** What `redact` policies mask for a step: these detector kinds (groups expanded or `all`). */
export interface RedactionPlan {
  readonly kinds: readonly string[] | 'all';
  /** The gate answers with the masked input (`redacted_input`). */
  readonly inResponse: boolean;
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
  /** For require_approval: the deciding policy's SLA for reviewers. */
  readonly approvalSlaMs?: number;
  /** For require_approval: what a rejection does to the run, from the deciding policy. */
  readonly approvalOnReject?: OnReject;
  /**
   * Set when a `redact` policy matched: the masked step input and tool input, stored instead of
   * the originals, and the plan the step's output is masked with at completion.
   */
  readonly redacted?: { readonly input?: unknown; readonly toolInput?: unknown; readonly plan: RedactionPlan };
  /** A budget, not a policy, decided this block: the run is classified `budget_exceeded`. */
  readonly budgetExceeded?: boolean;
}
