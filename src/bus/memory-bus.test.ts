import { describe, expect, it } from 'vitest';
import type { EventNotice } from '../core/ports/event-bus.js';
import { createMemoryBus } from './memory-bus.js';

const notice: EventNotice = { orgId: 'acme', tenantId: 'payments', executionId: 'wf_1', seq: 7 };

describe('memory bus', () => {
  it('delivers a published notice to every subscriber before publish resolves', async () => {
    const bus = createMemoryBus();
    const first: unknown[] = [];
    const second: unknown[] = [];
    bus.subscribe((n) => first.push(n));
    bus.subscribe((n) => second.push(n));
    await bus.publish(notice);
    expect(first).toEqual([notice]);
    expect(second).toEqual([notice]);
  });

  it('keeps delivering to the other listeners when one throws, and reports the error', async () => {
    const errors: Error[] = [];
    const bus = createMemoryBus({ onError: (e) => errors.push(e) });
    const seen: unknown[] = [];
    bus.subscribe(() => {
      throw new Error('listener broke');
    });
    bus.subscribe((n) => seen.push(n));
    await expect(bus.publish(notice)).resolves.toBeUndefined();
    expect(seen).toEqual([notice]);
    expect(errors.map((e) => e.message)).toEqual(['listener broke']);
  });

  it('stops delivering to an unsubscribed listener, also one unsubscribed during delivery', async () => {
    const bus = createMemoryBus();
    const seen: string[] = [];
    let unsubscribeLater = () => undefined as void;
    bus.subscribe(() => {
      seen.push('first');
      unsubscribeLater();
    });
    unsubscribeLater = bus.subscribe(() => seen.push('second'));
    const unsubscribeThird = bus.subscribe(() => seen.push('third'));
    unsubscribeThird();
    await bus.publish(notice);
    await bus.publish(notice);
    expect(seen).toEqual(['first', 'first']);
  });

  it('gives the same function subscribed twice two independent subscriptions', async () => {
    const bus = createMemoryBus();
    const seen: unknown[] = [];
    const listener = (n: unknown) => void seen.push(n);
    const unsubscribe = bus.subscribe(listener);
    bus.subscribe(listener);
    unsubscribe();
    await bus.publish(notice);
    expect(seen).toEqual([notice]);
  });

  it('drops every listener on close and rejects later publishes', async () => {
    const bus = createMemoryBus();
    const seen: unknown[] = [];
    bus.subscribe((n) => seen.push(n));
    await bus.close();
    await expect(bus.publish(notice)).rejects.toThrow(/closed/);
    bus.subscribe((n) => seen.push(n));
    await bus.close();
    expect(seen).toEqual([]);
  });
});
