/**
 * @module AuditStore port: the tenant's audit chain (docs/audit.md). Every audit entry any store
 * method records (run deletion, policy, budget, price, webhook, alert-rule and credential changes,
 * gate decisions and operator actions derived from appended events, and `recordAudit`) goes
 * through one writer that numbers and links it under the tenant's chain head, in the writer's
 * transaction. Reads never change the chain.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditChainHead, AuditRecord } from '../audit/audit-record.js';
import type { Scope } from '../identity/scope.js';

export interface AuditSearchQuery {
  /** The actor's client id, exactly. */
  readonly actor?: string;
  /** An action, or a dotted prefix of one: `gate` matches `gate.block`; `gate.block` only itself. */
  readonly action?: string;
  readonly executionId?: string;
  readonly targetType?: string;
  readonly targetId?: string;
  /** Records at or after this time (ISO-8601 UTC). */
  readonly from?: string;
  /** Records before this time (ISO-8601 UTC). */
  readonly to?: string;
  readonly limit: number;
  /** Continue below this seq (the previous page's `nextBeforeSeq`). */
  readonly beforeSeq?: number;
}

export interface AuditPage {
  /** Newest first (descending seq). */
  readonly records: readonly AuditRecord[];
  /** Present when more records may follow: pass it as `beforeSeq`. */
  readonly nextBeforeSeq?: number;
}

export interface AuditStore {
  /** Appends one standalone entry (an export, an action with no other write) to the scope's chain. */
  recordAudit(scope: Scope, entry: AuditEntry): Promise<void>;
  /** The records filed under one execution, in seq order (oldest first): for evidence bundles. */
  auditForExecution(scope: Scope, executionId: string): Promise<AuditRecord[]>;
  searchAudit(scope: Scope, query: AuditSearchQuery): Promise<AuditPage>;
  /** Records in seq order after `afterSeq` (every record, whatever its seq, when absent): a verifier's page. */
  readAuditChain(scope: Scope, query: { readonly afterSeq?: number; readonly limit: number }): Promise<AuditRecord[]>;
  /** Where the writers left the chain; undefined when nothing was ever recorded in the scope. */
  auditHead(scope: Scope): Promise<AuditChainHead | undefined>;
}
