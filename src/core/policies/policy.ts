/**
 * @module Policy: a rule a step gate evaluates. `when` is a CEL expression over the gate facts
 * (docs/policies.md); the most restrictive action among the policies that match wins.
 */
import type { OnReject } from '../executions/approval.js';
import type { PolicyAction, Severity } from '../executions/vocabularies.js';

export interface PolicyScope {
  /** Only runs of this tenant. */
  readonly tenantId?: string;
  /** Only runs of this workflow name. */
  readonly workflow?: string;
}

/**
 * What a `redact` policy masks when it matches: detector kinds (or groups `pii`, `secrets`) in the
 * step's input, its tool input and, at completion, its output. With `inResponse` the gate answers
 * with the masked input so the agent can send that on instead of the original.
 */
export interface RedactSettings {
  readonly kinds: readonly string[] | 'all';
  readonly inResponse: boolean;
}

export interface Policy {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly enabled: boolean;
  /** Higher first when several policies of the same action match (their reason is reported). */
  readonly priority: number;
  readonly severity: Severity;
  readonly scope?: PolicyScope;
  readonly when: string;
  readonly action: PolicyAction;
  /** Shown to operators and agents; `{path}` placeholders read gate facts, e.g. `{tool.input.amount}`. */
  readonly reason: string;
  /** How long an approval this policy opens waits before it expires. */
  readonly approvalTtlMs?: number;
  /** How long a reviewer has before the approval is reported as past its SLA (escalation). */
  readonly approvalSlaMs?: number;
  /** What rejecting an approval this policy opens does to the run. @default 'abort' */
  readonly onReject?: OnReject;
  /** For `action: redact`; all detector kinds when absent. */
  readonly redact?: RedactSettings;
  readonly version: number;
  /** `file` policies come from `--policies DIR` and apply to every org; `api` ones to their org. */
  readonly source?: 'file' | 'api';
}

/** A policy as written by its author: everything but the version, which the store assigns. */
export type PolicySpec = Omit<Policy, 'version' | 'source'>;

/** Most restrictive first: the first action in this list among the matches decides. */
export const ACTION_PRECEDENCE: readonly PolicyAction[] = ['block', 'require_approval', 'redact', 'warn', 'log', 'allow'];
