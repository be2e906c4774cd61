/**
 * @module Loads the deployment's pricing file (`--pricing FILE`, env AXONFLOW_PRICING_FILE or
 * AxonFlow's LLM_PRICING_FILE): JSON in AxonFlow's shape `{providers: {p: {model: {input_per_1k,
 * output_per_1k}}}}`. Any problem stops the start with the file and the field at fault.
 */
import { readFileSync } from 'node:fs';
import type { ModelPrice, PriceTable } from '../../core/pricing/index.js';
import { PriceTableWire } from '../../shared/pricing.js';
import { ConfigError } from '../config/server-config.js';

const SETTING = 'AXONFLOW_PRICING_FILE / LLM_PRICING_FILE / --pricing';

export function loadPricingFile(path: string): PriceTable {
  const problem = (message: string) => new ConfigError([`${SETTING}: ${path}: ${message}`]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw problem(`cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw problem(`is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PriceTableWire.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${SETTING}: ${path}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`));
  }
  // Maps, not object literals: a provider or model named `__proto__` in the file stays a name.
  const providers = new Map<string, Record<string, ModelPrice>>();
  for (const [provider, models] of Object.entries(parsed.data.providers)) {
    const priced = new Map<string, ModelPrice>();
    for (const [model, p] of Object.entries(models)) {
      priced.set(model, { inputPer1k: p.input_per_1k, outputPer1k: p.output_per_1k, ...(p.cached_input_per_1k === undefined ? {} : { cachedInputPer1k: p.cached_input_per_1k }) });
    }
    providers.set(provider, Object.fromEntries(priced));
  }
  return { providers: Object.fromEntries(providers) };
}
