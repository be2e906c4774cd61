/**
 * @module Store port: what the composition root opens. Adapters declare capabilities; code that
 * differs by backend branches on them, never on the adapter's name.
 */
import type { ExecutionStore } from './execution-store.js';
import type { IdentityStore } from './identity-store.js';
import type { PolicyStore } from './policy-store.js';
import type { BudgetStore } from './budget-store.js';
import type { PriceStore } from './price-store.js';
import type { UsageStore } from './usage-store.js';
import type { SeqReads } from './seq-reads.js';
import type { ServerKeyStore } from './server-key-store.js';
import type { WebhookStore } from './webhook-store.js';
import type { ApprovalStore } from './approval-store.js';
import type { AlertStore } from './alert-store.js';
import type { AuditStore } from './audit-store.js';
import type { RerunStore } from './rerun-store.js';

export interface StoreCapabilities {
  /** Human-readable backend name, for logs and /readyz. */
  readonly backend: string;
  /** Several processes can share the store (PostgreSQL); otherwise one process owns it. */
  readonly multiProcess: boolean;
}

export interface MigrationReport {
  /** Migrations applied by this call (empty when the schema was already current). */
  readonly applied: readonly string[];
}

export interface Store extends ExecutionStore, IdentityStore, ServerKeyStore, SeqReads, PolicyStore, UsageStore, BudgetStore, PriceStore, WebhookStore, ApprovalStore, AlertStore, AuditStore, RerunStore {
  readonly capabilities: StoreCapabilities;
  migrate(): Promise<MigrationReport>;
  /** Resolves when the store answers a trivial query; rejects with STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
