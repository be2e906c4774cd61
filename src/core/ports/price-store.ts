/**
 * @module PriceStore port: an org's own prices, laid over the built-in list and the deployment's
 * pricing file. Overrides belong to the org (every tenant is charged from them); the scope names
 * the org and the tenant the audit entry is kept in.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Scope } from '../identity/scope.js';
import type { ModelPrice } from '../pricing/price-table.js';

export interface PriceOverride {
  /** Lower case. */
  readonly provider: string;
  /** Lower case; `*` for the provider's fallback. */
  readonly model: string;
  readonly price: ModelPrice;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface PriceStore {
  /** Every override of the scope's org, by provider then model. */
  listPriceOverrides(scope: Scope): Promise<PriceOverride[]>;
  /** Inserts or replaces these overrides of the scope's org, with the audit entry, atomically. */
  putPriceOverrides(scope: Scope, overrides: readonly PriceOverride[], audit: AuditEntry): Promise<void>;
  /** Removes one override with its audit entry; false (nothing written) when the org has none for that provider and model. */
  deletePriceOverride(scope: Scope, provider: string, model: string, audit: AuditEntry): Promise<boolean>;
}
