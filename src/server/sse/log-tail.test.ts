import { afterAll, describe, expect, it } from 'vitest';
import type { ExecutionEvent } from '../../core/events/event-catalogue.js';
import type { Scope } from '../../core/identity/scope.js';
import type { Store } from '../../core/ports/store.js';
import { ev } from '../../test-support/event-drafts.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { tailReads } from './log-tail.js';
import { shareReads } from './shared-reads.js';

const A: Scope = { orgId: 'o', tenantId: 'a' };
const B: Scope = { orgId: 'o', tenantId: 'b' };

/** The real store with its stream reads counted (instrumentation, not a stand-in). */
function counted(store: Store) {
  const queries = { events: 0, runs: 0 };
  const reads = {
    ...store,
    readEvents: (...args: Parameters<Store['readEvents']>) => (queries.events++, store.readEvents(...args)),
    getExecutions: (...args: Parameters<Store['getExecutions']>) => (queries.runs++, store.getExecutions(...args)),
  };
  return { reads, queries };
}

/** Two steps of a run per call: created on its first. */
async function write(store: Store, scope: Scope, run: string, n: number) {
  await store.append(scope, { executionId: run, decide: (current) => [...(current.execution ? [] : [ev.created(run)]), ev.stepStarted(`s${n}`), ev.stepStarted(`t${n}`)] });
}

for (const harness of storeHarnesses()) {
  describe(`tailReads [${harness.kind}]`, () => {
    afterAll(() => harness.cleanup());

    it('gives every reader exactly the scope’s log, in order, while another tenant and this one write', async () => {
      const store = harness.location().open();
      await store.migrate();
      const tail = tailReads(store, { maxEvents: 40, batch: 25 });
      const start = await store.latestSeq(A);
      let writing = true;
      const writer = (async () => {
        for (let i = 0; i < 60; i++) {
          await write(store, A, `run-${i % 5}`, i);
          await write(store, B, `other-${i % 3}`, i);
        }
        writing = false;
      })();
      // Readers at different paces and limits, some starting behind: each follows the log to its end.
      const reader = async (pause: number, limit: number, from: number) => {
        const seen: ExecutionEvent[] = [];
        let cursor = from;
        for (;;) {
          const done = !writing;
          const { events, runs } = await tail.readBatch(A, { afterSeq: cursor, limit });
          if (events.length > 0) {
            for (const e of events) expect(runs.get(e.executionId)!.lastSeq).toBeGreaterThanOrEqual(e.seq);
            seen.push(...events);
            cursor = events[events.length - 1]!.seq;
          } else if (done) return seen;
          await new Promise((resolve) => setTimeout(resolve, pause));
        }
      };
      const results = await Promise.all([reader(0, 500, start), reader(3, 7, start), reader(11, 25, start), reader(1, 100, 0)]);
      await writer;
      const log: ExecutionEvent[] = [];
      for (let after = 0; ; ) {
        const page = await store.readEvents(A, { afterSeq: after, limit: 1000 });
        if (page.length === 0) break;
        log.push(...page);
        after = page[page.length - 1]!.seq;
      }
      expect(log.length).toBe(125);
      expect(log.every((e) => e.tenantId === 'a')).toBe(true);
      const fromStart = log.filter((e) => e.seq > start).map((e) => e.seq);
      for (const seen of results.slice(0, 3)) expect(seen.map((e) => e.seq)).toEqual(fromStart);
      expect(results[3]!.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
      await store.close();
    });

    it('answers readers at different cursors inside the tail from memory: one read per new batch, not one per reader', async () => {
      const store = harness.location().open();
      await store.migrate();
      const scope: Scope = { orgId: 'o', tenantId: 'shared' };
      const start = await store.latestSeq(scope);
      const { reads, queries } = counted(store);
      const tail = tailReads(reads);
      expect((await tail.readBatch(scope, { afterSeq: start, limit: 500 })).events).toEqual([]);
      for (let i = 0; i < 10; i++) await write(store, scope, `run-${i}`, i);
      const cursors: number[] = [];
      const all = await store.readEvents(scope, { afterSeq: start, limit: 500 });
      for (let i = 0; i < 50; i++) cursors.push(i === 0 ? start : all[i % all.length]!.seq);
      const before = { ...queries };
      const answers = await Promise.all(cursors.map((c) => tail.readBatch(scope, { afterSeq: c, limit: 500 })));
      expect(answers.map((a) => a.events.map((e) => e.seq))).toEqual(cursors.map((c) => all.filter((e) => e.seq > c).map((e) => e.seq)));
      for (const a of answers) expect([...a.runs.keys()].sort()).toEqual([...new Set(a.events.map((e) => e.executionId))].sort());
      expect(queries.events - before.events).toBe(1);
      expect(queries.runs - before.runs).toBe(1);

      // Single-flight alone shares only identical reads: the same readers cost a read each.
      const plain = counted(store);
      const shared = shareReads(plain.reads);
      await Promise.all(cursors.map((c) => shared.readEvents(scope, { afterSeq: c, limit: 500 })));
      expect(plain.queries.events).toBe(new Set(cursors).size);
      await store.close();
    });

    it('sends a reader behind the tail, a single run’s read and a large read to the store', async () => {
      const store = harness.location().open();
      await store.migrate();
      const scope: Scope = { orgId: 'o', tenantId: 'bounded' };
      const start = await store.latestSeq(scope);
      const { reads, queries } = counted(store);
      const tail = tailReads(reads, { maxEvents: 6, batch: 500 });
      await tail.readBatch(scope, { afterSeq: start, limit: 500 });
      for (let i = 0; i < 5; i++) await write(store, scope, 'run', i);
      const all = await store.readEvents(scope, { afterSeq: start, limit: 500 });
      expect((await tail.readBatch(scope, { afterSeq: all[1]!.seq, limit: 500 })).events).toEqual(all.slice(2));
      const behind = queries.events;
      // The tail keeps the last 6 of 10 events: a cursor before them reads the store, and gets the same answer.
      expect((await tail.readBatch(scope, { afterSeq: start, limit: 500 })).events.map((e) => e.seq)).toEqual(all.map((e) => e.seq));
      expect(queries.events).toBe(behind + 1);
      expect((await tail.readBatch(scope, { afterSeq: all[7]!.seq, limit: 500 })).events.map((e) => e.seq)).toEqual(all.slice(8).map((e) => e.seq));
      expect(queries.events).toBe(behind + 1);
      await tail.readBatch(scope, { afterSeq: start, executionId: 'run', limit: 500 });
      await tail.readBatch(scope, { afterSeq: all[7]!.seq, limit: 1000 });
      expect(queries.events).toBe(behind + 3);
      // A cursor beyond every event (a bogus Last-Event-ID) reads nothing and does not reset the tail.
      expect((await tail.readBatch(scope, { afterSeq: all[9]!.seq + 1_000_000, limit: 500 })).events).toEqual([]);
      expect((await tail.readBatch(scope, { afterSeq: all[7]!.seq, limit: 500 })).events.map((e) => e.seq)).toEqual(all.slice(8).map((e) => e.seq));
      await store.close();
    });
  });
}
