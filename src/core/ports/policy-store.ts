/**
 * @module PolicyStore port: policies written through the API, per org, as an append-only series
 * of versions. A change never rewrites a version; a deletion is a version too, so every version a
 * step recorded stays readable.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Scope } from '../identity/scope.js';
import type { PolicySpec } from '../policies/policy.js';

export interface PolicyVersion {
  readonly orgId: string;
  readonly policyId: string;
  readonly version: number;
  /** The policy as written; absent on a deletion. */
  readonly spec?: PolicySpec;
  readonly deleted: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * What must hold for the write to go ahead, checked in the write's transaction:
 * `absent` (create: no live policy with the id), `present` (delete: a live one),
 * `any` (upsert), or the live version the writer last read (optimistic concurrency).
 */
export type PolicyExpectation = 'absent' | 'present' | 'any' | { readonly version: number };

export interface PolicyWrite {
  readonly policyId: string;
  /** The new content; absent to delete. */
  readonly spec?: PolicySpec;
  readonly expect: PolicyExpectation;
  readonly at: string;
  readonly by: string;
}

export interface PolicyStore {
  /**
   * Appends the next version of a policy of `scope.orgId` and its audit entry (in `scope`),
   * atomically. Throws POLICY_ALREADY_EXISTS, POLICY_NOT_FOUND or POLICY_VERSION_CONFLICT when the
   * expectation does not hold.
   */
  appendPolicyVersion(scope: Scope, write: PolicyWrite, audit: AuditEntry): Promise<PolicyVersion>;
  /** One version, or the latest (a deletion included) when `version` is absent. */
  getPolicyVersion(orgId: string, policyId: string, version?: number): Promise<PolicyVersion | undefined>;
  /** Every version of a policy, oldest first. */
  listPolicyVersions(orgId: string, policyId: string): Promise<PolicyVersion[]>;
  /** The latest version of each live (not deleted) policy of the org, by id. */
  listLivePolicies(orgId: string): Promise<PolicyVersion[]>;
}
