/**
 * The approval sweeper on real stores: replicas sweeping one PostgreSQL at the same moment expire
 * each approval and abort its run exactly once, and record each SLA breach once; an approval left
 * pending on a run that already ended is expired without a second terminal event; stop() waits for
 * a sweep in flight.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory-bus.js';
import type { Store } from '../core/ports/store.js';
import { heldRun } from '../test-support/approval-drafts.js';
import { FixedClock } from '../test-support/fixed-clock.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { ApprovalSweeper } from './approval-sweeper.js';
import { EventWriter } from './event-writer.js';

const SCOPES = [
  { orgId: 'org-a', tenantId: 'blue' },
  { orgId: 'org-b', tenantId: 'green' },
];

for (const harness of storeHarnesses()) {
  describe(`approval sweeper [${harness.kind}]`, () => {
    const opened: Store[] = [];
    afterAll(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
      await harness.cleanup();
    });

    async function replicas(clock: FixedClock): Promise<[Store, Store]> {
      const location = harness.location();
      const first = location.open({ clock });
      opened.push(first);
      await first.migrate();
      // SQLite belongs to one process (decision 0002): its "replicas" share the one store.
      const second = harness.kind === 'postgres' ? location.open({ clock }) : first;
      if (second !== first) opened.push(second);
      return [first, second];
    }

    const sweeperOn = (store: Store, clock: FixedClock) => new ApprovalSweeper({ store, writer: new EventWriter(store, createMemoryBus()), clock, batchSize: 3 });

    it('expires each due approval and aborts its run once, however many replicas sweep', async () => {
      const clock = new FixedClock('2026-06-01T08:00:00.000Z');
      const [first, second] = await replicas(clock);
      const runs: { scope: (typeof SCOPES)[number]; id: string }[] = [];
      for (const scope of SCOPES) {
        for (let i = 0; i < 4; i++) {
          const id = `run-${i}`;
          await first.append(scope, { executionId: id, decide: () => heldRun({ approvalId: `apr-${i}`, slaAt: '2026-06-01T08:30:00.000Z', expiresAt: '2026-06-01T09:00:00.000Z' }) });
          runs.push({ scope, id });
        }
      }
      clock.advance(90 * 60_000);
      const sweepers = [sweeperOn(first, clock), sweeperOn(second, clock), sweeperOn(first, clock), sweeperOn(second, clock)];
      const reports = await Promise.all(sweepers.map((s) => s.sweep()));
      expect(reports.reduce((n, r) => n + r.expired, 0)).toBe(8);
      expect(reports.reduce((n, r) => n + r.slaBreached, 0)).toBe(8);
      for (const { scope, id } of runs) {
        const types = (await first.readEvents(scope, { executionId: id })).map((e) => e.type);
        expect(types.filter((t) => t === 'approval.expired'), `${scope.tenantId}/${id}`).toHaveLength(1);
        expect(types.filter((t) => t === 'approval.sla_breached')).toHaveLength(1);
        expect(types.filter((t) => t === 'execution.aborted')).toHaveLength(1);
        expect(await second.getExecution(scope, id)).toMatchObject({ status: 'aborted', pendingApprovals: 0 });
      }
      expect(await first.findDueApprovals(clock.now(), 100)).toEqual([]);
      expect(await Promise.all(sweepers.map((s) => s.sweep()))).toEqual(sweepers.map(() => ({ expired: 0, slaBreached: 0 })));
    });

    it('records an SLA breach once and leaves the approval pending until it expires', async () => {
      const clock = new FixedClock('2026-06-02T08:00:00.000Z');
      const [first, second] = await replicas(clock);
      const scope = SCOPES[0]!;
      await first.append(scope, { executionId: 'run', decide: () => heldRun({ approvalId: 'apr', slaAt: '2026-06-02T08:10:00.000Z', expiresAt: '2026-06-03T08:00:00.000Z' }) });
      clock.advance(11 * 60_000);
      const reports = await Promise.all([sweeperOn(first, clock).sweep(), sweeperOn(second, clock).sweep()]);
      expect(reports.reduce((n, r) => n + r.slaBreached, 0)).toBe(1);
      expect(await first.getApproval(scope, 'apr')).toMatchObject({ status: 'pending', slaBreached: true, slaBreachedAt: '2026-06-02T08:11:00.000Z' });
      expect(await first.getExecution(scope, 'run')).toMatchObject({ status: 'running', pendingApprovals: 1 });
      expect((await sweeperOn(first, clock).sweep()).slaBreached).toBe(0);
    });

    it('expires an approval left pending on an ended run without ending the run again', async () => {
      const clock = new FixedClock('2026-06-03T08:00:00.000Z');
      const [store] = await replicas(clock);
      const scope = SCOPES[1]!;
      await store.append(scope, { executionId: 'run', decide: () => [...heldRun({ approvalId: 'apr', expiresAt: '2026-06-03T09:00:00.000Z' }), { type: 'execution.cancelled', data: { reason: 'operator stopped it' } }] });
      clock.advance(2 * 60 * 60_000);
      expect(await sweeperOn(store, clock).sweep()).toEqual({ expired: 1, slaBreached: 0 });
      const types = (await store.readEvents(scope, { executionId: 'run' })).map((e) => e.type);
      expect(types.slice(-2)).toEqual(['execution.cancelled', 'approval.expired']);
      expect(await store.getExecution(scope, 'run')).toMatchObject({ status: 'cancelled' });
    });

    it('sweeps once at start, and never after stop()', async () => {
      const clock = new FixedClock('2026-06-04T08:00:00.000Z');
      const [store] = await replicas(clock);
      const scope = SCOPES[0]!;
      await store.append(scope, { executionId: 'run', decide: () => heldRun({ approvalId: 'apr', expiresAt: '2026-06-04T08:01:00.000Z' }) });
      clock.advance(2 * 60_000);
      const sweeper = new ApprovalSweeper({ store, writer: new EventWriter(store, createMemoryBus()), clock, intervalMs: 3_600_000 });
      sweeper.start();
      await sweeper.settled();
      expect(await store.getApproval(scope, 'apr')).toMatchObject({ status: 'expired' });
      await sweeper.stop();
      await store.append(scope, { executionId: 'later', decide: () => heldRun({ approvalId: 'apr-later', expiresAt: '2026-06-04T08:01:00.000Z' }) });
      sweeper.start();
      await sweeper.settled();
      expect(await store.getApproval(scope, 'apr-later')).toMatchObject({ status: 'pending' });
    });
  });
}
