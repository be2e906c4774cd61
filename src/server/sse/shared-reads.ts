/**
 * @module Single-flight reads for streams. After a wake-up every stream of a scope asks the store
 * the same question (events after the same seq, the same runs); identical reads in flight at the
 * same moment share one query, so a thousand subscribers cost one read per batch, not a thousand.
 * Results are shared: callers must not change them. Nothing is cached once a read settles.
 */
import type { ExecutionStore } from '../../core/ports/execution-store.js';

type Reads = Pick<ExecutionStore, 'readEvents' | 'getExecutions'>;

function singleFlight<A extends unknown[], R>(read: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const inFlight = new Map<string, Promise<R>>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    const running = inFlight.get(key);
    if (running) return running;
    const started = read(...args).finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}

export function shareReads<S extends Reads>(store: S): S {
  return {
    ...store,
    readEvents: singleFlight(store.readEvents.bind(store)),
    getExecutions: singleFlight((scope: Parameters<S['getExecutions']>[0], ids: readonly string[]) => store.getExecutions(scope, [...ids].sort())),
  };
}
