/**
 * @module EventWaiter: "give me the events of this run after seq N, waiting up to T ms for one".
 * It reads the log, and only when nothing is there subscribes to the bus and reads again on each
 * wake-up; it also re-reads every `pollMs` so a lost wake-up costs at most that long.
 */
import type { ExecutionEvent } from '../core/events/event-catalogue.js';
import type { Scope } from '../core/identity/scope.js';
import type { EventBus } from '../core/ports/event-bus.js';
import type { ExecutionStore } from '../core/ports/execution-store.js';

export interface WaitQuery {
  readonly executionId: string;
  readonly afterSeq: number;
  readonly waitMs: number;
  readonly limit: number;
  /** Ends the wait early (the client went away). */
  readonly signal?: AbortSignal;
}

export class EventWaiter {
  readonly #store: ExecutionStore;
  readonly #bus: EventBus;
  readonly #pollMs: number;

  constructor(store: ExecutionStore, bus: EventBus, pollMs = 1000) {
    this.#store = store;
    this.#bus = bus;
    this.#pollMs = pollMs;
  }

  async wait(scope: Scope, query: WaitQuery): Promise<ExecutionEvent[]> {
    const read = () => this.#store.readEvents(scope, { executionId: query.executionId, afterSeq: query.afterSeq, limit: query.limit });
    const first = await read();
    if (first.length > 0 || query.waitMs <= 0 || query.signal?.aborted) return first;

    return new Promise<ExecutionEvent[]>((resolve, reject) => {
      let settled = false;
      let reading = false;
      let again = false;
      const finish = (events: ExecutionEvent[]) => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(events);
      };
      const attempt = async () => {
        if (settled) return;
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        try {
          do {
            again = false;
            const events = await read();
            if (events.length > 0) return finish(events);
          } while (again && !settled);
        } catch (error) {
          if (!settled) {
            settled = true;
            cleanup();
            reject(error);
          }
        } finally {
          reading = false;
        }
      };
      const unsubscribe = this.#bus.subscribe((notice) => {
        if (notice === 'resync' || (notice.executionId === query.executionId && notice.orgId === scope.orgId && notice.tenantId === scope.tenantId)) {
          void attempt();
        }
      });
      const poll = setInterval(() => void attempt(), this.#pollMs);
      const timeout = setTimeout(() => finish([]), query.waitMs);
      const onAbort = () => finish([]);
      query.signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        unsubscribe();
        clearInterval(poll);
        clearTimeout(timeout);
        query.signal?.removeEventListener('abort', onAbort);
      };
      // An event may have landed between the first read and the subscription.
      void attempt();
    });
  }
}
