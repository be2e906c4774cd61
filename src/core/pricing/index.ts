export {
  type ModelPrice,
  type PriceTable,
  type PriceMatch,
  type PricedCall,
  BUILT_IN_PRICES,
  priceOf,
  costOf,
  mergePriceTables,
} from './price-table.js';
export {
  type PriceSource,
  type PriceEntry,
  type PriceLayer,
  type EffectivePrices,
  PRICE_SOURCES,
  layerPrices,
  resolvePrice,
} from './effective-prices.js';
