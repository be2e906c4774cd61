/**
 * @module runStoreConformance: registers every conformance case against one store harness. Each
 * adapter's test file calls it; `*.case.ts` files never run alone. A skip must say why.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import type { StoreHarness } from '../../test-support/store-harness.js';
import { appendCases } from './append.case.js';
import { auditChainCases } from './audit-chain.case.js';
import { alertCases } from './alerts.case.js';
import { approvalCases } from './approvals.case.js';
import { budgetCases } from './budgets.case.js';
import { concurrencyCases } from './concurrency.case.js';
import { type ConformanceContext, type Register, uniqueScope } from './conformance-context.js';
import { filterCases } from './filters.case.js';
import { foldCases } from './fold.case.js';
import { idempotencyCases } from './idempotency.case.js';
import { identityCases } from './identity.case.js';
import { migrationCases } from './migrations.case.js';
import { pagedReadCases } from './paged-reads.case.js';
import { priceCases } from './prices.case.js';
import { policyCases } from './policies.case.js';
import { readCases } from './reads.case.js';
import { rerunCases } from './reruns.case.js';
import { scopeCases } from './scope.case.js';
import { seqReadCases } from './seq-reads.case.js';
import { serverKeyCases } from './server-keys.case.js';
import { usageCases } from './usage.case.js';
import { webhookCases } from './webhooks.case.js';

export interface ConformanceOptions {
  readonly skip?: readonly { readonly test: string; readonly reason: string }[];
}

const SUITES: Record<string, (ctx: ConformanceContext, it: Register) => void> = {
  append: appendCases,
  idempotency: idempotencyCases,
  fold: foldCases,
  scope: scopeCases,
  reads: readCases,
  filters: filterCases,
  migrations: migrationCases,
  concurrency: concurrencyCases,
  identity: identityCases,
  serverKeys: serverKeyCases,
  seqReads: seqReadCases,
  pagedReads: pagedReadCases,
  usage: usageCases,
  budgets: budgetCases,
  prices: priceCases,
  policies: policyCases,
  webhooks: webhookCases,
  approvals: approvalCases,
  alerts: alertCases,
  auditChain: auditChainCases,
  reruns: rerunCases,
};

export function runStoreConformance(harness: StoreHarness, options: ConformanceOptions = {}): void {
  describe(`store conformance [${harness.kind}]`, () => {
    let shared: Store | undefined;
    const opened: Store[] = [];

    beforeAll(async () => {
      shared = harness.location().open();
      await shared.migrate();
    });

    afterAll(async () => {
      for (const store of [shared, ...opened]) await store?.close().catch(() => undefined);
      await harness.cleanup();
    });

    const ctx: ConformanceContext = {
      kind: harness.kind,
      store: () => {
        if (!shared) throw new Error('shared store not open');
        return shared;
      },
      location: () => harness.location(),
      track: (store) => {
        opened.push(store);
        return store;
      },
      freshStore: async (storeOptions) => {
        const store = ctx.track(harness.location().open(storeOptions));
        await store.migrate();
        return store;
      },
      scope: uniqueScope,
    };

    for (const [suite, register] of Object.entries(SUITES)) {
      describe(suite, () => {
        const registerCase: Register = (name, fn) => {
          const skip = options.skip?.find((s) => s.test === name);
          if (skip) it.skip(`${name} (skipped on ${harness.kind}: ${skip.reason})`, fn);
          else it(name, fn);
        };
        register(ctx, registerCase);
      });
    }
  });
}
