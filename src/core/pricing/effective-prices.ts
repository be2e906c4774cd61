/**
 * @module EffectivePrices: the price table a call is charged from, built from layers (the built-in
 * list, the deployment's pricing file, an org's stored overrides), with each entry remembering
 * which layer it came from so `GET /api/v1/pricing` can say why a price is what it is. A later
 * layer wins per provider and model; names are compared in lower case, as `priceOf` does.
 */
import { type ModelPrice, type PriceMatch, type PriceTable, priceOf } from './price-table.js';

export const PRICE_SOURCES = ['built_in', 'file', 'override'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

export interface PriceEntry {
  /** Lower case. */
  readonly provider: string;
  /** Lower case; `*` is the provider's fallback for models it does not list. */
  readonly model: string;
  readonly price: ModelPrice;
  readonly source: PriceSource;
}

export interface PriceLayer {
  readonly source: PriceSource;
  readonly table: PriceTable;
}

export interface EffectivePrices {
  /** What `costOf` charges from. */
  readonly table: PriceTable;
  /** Every entry of the table with its source, sorted by provider then model. */
  readonly entries: readonly PriceEntry[];
}

/** Stacks the layers in order: a later layer's price replaces an earlier one for the same provider and model. */
export function layerPrices(layers: readonly PriceLayer[]): EffectivePrices {
  // Maps, not object literals: a provider or model named `__proto__` stays a plain name.
  const providers = new Map<string, Map<string, PriceEntry>>();
  for (const { source, table } of layers) {
    for (const [providerName, models] of Object.entries(table.providers)) {
      const provider = providerName.toLowerCase();
      const merged = providers.get(provider) ?? new Map<string, PriceEntry>();
      providers.set(provider, merged);
      for (const [modelName, price] of Object.entries(models)) {
        const model = modelName.toLowerCase();
        merged.set(model, { provider, model, price, source });
      }
    }
  }
  const entries = [...providers.values()].flatMap((models) => [...models.values()]).sort((a, b) => compare(a.provider, b.provider) || compare(a.model, b.model));
  const table: PriceTable = {
    providers: Object.fromEntries([...providers].map(([name, models]) => [name, Object.fromEntries([...models].map(([model, entry]) => [model, entry.price]))])),
  };
  return { table, entries };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The entry that prices `model` of `provider`, by the rules of `priceOf` (exact, else the longest
 * model name prefixing it, else the provider's `*`), with how it matched.
 */
export function resolvePrice(prices: EffectivePrices, provider: string, model: string): { entry: PriceEntry; matched: PriceMatch } | undefined {
  const found = priceOf(prices.table, provider, model);
  if (!found) return undefined;
  const wanted = model.toLowerCase();
  const candidates = prices.entries.filter((e) => e.provider === provider.toLowerCase());
  const entry =
    found.matched === 'exact'
      ? candidates.find((e) => e.model === wanted)
      : found.matched === 'prefix'
        ? candidates.filter((e) => e.model !== '*' && wanted.startsWith(e.model)).sort((a, b) => b.model.length - a.model.length)[0]
        : candidates.find((e) => e.model === '*');
  return entry ? { entry, matched: found.matched } : undefined;
}
