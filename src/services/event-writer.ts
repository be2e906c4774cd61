/**
 * @module EventWriter: the one way services write events. It appends through the store (one
 * transaction) and, after commit, wakes readers on every replica through the bus. A lost wake-up
 * only delays readers (they also re-read on a timer), so a publish failure never fails a write.
 * Observers (metrics) see each committed append once, on the replica that wrote it: the events
 * written (retried duplicates left out) with the projection before and after.
 */
import type { ExecutionEvent } from '../core/events/event-catalogue.js';
import type { ExecutionProjection } from '../core/executions/projection.js';
import type { Scope } from '../core/identity/scope.js';
import type { EventBus } from '../core/ports/event-bus.js';
import type { AppendRequest, AppendResult, ExecutionStore } from '../core/ports/execution-store.js';

/** One committed append, as an observer sees it. */
export interface AppendObservation {
  readonly scope: Scope;
  /** The events this append stored (never a retry answered with an earlier copy). */
  readonly written: readonly ExecutionEvent[];
  /** What `decide` saw in the committed transaction: the run before these events. */
  readonly before: ExecutionProjection;
  /** The projection after the append; `usage` holds only the records these events produced. */
  readonly after: ExecutionProjection;
}

/** Runs after commit; a throw is reported and never fails the write. */
export type AppendObserver = (observation: AppendObservation) => void;

export class EventWriter {
  readonly #store: ExecutionStore;
  readonly #bus: EventBus;
  readonly #onPublishError: (error: Error) => void;
  readonly #observers: readonly AppendObserver[];
  readonly #onObserverError: (error: Error) => void;

  constructor(
    store: ExecutionStore,
    bus: EventBus,
    onPublishError: (error: Error) => void = () => undefined,
    observers: readonly AppendObserver[] = [],
    onObserverError: (error: Error) => void = onPublishError,
  ) {
    this.#store = store;
    this.#bus = bus;
    this.#onPublishError = onPublishError;
    this.#observers = observers;
    this.#onObserverError = onObserverError;
  }

  async append(scope: Scope, request: AppendRequest): Promise<AppendResult> {
    // The store may run decide more than once (a concurrent writer forced a retry); the last run is the committed one.
    let before: ExecutionProjection | undefined;
    const result = await this.#store.append(scope, {
      ...request,
      decide: (current) => {
        before = current;
        return request.decide(current);
      },
    });
    const written = result.events.filter((e) => !e.duplicate);
    const last = written[written.length - 1];
    if (last) {
      await this.#bus
        .publish({ orgId: scope.orgId, tenantId: scope.tenantId, executionId: request.executionId, seq: last.event.seq })
        .catch((error: Error) => this.#onPublishError(error));
      if (before && this.#observers.length > 0) {
        const observation: AppendObservation = { scope, written: written.map((e) => e.event), before, after: result.projection };
        for (const observer of this.#observers) {
          try {
            observer(observation);
          } catch (error) {
            this.#onObserverError(error as Error);
          }
        }
      }
    }
    return result;
  }
}
