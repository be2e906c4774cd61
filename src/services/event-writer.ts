/**
 * @module EventWriter: the one way services write events. It appends through the store (one
 * transaction) and, after commit, wakes readers on every replica through the bus. A lost wake-up
 * only delays readers (they also re-read on a timer), so a publish failure never fails a write.
 */
import type { Scope } from '../core/identity/scope.js';
import type { EventBus } from '../core/ports/event-bus.js';
import type { AppendRequest, AppendResult, ExecutionStore } from '../core/ports/execution-store.js';

export class EventWriter {
  readonly #store: ExecutionStore;
  readonly #bus: EventBus;
  readonly #onPublishError: (error: Error) => void;

  constructor(store: ExecutionStore, bus: EventBus, onPublishError: (error: Error) => void = () => undefined) {
    this.#store = store;
    this.#bus = bus;
    this.#onPublishError = onPublishError;
  }

  async append(scope: Scope, request: AppendRequest): Promise<AppendResult> {
    const result = await this.#store.append(scope, request);
    const written = result.events.filter((e) => !e.duplicate);
    const last = written[written.length - 1];
    if (last) {
      await this.#bus
        .publish({ orgId: scope.orgId, tenantId: scope.tenantId, executionId: request.executionId, seq: last.event.seq })
        .catch((error: Error) => this.#onPublishError(error));
    }
    return result;
  }
}
