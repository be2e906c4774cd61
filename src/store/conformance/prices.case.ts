/** @module Conformance: an org's price overrides (upsert, lower-cased names, org isolation, delete). */
import { expect } from 'vitest';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { PriceOverride } from '../../core/ports/price-store.js';
import type { ConformanceContext, Register } from './conformance-context.js';

let n = 0;
function audit(action: string): AuditEntry {
  return { auditId: `aud_price_${++n}_${Date.now()}`, at: '2026-04-01T00:00:00.000Z', actor: 'admin', action, targetType: 'pricing', targetId: 'org', details: {} };
}

function override(provider: string, model: string, inputPer1k: number, outputPer1k: number, cachedInputPer1k?: number): PriceOverride {
  return {
    provider,
    model,
    price: cachedInputPer1k === undefined ? { inputPer1k, outputPer1k } : { inputPer1k, outputPer1k, cachedInputPer1k },
    updatedAt: '2026-04-01T00:00:00.000Z',
    updatedBy: 'admin',
  };
}

export function priceCases(ctx: ConformanceContext, it: Register): void {
  it('stores overrides per org with lower-cased names, replaces one on a second put, and keeps orgs apart', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    await store.putPriceOverrides(scope, [override('OpenAI', 'GPT-4o', 0.001, 0.002), override('mistral', '*', 0.0005, 0.0015, 0.0001)], audit('pricing.put'));
    await store.putPriceOverrides(scope, [override('openai', 'gpt-4o', 0.003, 0.004)], audit('pricing.put'));
    const listed = await store.listPriceOverrides(scope);
    expect(listed.map((o) => [o.provider, o.model, o.price])).toEqual([
      ['mistral', '*', { inputPer1k: 0.0005, outputPer1k: 0.0015, cachedInputPer1k: 0.0001 }],
      ['openai', 'gpt-4o', { inputPer1k: 0.003, outputPer1k: 0.004 }],
    ]);
    // Another tenant of the org is charged from the same overrides; another org is not.
    expect(await store.listPriceOverrides({ orgId: scope.orgId, tenantId: 'elsewhere' })).toHaveLength(2);
    expect(await store.listPriceOverrides(ctx.scope())).toEqual([]);
    expect(await store.listAudit(scope, { targetType: 'pricing', limit: 10 })).toHaveLength(2);
  });

  it('deletes one override by name in any case, and answers false when there is none', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    await store.putPriceOverrides(scope, [override('openai', 'gpt-4o', 0.001, 0.002), override('openai', 'gpt-4o-mini', 0.0001, 0.0002)], audit('pricing.put'));
    expect(await store.deletePriceOverride(ctx.scope(), 'openai', 'gpt-4o', audit('pricing.delete'))).toBe(false);
    expect(await store.deletePriceOverride(scope, 'OpenAI', 'GPT-4o', audit('pricing.delete'))).toBe(true);
    expect(await store.deletePriceOverride(scope, 'openai', 'gpt-4o', audit('pricing.delete'))).toBe(false);
    expect((await store.listPriceOverrides(scope)).map((o) => o.model)).toEqual(['gpt-4o-mini']);
  });
}
