/**
 * @module AuditEntry: one operator action on an object (deleting a run, later approving, cancelling,
 * exporting…), recorded with who did it and when, in the same transaction as the action.
 */
export interface AuditEntry {
  readonly auditId: string;
  readonly at: string;
  /** The client id of the credential that acted. */
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly details: Readonly<Record<string, unknown>>;
}
