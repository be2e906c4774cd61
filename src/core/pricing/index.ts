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
