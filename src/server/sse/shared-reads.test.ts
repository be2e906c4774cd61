import { afterAll, describe, expect, it } from 'vitest';
import { ev } from '../../test-support/event-drafts.js';
import { sqliteHarness } from '../../test-support/store-harness.js';
import { shareReads } from './shared-reads.js';

describe('shareReads', () => {
  const harness = sqliteHarness();
  afterAll(() => harness.cleanup());

  it('runs identical concurrent reads once, and reads again once they settled', async () => {
    const store = harness.location().open();
    await store.migrate();
    const scope = { orgId: 'o', tenantId: 't' };
    await store.append(scope, { executionId: 'r', decide: () => [ev.created(), ev.stepStarted('s')] });
    let queries = 0;
    const counted = { ...store, readEvents: (...args: Parameters<typeof store.readEvents>) => (queries++, store.readEvents(...args)) };
    const shared = shareReads(counted);
    const answers = await Promise.all(Array.from({ length: 50 }, () => shared.readEvents(scope, { afterSeq: 0, limit: 500 })));
    expect(queries).toBe(1);
    expect(answers.every((a) => a === answers[0] && a.length === 2)).toBe(true);
    await Promise.all([shared.readEvents(scope, { afterSeq: 0, limit: 500 }), shared.readEvents(scope, { afterSeq: 1, limit: 500 })]);
    expect(queries).toBe(3);
    await store.close();
  });
});
