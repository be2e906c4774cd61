/** @module Effective prices on the wire, and the wire's price table as the domain's. */
import { type EffectivePrices, type ModelPrice, type PriceEntry, resolvePrice } from '../../core/pricing/index.js';
import type { PriceSetting } from '../../services/price-book.js';
import type { PriceTableWire, PricingResponse } from '../../shared/pricing.js';

function perThousand(price: ModelPrice) {
  return {
    input_per_1k: price.inputPer1k,
    output_per_1k: price.outputPer1k,
    ...(price.cachedInputPer1k === undefined ? {} : { cached_input_per_1k: price.cachedInputPer1k }),
  };
}

function presentEntry(entry: PriceEntry) {
  return { provider: entry.provider, model: entry.model, ...perThousand(entry.price), source: entry.source };
}

/** Every effective price (of one provider when given); with a model, also the price that model is charged. */
export function presentPricing(prices: EffectivePrices, provider?: string, model?: string): PricingResponse | undefined {
  const wanted = provider?.toLowerCase();
  const entries = prices.entries.filter((e) => wanted === undefined || e.provider === wanted);
  if (provider === undefined || model === undefined) return { prices: entries.map(presentEntry), count: entries.length };
  const resolved = resolvePrice(prices, provider, model);
  if (!resolved) return undefined;
  return {
    prices: [presentEntry(resolved.entry)],
    count: 1,
    resolved: {
      provider: resolved.entry.provider,
      model,
      priced_as: resolved.entry.model,
      matched: resolved.matched,
      ...perThousand(resolved.entry.price),
      source: resolved.entry.source,
    },
  };
}

export function priceSettingsOf(table: PriceTableWire): PriceSetting[] {
  return Object.entries(table.providers).flatMap(([provider, models]) =>
    Object.entries(models).map(([model, p]) => ({
      provider,
      model,
      price: { inputPer1k: p.input_per_1k, outputPer1k: p.output_per_1k, ...(p.cached_input_per_1k === undefined ? {} : { cachedInputPer1k: p.cached_input_per_1k }) },
    })),
  );
}
