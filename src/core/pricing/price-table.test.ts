import { describe, expect, it } from 'vitest';
import { BUILT_IN_PRICES, costOf, mergePriceTables, priceOf, type PriceTable } from './price-table.js';

describe('built-in prices (USD per 1K tokens)', () => {
  const sonnet: [number, number] = [0.003, 0.015];
  const gpt4o: [number, number] = [0.0025, 0.01];
  const flash: [number, number] = [0.0001, 0.0004];
  const openai: [string, number, number][] = [
    ['gpt-4o', ...gpt4o],
    ['gpt-4o-mini', 0.00015, 0.0006],
    ['gpt-4.1', 0.002, 0.008],
    ['gpt-4.1-mini', 0.0004, 0.0016],
    ['o3-mini', 0.0011, 0.0044],
    ['*', ...gpt4o],
  ];
  const gemini: [string, number, number][] = [
    ['gemini-2.0-flash', ...flash],
    ['gemini-1.5-pro', 0.00125, 0.005],
    ['*', ...flash],
  ];
  const expected: [string, string, number, number][] = [
    ['anthropic', 'claude-sonnet-4', ...sonnet],
    ['anthropic', 'claude-opus-4', 0.015, 0.075],
    ['anthropic', 'claude-3-5-haiku', 0.0008, 0.004],
    ['anthropic', '*', ...sonnet],
    ...openai.map(([m, i, o]): [string, string, number, number] => ['openai', m, i, o]),
    ...openai.map(([m, i, o]): [string, string, number, number] => ['azure-openai', m, i, o]),
    ...gemini.map(([m, i, o]): [string, string, number, number] => ['google', m, i, o]),
    ...gemini.map(([m, i, o]): [string, string, number, number] => ['gemini', m, i, o]),
    ['bedrock', '*', ...sonnet],
    ['ollama', '*', 0, 0],
  ];

  it.each(expected)('%s %s costs %f in / %f out', (provider, model, inputPer1k, outputPer1k) => {
    const price = BUILT_IN_PRICES.providers[provider]?.[model];
    expect(price).toEqual({ inputPer1k, outputPer1k });
    // 1,000 of each token kind costs exactly the listed per-1K prices.
    expect(costOf(BUILT_IN_PRICES, { provider, model, tokensIn: 1000, tokensOut: 0 }).costUsd).toBe(inputPer1k);
    expect(costOf(BUILT_IN_PRICES, { provider, model, tokensIn: 0, tokensOut: 1000 }).costUsd).toBe(outputPer1k);
  });

  it('lists no provider the table above does not cover', () => {
    expect(Object.keys(BUILT_IN_PRICES.providers).sort()).toEqual(
      ['anthropic', 'azure-openai', 'bedrock', 'gemini', 'google', 'ollama', 'openai'].sort(),
    );
  });

  it('shares one object between aliased providers and the fallbacks they copy', () => {
    const p = BUILT_IN_PRICES.providers;
    expect(p['azure-openai']).toBe(p['openai']);
    expect(p['google']).toBe(p['gemini']);
    expect(p['anthropic']?.['*']).toBe(p['anthropic']?.['claude-sonnet-4']);
    expect(p['bedrock']?.['*']).toBe(p['anthropic']?.['claude-sonnet-4']);
    expect(p['openai']?.['*']).toBe(p['openai']?.['gpt-4o']);
    expect(p['gemini']?.['*']).toBe(p['gemini']?.['gemini-2.0-flash']);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(BUILT_IN_PRICES.providers)).toBe(true);
    expect(Object.isFrozen(BUILT_IN_PRICES.providers['openai'])).toBe(true);
    expect(Object.isFrozen(BUILT_IN_PRICES.providers['openai']?.['gpt-4o'])).toBe(true);
  });
});

describe('priceOf', () => {
  const openai = BUILT_IN_PRICES.providers['openai']!;

  it('matches an exact model first', () => {
    expect(priceOf(BUILT_IN_PRICES, 'openai', 'gpt-4o-mini')).toEqual({ price: openai['gpt-4o-mini'], matched: 'exact' });
  });

  it('matches a dated snapshot to the longest model name prefixing it', () => {
    expect(priceOf(BUILT_IN_PRICES, 'openai', 'gpt-4o-2024-08-06')).toEqual({ price: openai['gpt-4o'], matched: 'prefix' });
    // gpt-4o prefixes it too and comes first in the table: the longer gpt-4o-mini must still win.
    expect(priceOf(BUILT_IN_PRICES, 'openai', 'gpt-4o-mini-2024-07-18')).toEqual({
      price: openai['gpt-4o-mini'],
      matched: 'prefix',
    });
    expect(priceOf(BUILT_IN_PRICES, 'openai', 'gpt-4.1-mini-2025-04-14')?.price).toBe(openai['gpt-4.1-mini']);
    expect(priceOf(BUILT_IN_PRICES, 'anthropic', 'claude-opus-4-20250514')).toEqual({
      price: BUILT_IN_PRICES.providers['anthropic']!['claude-opus-4'],
      matched: 'prefix',
    });
  });

  it('picks the longest prefix whatever order the table lists models in', () => {
    const short = { inputPer1k: 1, outputPer1k: 1 };
    const long = { inputPer1k: 2, outputPer1k: 2 };
    const table: PriceTable = { providers: { p: { 'm-long': long, m: short } } };
    expect(priceOf(table, 'p', 'm-long-2')?.price).toBe(long);
    expect(priceOf(table, 'p', 'm-other')?.price).toBe(short);
  });

  it("falls back to the provider's '*' for a model it does not list", () => {
    expect(priceOf(BUILT_IN_PRICES, 'openai', 'gpt-5-turbo')).toEqual({ price: openai['gpt-4o'], matched: 'provider_default' });
    expect(priceOf(BUILT_IN_PRICES, 'bedrock', 'anthropic.claude-3-haiku-20240307-v1:0')).toEqual({
      price: BUILT_IN_PRICES.providers['anthropic']!['claude-sonnet-4'],
      matched: 'provider_default',
    });
    expect(priceOf(BUILT_IN_PRICES, 'ollama', 'llama3.1:8b')).toEqual({
      price: { inputPer1k: 0, outputPer1k: 0 },
      matched: 'provider_default',
    });
  });

  it("never treats '*' as a model name prefix", () => {
    expect(priceOf(BUILT_IN_PRICES, 'openai', '*-anything')?.matched).toBe('provider_default');
  });

  it("is undefined for an unknown provider, or a known one with no match and no '*'", () => {
    expect(priceOf(BUILT_IN_PRICES, 'mistral', 'mistral-large')).toBeUndefined();
    expect(priceOf(BUILT_IN_PRICES, 'constructor', 'x')).toBeUndefined();
    expect(priceOf(BUILT_IN_PRICES, '', 'gpt-4o')).toBeUndefined();
    const table: PriceTable = { providers: { p: { a: { inputPer1k: 1, outputPer1k: 1 } } } };
    expect(priceOf(table, 'p', 'b')).toBeUndefined();
  });

  it('ignores case in provider and model names, in the call and in the table', () => {
    expect(priceOf(BUILT_IN_PRICES, 'OpenAI', 'GPT-4o-Mini')).toEqual({ price: openai['gpt-4o-mini'], matched: 'exact' });
    expect(priceOf(BUILT_IN_PRICES, 'ANTHROPIC', 'Claude-Opus-4-20250514')?.price).toEqual({
      inputPer1k: 0.015,
      outputPer1k: 0.075,
    });
    const price = { inputPer1k: 1, outputPer1k: 2 };
    const table: PriceTable = { providers: { Mistral: { 'Mistral-Large': price } } };
    expect(priceOf(table, 'mistral', 'mistral-large-2411')).toEqual({ price, matched: 'prefix' });
  });
});

describe('costOf', () => {
  it('prices input and output and rounds to nanodollars', () => {
    // 1,234 × 0.0025/1K = 0.003085, 567 × 0.01/1K = 0.00567: the float sum is not exactly 0.008755.
    const call = { provider: 'openai', model: 'gpt-4o', tokensIn: 1234, tokensOut: 567 };
    expect((1234 * 0.0025 + 567 * 0.01) / 1000).not.toBe(0.008755);
    expect(costOf(BUILT_IN_PRICES, call)).toEqual({ costUsd: 0.008755, priced: true });
  });

  it('rounds sub-nanodollar costs', () => {
    // 1 token of gpt-4o-mini input is 0.00000015 USD; one of gemini-2.0-flash cached input is 1e-8.
    expect(costOf(BUILT_IN_PRICES, { provider: 'openai', model: 'gpt-4o-mini', tokensIn: 1, tokensOut: 0 }).costUsd).toBe(1.5e-7);
    expect(costOf(BUILT_IN_PRICES, { provider: 'gemini', model: 'x', tokensIn: 1, tokensOut: 0, tokensCached: 1 }).costUsd).toBe(1e-8);
    const table: PriceTable = { providers: { p: { '*': { inputPer1k: 0.0000001, outputPer1k: 0 } } } };
    expect(costOf(table, { provider: 'p', model: 'm', tokensIn: 4, tokensOut: 0 }).costUsd).toBe(0);
    expect(costOf(table, { provider: 'p', model: 'm', tokensIn: 6, tokensOut: 0 }).costUsd).toBe(1e-9);
  });

  it('bills cached tokens, a subset of input, at 10% of the input price by default', () => {
    // 1,000 in of which 400 cached: 600 × 0.0025/1K + 400 × 0.00025/1K = 0.0015 + 0.0001.
    const call = { provider: 'openai', model: 'gpt-4o', tokensIn: 1000, tokensOut: 0, tokensCached: 400 };
    expect(costOf(BUILT_IN_PRICES, call).costUsd).toBe(0.0016);
  });

  it('bills cached tokens at the explicit cached price when the table gives one', () => {
    const table: PriceTable = { providers: { p: { m: { inputPer1k: 0.01, outputPer1k: 0.02, cachedInputPer1k: 0.005 } } } };
    // 500 uncached × 0.01/1K + 500 cached × 0.005/1K + 100 out × 0.02/1K = 0.005 + 0.0025 + 0.002.
    const call = { provider: 'p', model: 'm', tokensIn: 1000, tokensOut: 100, tokensCached: 500 };
    expect(costOf(table, call).costUsd).toBe(0.0095);
    const free: PriceTable = { providers: { p: { m: { inputPer1k: 0.01, outputPer1k: 0, cachedInputPer1k: 0 } } } };
    expect(costOf(free, { provider: 'p', model: 'm', tokensIn: 1000, tokensOut: 0, tokensCached: 1000 }).costUsd).toBe(0);
  });

  it('caps cached tokens at the input tokens', () => {
    const call = { provider: 'openai', model: 'gpt-4o', tokensIn: 1000, tokensOut: 0, tokensCached: 5000 };
    expect(costOf(BUILT_IN_PRICES, call).costUsd).toBe(0.00025);
  });

  it('counts negative and non-finite token counts as 0', () => {
    const base = { provider: 'openai', model: 'gpt-4o' };
    expect(costOf(BUILT_IN_PRICES, { ...base, tokensIn: -1000, tokensOut: 1000 }).costUsd).toBe(0.01);
    expect(costOf(BUILT_IN_PRICES, { ...base, tokensIn: 1000, tokensOut: Number.NaN }).costUsd).toBe(0.0025);
    expect(costOf(BUILT_IN_PRICES, { ...base, tokensIn: Number.POSITIVE_INFINITY, tokensOut: 0 }).costUsd).toBe(0);
    // A negative cached count must not raise the bill above the uncached input price.
    expect(costOf(BUILT_IN_PRICES, { ...base, tokensIn: 1000, tokensOut: 0, tokensCached: -500 }).costUsd).toBe(0.0025);
    expect(costOf(BUILT_IN_PRICES, { ...base, tokensIn: 1000, tokensOut: 0, tokensCached: Number.NaN }).costUsd).toBe(0.0025);
  });

  it('is unpriced and free for an unknown provider, priced and free for a local one', () => {
    expect(costOf(BUILT_IN_PRICES, { provider: 'mistral', model: 'gpt-4o', tokensIn: 1000, tokensOut: 1000 })).toEqual({
      costUsd: 0,
      priced: false,
    });
    expect(costOf(BUILT_IN_PRICES, { provider: 'ollama', model: 'llama3', tokensIn: 1000, tokensOut: 1000 })).toEqual({
      costUsd: 0,
      priced: true,
    });
  });

  it('ignores case and uses prefix matches', () => {
    const call = { provider: 'OpenAI', model: 'GPT-4o-mini-2024-07-18', tokensIn: 1000, tokensOut: 1000 };
    expect(costOf(BUILT_IN_PRICES, call)).toEqual({ costUsd: 0.00075, priced: true });
  });
});

describe('mergePriceTables', () => {
  const cheap = { inputPer1k: 0.001, outputPer1k: 0.002 };

  it('lets the override win per provider and model and keeps the rest of the base', () => {
    const merged = mergePriceTables(BUILT_IN_PRICES, {
      providers: { openai: { 'gpt-4o': cheap, 'gpt-5': cheap }, mistral: { '*': cheap } },
    });
    expect(merged.providers['openai']?.['gpt-4o']).toBe(cheap);
    expect(merged.providers['openai']?.['gpt-5']).toBe(cheap);
    expect(merged.providers['openai']?.['gpt-4o-mini']).toEqual({ inputPer1k: 0.00015, outputPer1k: 0.0006 });
    expect(merged.providers['mistral']?.['*']).toBe(cheap);
    // Only openai was overridden; its alias azure-openai keeps the built-in price.
    expect(merged.providers['azure-openai']?.['gpt-4o']).toEqual({ inputPer1k: 0.0025, outputPer1k: 0.01 });
    expect(costOf(merged, { provider: 'openai', model: 'gpt-4o-2024-08-06', tokensIn: 1000, tokensOut: 0 }).costUsd).toBe(0.001);
  });

  it('replaces a differently cased name instead of keeping both', () => {
    const merged = mergePriceTables(BUILT_IN_PRICES, { providers: { OpenAI: { 'GPT-4o': cheap } } });
    expect(Object.keys(merged.providers).filter((p) => p.toLowerCase() === 'openai')).toEqual(['openai']);
    expect(priceOf(merged, 'openai', 'gpt-4o')?.price).toBe(cheap);
  });

  it('changes neither input table', () => {
    const override: PriceTable = { providers: { openai: { 'gpt-4o': cheap } } };
    mergePriceTables(BUILT_IN_PRICES, override);
    expect(BUILT_IN_PRICES.providers['openai']?.['gpt-4o']).toEqual({ inputPer1k: 0.0025, outputPer1k: 0.01 });
    expect(override).toEqual({ providers: { openai: { 'gpt-4o': cheap } } });
  });

  it('keeps names like __proto__ as plain names', () => {
    const override = JSON.parse('{"providers": {"__proto__": {"*": {"inputPer1k": 1, "outputPer1k": 1}}}}') as PriceTable;
    const merged = mergePriceTables(BUILT_IN_PRICES, override);
    expect(Object.getPrototypeOf(merged.providers)).toBe(Object.prototype);
    expect(priceOf(merged, '__proto__', 'm')?.price).toEqual({ inputPer1k: 1, outputPer1k: 1 });
    expect(priceOf(merged, 'openai', 'gpt-4o')?.matched).toBe('exact');
  });
});
