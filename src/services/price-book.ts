/**
 * @module PriceBook: the prices an org is charged from: the built-in list, then the deployment's
 * pricing file, then the org's stored overrides. Overrides are read from the store each time a
 * cost must be computed (a completion or an LLM call that reports tokens but no cost), not cached,
 * so a change made on any replica prices the next such step on every replica.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import type { PriceOverride, PriceStore } from '../core/ports/price-store.js';
import { type EffectivePrices, layerPrices, type ModelPrice, type PriceLayer, type PriceTable } from '../core/pricing/index.js';

export interface PriceBookOptions {
  readonly store: PriceStore;
  /** The deployment's layers, lowest first: the built-in list, then the pricing file if any. */
  readonly base: readonly PriceLayer[];
  readonly clock: Clock;
  readonly ids: Ids;
}

/** What a service needs to price a call for an org. */
export interface PriceLookup {
  pricesFor(scope: Scope): Promise<PriceTable>;
}

export interface PriceSetting {
  readonly provider: string;
  readonly model: string;
  readonly price: ModelPrice;
}

export class PriceBook implements PriceLookup {
  readonly #o: PriceBookOptions;

  constructor(options: PriceBookOptions) {
    this.#o = options;
  }

  /** Every price the scope's org is charged from, each with the layer it came from. */
  async effective(scope: Scope): Promise<EffectivePrices> {
    const overrides = await this.#o.store.listPriceOverrides(scope);
    return layerPrices([...this.#o.base, { source: 'override', table: tableOf(overrides) }]);
  }

  async pricesFor(scope: Scope): Promise<PriceTable> {
    return (await this.effective(scope)).table;
  }

  /** Sets (inserts or replaces) overrides for the caller's org; the others it has stay. */
  async setOverrides(caller: Caller, scope: Scope, settings: readonly PriceSetting[]): Promise<EffectivePrices> {
    const at = this.#o.clock.now();
    const overrides = settings.map((s) => ({ provider: s.provider.toLowerCase(), model: s.model.toLowerCase(), price: s.price, updatedAt: at, updatedBy: caller.clientId }));
    const details = { prices: overrides.map((o) => ({ provider: o.provider, model: o.model, ...o.price })) };
    await this.#o.store.putPriceOverrides(scope, overrides, this.#audit(caller, 'pricing.override', at, details));
    return this.effective(scope);
  }

  async deleteOverride(caller: Caller, scope: Scope, provider: string, model: string): Promise<void> {
    const at = this.#o.clock.now();
    const removed = await this.#o.store.deletePriceOverride(scope, provider, model, this.#audit(caller, 'pricing.override_delete', at, { provider: provider.toLowerCase(), model: model.toLowerCase() }));
    if (!removed) throw new DomainError('PRICE_OVERRIDE_NOT_FOUND', { provider, model });
  }

  #audit(caller: Caller, action: string, at: string, details: Record<string, unknown>): AuditEntry {
    return { auditId: this.#o.ids.next('aud'), at, actor: caller.clientId, action, targetType: 'pricing', targetId: caller.orgId, details };
  }
}

function tableOf(overrides: readonly PriceOverride[]): PriceTable {
  const providers = new Map<string, Map<string, ModelPrice>>();
  for (const o of overrides) {
    const models = providers.get(o.provider) ?? new Map<string, ModelPrice>();
    providers.set(o.provider, models);
    models.set(o.model, o.price);
  }
  return { providers: Object.fromEntries([...providers].map(([p, models]) => [p, Object.fromEntries(models)])) };
}
