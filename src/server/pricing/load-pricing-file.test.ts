import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { costOf } from '../../core/pricing/index.js';
import { ConfigError } from '../config/server-config.js';
import { loadPricingFile } from './load-pricing-file.js';

const dir = mkdtempSync(join(tmpdir(), 'axonflow-pricing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function problems(path: string): string[] {
  try {
    loadPricingFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('loadPricingFile', () => {
  it("reads AxonFlow's price-file shape into a price table", () => {
    const path = file(
      'ok.json',
      JSON.stringify({ providers: { openai: { 'gpt-4o': { input_per_1k: 0.002, output_per_1k: 0.008 } }, mistral: { '*': { input_per_1k: 0.001, output_per_1k: 0.003, cached_input_per_1k: 0 } } } }),
    );
    const table = loadPricingFile(path);
    expect(table).toEqual({
      providers: {
        openai: { 'gpt-4o': { inputPer1k: 0.002, outputPer1k: 0.008 } },
        mistral: { '*': { inputPer1k: 0.001, outputPer1k: 0.003, cachedInputPer1k: 0 } },
      },
    });
    expect(costOf(table, { provider: 'mistral', model: 'mistral-large', tokensIn: 1000, tokensOut: 1000 }).costUsd).toBe(0.004);
  });

  it('names the setting, the file and the problem when the file is missing or not JSON', () => {
    const missing = join(dir, 'nope.json');
    expect(problems(missing)).toEqual([expect.stringMatching(new RegExp(`^AXONFLOW_PRICING_FILE / LLM_PRICING_FILE / --pricing: ${missing}: cannot be read: .*ENOENT`))]);
    expect(problems(file('broken.json', '{"providers": {'))[0]).toContain('broken.json: is not valid JSON');
  });

  it('names the field at fault: negative or missing prices, unknown members, an empty table', () => {
    const bad = file('bad.json', JSON.stringify({ providers: { openai: { 'gpt-4o': { input_per_1k: -1, output_per_1k: 0.01 }, 'gpt-4.1': { input_per_1k: 0.002 } } }, extra: 1 }));
    const found = problems(bad);
    expect(found.some((p) => p.includes('providers.openai.gpt-4o.input_per_1k'))).toBe(true);
    expect(found.some((p) => p.includes('providers.openai.gpt-4.1.output_per_1k'))).toBe(true);
    expect(found.some((p) => p.includes('extra'))).toBe(true);
    expect(problems(file('empty.json', '{"providers": {}}'))[0]).toContain('providers: must list at least one provider');
  });
});
