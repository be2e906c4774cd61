/**
 * @module PriceTable: USD per 1,000 tokens by provider and model, used to price a provider call
 * whose client reported tokens but no cost. Provider and model names match case-insensitively; a
 * model resolves exactly, else to the longest table model name that prefixes it (dated snapshots
 * such as `gpt-4o-2024-08-06`), else to the provider's `'*'` entry. An unknown provider is not
 * priced: the caller records cost 0 and knows it was not priced.
 *
 * Cached input tokens are part of the input tokens and billed at `cachedInputPer1k`, which
 * defaults to 10% of `inputPer1k` when a price does not give it.
 */
import { addUsd } from '../executions/money.js';

/** USD per 1,000 tokens. */
export interface ModelPrice {
  readonly inputPer1k: number;
  readonly outputPer1k: number;
  /** Defaults to 10% of `inputPer1k`. */
  readonly cachedInputPer1k?: number;
}

/** Provider → model → price; a provider's `'*'` model is its fallback for models not listed. */
export interface PriceTable {
  readonly providers: Readonly<Record<string, Readonly<Record<string, ModelPrice>>>>;
}

export type PriceMatch = 'exact' | 'prefix' | 'provider_default';

export interface PricedCall {
  readonly provider: string;
  readonly model: string;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly tokensCached?: number;
}

const FALLBACK = '*';
const CACHED_INPUT_SHARE = 0.1;

function price(inputPer1k: number, outputPer1k: number): ModelPrice {
  return Object.freeze({ inputPer1k, outputPer1k });
}

const CLAUDE_SONNET_4 = price(0.003, 0.015);
const GPT_4O = price(0.0025, 0.01);
const GEMINI_2_0_FLASH = price(0.0001, 0.0004);

const OPENAI = Object.freeze({
  'gpt-4o': GPT_4O,
  'gpt-4o-mini': price(0.00015, 0.0006),
  'gpt-4.1': price(0.002, 0.008),
  'gpt-4.1-mini': price(0.0004, 0.0016),
  'o3-mini': price(0.0011, 0.0044),
  [FALLBACK]: GPT_4O,
});

// Google's models are reported under either name depending on the client SDK.
const GEMINI = Object.freeze({
  'gemini-2.0-flash': GEMINI_2_0_FLASH,
  'gemini-1.5-pro': price(0.00125, 0.005),
  [FALLBACK]: GEMINI_2_0_FLASH,
});

/** List prices at the time of writing; operators override them with `mergePriceTables`. */
export const BUILT_IN_PRICES: PriceTable = Object.freeze({
  providers: Object.freeze({
    anthropic: Object.freeze({
      'claude-sonnet-4': CLAUDE_SONNET_4,
      'claude-opus-4': price(0.015, 0.075),
      'claude-3-5-haiku': price(0.0008, 0.004),
      [FALLBACK]: CLAUDE_SONNET_4,
    }),
    openai: OPENAI,
    'azure-openai': OPENAI,
    google: GEMINI,
    gemini: GEMINI,
    // Bedrock model ids carry vendor prefixes and regions; Claude is what it is mostly used for.
    bedrock: Object.freeze({ [FALLBACK]: CLAUDE_SONNET_4 }),
    // Local inference costs nothing per token.
    ollama: Object.freeze({ [FALLBACK]: price(0, 0) }),
  }),
});

/** The entry whose key equals `name` ignoring case; own keys only, so `constructor` is not a provider. */
function lookup<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function priceOf(
  table: PriceTable,
  provider: string,
  model: string,
): { price: ModelPrice; matched: PriceMatch } | undefined {
  const models = lookup(table.providers, provider);
  if (models === undefined) return undefined;
  const wanted = model.toLowerCase();
  let best: { name: string; price: ModelPrice } | undefined;
  for (const [name, modelPrice] of Object.entries(models)) {
    if (name === FALLBACK) continue;
    const key = name.toLowerCase();
    if (key === wanted) return { price: modelPrice, matched: 'exact' };
    // Longest prefix wins, so `gpt-4o-mini-2024-07-18` is never priced as `gpt-4o`.
    if (wanted.startsWith(key) && (best === undefined || key.length > best.name.length)) best = { name: key, price: modelPrice };
  }
  if (best !== undefined) return { price: best.price, matched: 'prefix' };
  const fallback = models[FALLBACK];
  return fallback === undefined ? undefined : { price: fallback, matched: 'provider_default' };
}

/** Token counts come from clients: anything but a finite non-negative number counts as none. */
function tokens(count: number | undefined): number {
  return count !== undefined && Number.isFinite(count) && count > 0 ? count : 0;
}

/**
 * The USD cost of one call, rounded to nanodollars. `priced` is false when the provider has no
 * prices at all (cost 0); cached tokens beyond `tokensIn` are capped at it.
 */
export function costOf(table: PriceTable, call: PricedCall): { costUsd: number; priced: boolean } {
  const found = priceOf(table, call.provider, call.model);
  if (found === undefined) return { costUsd: 0, priced: false };
  const { inputPer1k, outputPer1k, cachedInputPer1k = inputPer1k * CACHED_INPUT_SHARE } = found.price;
  const tokensIn = tokens(call.tokensIn);
  const tokensCached = Math.min(tokens(call.tokensCached), tokensIn);
  const usd =
    ((tokensIn - tokensCached) * inputPer1k + tokensCached * cachedInputPer1k + tokens(call.tokensOut) * outputPer1k) / 1000;
  return { costUsd: addUsd(0, usd), priced: true };
}

/**
 * `override` laid over `base`: per provider and model the override's price wins, everything else
 * of `base` stays. Names are lowercased so an override spelled `OpenAI` replaces `openai`.
 */
export function mergePriceTables(base: PriceTable, override: PriceTable): PriceTable {
  // Maps, not object literals: a provider or model named `__proto__` in an operator file stays a name.
  const providers = new Map<string, Map<string, ModelPrice>>();
  for (const table of [base, override]) {
    for (const [provider, models] of Object.entries(table.providers)) {
      const key = provider.toLowerCase();
      const merged = providers.get(key) ?? new Map<string, ModelPrice>();
      providers.set(key, merged);
      for (const [model, modelPrice] of Object.entries(models)) merged.set(model.toLowerCase(), modelPrice);
    }
  }
  return { providers: Object.fromEntries([...providers].map(([name, models]) => [name, Object.fromEntries(models)])) };
}
