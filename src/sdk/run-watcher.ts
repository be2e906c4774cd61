/**
 * @module RunWatcher: follows one run's event log with a long poll while the run is active, so the
 * workflow helper learns of approval decisions and cancellation as they happen, without polling
 * in a loop. It holds one request open at a time and stops when the run ends.
 */
import type { WireEvent } from '../shared/events.js';
import type { ExecutionsClient } from './executions-client.js';
import { sleep } from './http-client.js';

export type ApprovalOutcome = 'approved' | 'rejected' | 'expired';

export interface RunEnd {
  readonly type: string;
  readonly reason?: string;
}

const LONG_POLL_MS = 20_000;

export class RunWatcher {
  #cursor = 0;
  #loop: Promise<void> | undefined;
  readonly #stop = new AbortController();
  readonly #approvals = new Map<string, { outcome: ApprovalOutcome; by?: string; comment?: string }>();
  readonly #listeners = new Set<() => void>();
  #cancel: { reason: string; by?: string } | undefined;
  #end: RunEnd | undefined;

  constructor(
    private readonly runId: string,
    private readonly executions: ExecutionsClient,
  ) {}

  /** A cancel request or a terminal event for the run, once seen. */
  get cancellation(): { reason: string } | undefined {
    if (this.#cancel) return this.#cancel;
    if (this.#end && this.#end.type !== 'execution.completed') return { reason: this.#end.reason ?? this.#end.type };
    return undefined;
  }

  get ended(): RunEnd | undefined {
    return this.#end;
  }

  approval(approvalId: string) {
    return this.#approvals.get(approvalId);
  }

  start(): void {
    if (this.#loop || this.#stop.signal.aborted) return;
    this.#loop = this.#run();
  }

  stop(): void {
    this.#stop.abort(new Error('watcher stopped'));
  }

  /** Calls `listener` after every batch of events; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves with the first defined value of `check`, re-checked as events arrive. */
  waitFor<T>(check: () => T | undefined, signal?: AbortSignal): Promise<T> {
    this.start();
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        off();
        reject(signal!.reason);
      };
      const off = this.onChange(() => {
        const value = check();
        if (value === undefined) return;
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stop.signal.aborted) {
      try {
        const page = await this.executions.events(this.runId, { afterSeq: this.#cursor, waitMs: LONG_POLL_MS, signal: this.#stop.signal });
        failures = 0;
        for (const event of page.events) this.#apply(event);
        this.#cursor = page.last_seq;
        if (page.events.length > 0) for (const listener of [...this.#listeners]) listener();
      } catch {
        if (this.#stop.signal.aborted) return;
        // The server is away; the log keeps what happened meanwhile, so just try again.
        failures++;
        await sleep(Math.min(250 * 2 ** failures, 5000), this.#stop.signal).catch(() => undefined);
      }
    }
  }

  #apply(event: WireEvent): void {
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'approval.decided':
        this.#approvals.set(String(data.approval_id), { outcome: data.decision === 'approved' ? 'approved' : 'rejected', by: data.by as string, comment: data.comment as string });
        break;
      case 'approval.expired':
        this.#approvals.set(String(data.approval_id), { outcome: 'expired' });
        break;
      case 'execution.cancel_requested':
        this.#cancel = { reason: String(data.reason ?? 'cancelled'), by: data.by as string | undefined };
        break;
      case 'execution.completed':
      case 'execution.failed':
      case 'execution.cancelled':
      case 'execution.aborted':
      case 'execution.expired':
        this.#end ??= { type: event.type, reason: (data.reason as string | undefined) ?? ((data.error as { message?: string } | undefined)?.message) };
        break;
      default:
        break;
    }
  }
}
