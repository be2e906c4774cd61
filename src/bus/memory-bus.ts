/**
 * @module The in-process bus, for SQLite (one process owns the store) and tests. Publish delivers
 * synchronously to the listeners subscribed at that moment; nothing can be missed, so it never
 * emits 'resync'.
 */
import type { EventBus, EventNotice, NoticeListener } from '../core/ports/event-bus.js';

export interface MemoryBusOptions {
  /** Receives what a listener threw; the other listeners still run. */
  readonly onError?: (error: Error) => void;
}

export function createMemoryBus(options: MemoryBusOptions = {}): EventBus {
  const listeners = new Set<NoticeListener>();
  let closed = false;

  return {
    async publish(notice: EventNotice): Promise<void> {
      if (closed) throw new Error('The event bus is closed');
      // A snapshot, so a listener that subscribes during delivery starts with the next notice;
      // the `has` check keeps one unsubscribed during delivery from being called.
      for (const listener of [...listeners]) {
        if (!listeners.has(listener)) continue;
        try {
          listener(notice);
        } catch (error) {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
        }
      }
    },
    subscribe(listener: NoticeListener): () => void {
      if (closed) return () => undefined;
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const entry: NoticeListener = (notice) => listener(notice);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    async close(): Promise<void> {
      closed = true;
      listeners.clear();
    },
  };
}
