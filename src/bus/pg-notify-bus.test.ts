import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventBus, EventNotice } from '../core/ports/event-bus.js';
import { newSchemaName, postgresEnabled, testPgUrl, withPgClient } from '../test-support/postgres.js';
import { createPgNotifyBus, notifyChannelName, type PgNotifyBusOptions } from './pg-notify-bus.js';

const notice = (seq: number, executionId = 'wf_1'): EventNotice => ({ orgId: 'acme', tenantId: 'payments', executionId, seq });

describe('notifyChannelName', () => {
  it('keeps the public schema on the plain channel and puts any other schema in the name', () => {
    expect(notifyChannelName('axonflow_events', undefined)).toBe('axonflow_events');
    expect(notifyChannelName('axonflow_events', 'public')).toBe('axonflow_events');
    expect(notifyChannelName('axonflow_events', 'axt_1')).toBe('axonflow_events_axt_1');
  });

  it('stays within 63 bytes and distinct for long schema names', () => {
    const a = notifyChannelName('axonflow_events', `s${'a'.repeat(61)}1`);
    const b = notifyChannelName('axonflow_events', `s${'a'.repeat(61)}2`);
    expect(a.length).toBeLessThanOrEqual(63);
    expect(b.length).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
  });

  it('refuses names that are not plain identifiers', () => {
    expect(() => notifyChannelName('events"; drop', undefined)).toThrow(/channel/);
    expect(() => notifyChannelName('axonflow_events', 'bad-schema')).toThrow(/schema/);
  });
});

if (postgresEnabled()) {
  describe('pg notify bus [postgres]', () => {
    const buses: EventBus[] = [];

    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
    });

    async function open(schema: string, extra: Partial<PgNotifyBusOptions> = {}): Promise<EventBus> {
      const bus = await createPgNotifyBus({ connectionString: testPgUrl(), schema, ...extra });
      buses.push(bus);
      return bus;
    }

    function record(bus: EventBus): (EventNotice | 'resync')[] {
      const seen: (EventNotice | 'resync')[] = [];
      bus.subscribe((n) => seen.push(n));
      return seen;
    }

    it('delivers a notice published on one replica to another within a second, with the exact fields', async () => {
      const schema = newSchemaName();
      const a = await open(schema);
      const b = await open(schema);
      const seen = record(b);
      const sent: EventNotice = { orgId: 'org-ü', tenantId: 'tenant "x"', executionId: 'wf_0123456789', seq: 9_007_199_254_740_991 };
      await a.publish(sent);
      await vi.waitFor(() => expect(seen).toEqual([sent]), { timeout: 1000, interval: 10 });
    });

    it('stops delivering to an unsubscribed listener', async () => {
      const schema = newSchemaName();
      const a = await open(schema);
      const b = await open(schema);
      const dropped: unknown[] = [];
      const unsubscribe = b.subscribe((n) => dropped.push(n));
      const kept = record(b);
      unsubscribe();
      await a.publish(notice(1));
      // Both listeners are called for the same notification, so once `kept` has it `dropped` would too.
      await vi.waitFor(() => expect(kept).toEqual([notice(1)]), { timeout: 1000, interval: 10 });
      expect(dropped).toEqual([]);
    });

    it('does not wake a bus on another schema of the same database', async () => {
      const schema = newSchemaName();
      const other = newSchemaName();
      const a = await open(schema);
      const otherPublisher = await open(other);
      const otherListener = await open(other);
      const seen = record(otherListener);
      await a.publish(notice(1, 'wf_elsewhere'));
      // Notifications reach a session in commit order, so the marker arriving proves the first was not sent to it.
      await otherPublisher.publish(notice(2, 'wf_marker'));
      await vi.waitFor(() => expect(seen).toEqual([notice(2, 'wf_marker')]), { timeout: 1000, interval: 10 });
    });

    it('turns a notice too large for NOTIFY into a resync', async () => {
      const schema = newSchemaName();
      const a = await open(schema);
      const b = await open(schema);
      const seen = record(b);
      await a.publish(notice(1, 'x'.repeat(8000)));
      await vi.waitFor(() => expect(seen).toEqual(['resync']), { timeout: 1000, interval: 10 });
    });

    it('ignores and reports a malformed payload, and keeps delivering', async () => {
      const schema = newSchemaName();
      const errors: Error[] = [];
      const a = await open(schema);
      const b = await open(schema, { onError: (e) => errors.push(e) });
      const seen = record(b);
      const channel = notifyChannelName('axonflow_events', schema);
      await withPgClient(async (client) => {
        for (const payload of ['not json', '{"o":"acme","t":"payments","e":"wf_1"}', '{"o":1,"t":"x","e":"wf_1","s":1}']) {
          await client.query('select pg_notify($1, $2)', [channel, payload]);
        }
      });
      await a.publish(notice(3));
      await vi.waitFor(() => expect(seen).toEqual([notice(3)]), { timeout: 1000, interval: 10 });
      expect(errors).toHaveLength(3);
      expect(errors[0]!.message).toMatch(/malformed event notice/);
    });

    it('reconnects after the server kills its listening connection, emits resync, and delivers again', async () => {
      const schema = newSchemaName();
      const applicationName = `axonflow-bus-test-${randomBytes(4).toString('hex')}`;
      const errors: Error[] = [];
      const a = await open(schema);
      const b = await open(schema, { applicationName, onError: (e) => errors.push(e), reconnectMinMs: 20, reconnectMaxMs: 200 });
      const seen = record(b);
      const listenerPids = () =>
        withPgClient(async (client) => {
          const result = await client.query<{ pid: number }>(
            `select pid from pg_stat_activity where application_name = $1 and query ilike 'LISTEN%'`,
            [applicationName],
          );
          return result.rows.map((row) => row.pid);
        });

      const [killed] = await listenerPids();
      expect(killed).toBeDefined();
      await withPgClient((client) => client.query('select pg_terminate_backend($1)', [killed]));

      await vi.waitFor(() => expect(seen).toEqual(['resync']), { timeout: 5000, interval: 10 });
      expect(errors.length).toBeGreaterThanOrEqual(1);
      const pids = await listenerPids();
      expect(pids).toHaveLength(1);
      expect(pids[0]).not.toBe(killed);

      await a.publish(notice(5));
      await vi.waitFor(() => expect(seen).toEqual(['resync', notice(5)]), { timeout: 1000, interval: 10 });
    });

    it('rejects publish after close and closes idempotently', async () => {
      const bus = await open(newSchemaName());
      await bus.close();
      await expect(bus.publish(notice(1))).rejects.toThrow(/closed/);
      await expect(bus.close()).resolves.toBeUndefined();
    });

    it('rejects creation when the database does not answer', async () => {
      const url = new URL(testPgUrl());
      url.port = '1';
      await expect(createPgNotifyBus({ connectionString: url.toString() })).rejects.toThrow();
    });
  });
} else {
  describe('pg notify bus [postgres]', () => it.skip('AXONFLOW_TEST_PG=off', () => undefined));
}
