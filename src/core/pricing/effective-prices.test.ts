import { describe, expect, it } from 'vitest';
import { layerPrices, resolvePrice } from './effective-prices.js';
import { BUILT_IN_PRICES, costOf, type PriceTable } from './price-table.js';

const FILE: PriceTable = { providers: { OpenAI: { 'GPT-4o': { inputPer1k: 0.002, outputPer1k: 0.008 } }, mistral: { '*': { inputPer1k: 0.001, outputPer1k: 0.003 } } } };
const OVERRIDE: PriceTable = { providers: { openai: { 'gpt-4o': { inputPer1k: 1, outputPer1k: 2 }, 'gpt-5': { inputPer1k: 3, outputPer1k: 4 } } } };

describe('layerPrices', () => {
  const prices = layerPrices([
    { source: 'built_in', table: BUILT_IN_PRICES },
    { source: 'file', table: FILE },
    { source: 'override', table: OVERRIDE },
  ]);
  const entry = (provider: string, model: string) => prices.entries.find((e) => e.provider === provider && e.model === model);

  it('lets a later layer win per provider and model, and says where each price came from', () => {
    expect(entry('openai', 'gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o', price: { inputPer1k: 1, outputPer1k: 2 }, source: 'override' });
    expect(entry('openai', 'gpt-5')?.source).toBe('override');
    expect(entry('mistral', '*')?.source).toBe('file');
    expect(entry('openai', 'gpt-4o-mini')?.source).toBe('built_in');
    expect(costOf(prices.table, { provider: 'openai', model: 'gpt-4o-2024-08-06', tokensIn: 1000, tokensOut: 1000 }).costUsd).toBe(3);
  });

  it('lowercases names, lists entries by provider then model, one per pair', () => {
    const keys = prices.entries.map((e) => `${e.provider}/${e.model}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k.startsWith('openai/gpt-4o'))).toEqual(['openai/gpt-4o', 'openai/gpt-4o-mini']);
  });

  it('changes none of its layers', () => {
    expect(BUILT_IN_PRICES.providers['openai']?.['gpt-4o']).toEqual({ inputPer1k: 0.0025, outputPer1k: 0.01 });
    expect(Object.keys(FILE.providers)).toEqual(['OpenAI', 'mistral']);
  });
});

describe('resolvePrice', () => {
  const prices = layerPrices([
    { source: 'built_in', table: BUILT_IN_PRICES },
    { source: 'override', table: OVERRIDE },
  ]);

  it('names the entry that prices a model: exact, longest prefix, or the fallback', () => {
    expect(resolvePrice(prices, 'OpenAI', 'GPT-4o')).toMatchObject({ matched: 'exact', entry: { model: 'gpt-4o', source: 'override' } });
    expect(resolvePrice(prices, 'openai', 'gpt-4o-mini-2024-07-18')).toMatchObject({ matched: 'prefix', entry: { model: 'gpt-4o-mini', source: 'built_in' } });
    expect(resolvePrice(prices, 'anthropic', 'claude-4-unknown')).toMatchObject({ matched: 'provider_default', entry: { model: '*' } });
    expect(resolvePrice(prices, 'cohere', 'command-r')).toBeUndefined();
  });
});
