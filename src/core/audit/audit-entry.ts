/**
 * @module AuditEntry: one operator action on an object (deleting a run, approving, cancelling,
 * exporting, changing a policy…) or one gate decision, recorded with who did it and when, in the
 * same transaction as the action. The store chains every entry into its tenant's audit chain
 * (audit-chain.ts); an entry is what a writer hands in, a record (audit-record.ts) what it became.
 */
export interface AuditEntry {
  readonly auditId: string;
  readonly at: string;
  /** The client id of the credential that acted (`system` for the server's own actions). */
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  /**
   * The run the entry is about, for search by execution. When absent, an entry whose target is an
   * execution is filed under that execution.
   */
  readonly executionId?: string;
  readonly details: Readonly<Record<string, unknown>>;
}
