/**
 * @module ApprovalSweeper: expires approvals and records SLA breaches when their time comes, in
 * every org and tenant. Each due approval is written through the normal append path with
 * `planApprovalSweep` as its decide function, which re-reads the approval under the run's lock: with
 * several replicas sweeping one PostgreSQL, the first to commit writes the events and the others
 * find nothing to do. Nothing is kept in memory, so a restart loses nothing: whatever fell due while
 * no replica ran is found by the next sweep (the app sweeps once at start).
 *
 * Time comes from the Clock; only the pace of sweeping uses timers.
 */
import { planApprovalSweep } from '../core/approvals/index.js';
import type { ApprovalStore } from '../core/ports/approval-store.js';
import type { Clock } from '../core/ports/clock.js';
import type { EventWriter } from './event-writer.js';

export interface ApprovalSweeperOptions {
  readonly store: ApprovalStore;
  readonly writer: EventWriter;
  readonly clock: Clock;
  /** Time between sweeps. @default 15000 */
  readonly intervalMs?: number;
  /** Due approvals handled per query; a sweep repeats the query until fewer come back. @default 200 */
  readonly batchSize?: number;
  /** A sweep or one approval failed; the sweep goes on with the next one, the next sweep retries. */
  readonly onError?: (error: unknown) => void;
}

export interface SweepReport {
  readonly expired: number;
  readonly slaBreached: number;
}

export class ApprovalSweeper {
  readonly #o: ApprovalSweeperOptions;
  #timer: NodeJS.Timeout | undefined;
  #current: Promise<SweepReport> | undefined;
  #stopped = false;

  constructor(options: ApprovalSweeperOptions) {
    this.#o = options;
  }

  /** Sweeps now, then every `intervalMs`, until stopped. */
  start(): void {
    if (this.#timer || this.#stopped) return;
    void this.sweep();
    this.#timer = setInterval(() => void this.sweep(), this.#o.intervalMs ?? 15_000);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a sweep in flight, so the store can be closed after. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.settled();
  }

  /** Resolves when no sweep is running (tests wait for the sweep a start triggered). */
  async settled(): Promise<void> {
    await this.#current?.catch(() => undefined);
  }

  /** One sweep; a call while one runs joins it instead of starting a second. */
  sweep(): Promise<SweepReport> {
    this.#current ??= this.#sweep()
      .catch((error: unknown) => {
        this.#o.onError?.(error);
        return { expired: 0, slaBreached: 0 };
      })
      .finally(() => (this.#current = undefined));
    return this.#current;
  }

  async #sweep(): Promise<SweepReport> {
    const { store, writer, clock } = this.#o;
    const batchSize = this.#o.batchSize ?? 200;
    let expired = 0;
    let slaBreached = 0;
    const seen = new Set<string>();
    for (;;) {
      const now = clock.now();
      const due = (await store.findDueApprovals(now, batchSize)).filter((d) => !seen.has(`${d.scope.orgId}/${d.scope.tenantId}/${d.approvalId}`));
      for (const item of due) {
        if (this.#stopped) break;
        // An approval that failed stays due; marking it seen keeps this sweep from looping on it.
        seen.add(`${item.scope.orgId}/${item.scope.tenantId}/${item.approvalId}`);
        try {
          const result = await writer.append(item.scope, {
            executionId: item.executionId,
            load: { approvalIds: [item.approvalId] },
            decide: (current) => planApprovalSweep(current, item.approvalId, clock.now()),
          });
          for (const { event, duplicate } of result.events) {
            if (duplicate) continue;
            if (event.type === 'approval.expired') expired++;
            if (event.type === 'approval.sla_breached') slaBreached++;
          }
        } catch (error) {
          this.#o.onError?.(error);
        }
      }
      if (due.length < batchSize || this.#stopped) return { expired, slaBreached };
    }
  }
}
