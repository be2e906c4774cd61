/**
 * @module Follows a tenant's live list stream through the SDK (which reconnects with the last id
 * it saw) and keeps the seq of every event frame, to check that a stream carried across restarts
 * and outages delivers every event once, in order.
 */
import type { AxonFlowClient } from '../sdk/axonflow-client.js';

export interface StreamFollower {
  /** Seqs of the event frames received, in arrival order. */
  readonly seqs: number[];
  /** Resolves once the first frame (the snapshot) arrived. */
  readonly opened: Promise<void>;
  /** Resolves once a frame with this seq or a later one arrived; rejects after `timeoutMs`. */
  reached(seq: number, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export function followStream(client: AxonFlowClient): StreamFollower {
  const seqs: number[] = [];
  const stop = new AbortController();
  let onFrame = () => undefined as void;
  let opened!: () => void;
  const openedPromise = new Promise<void>((resolve) => (opened = resolve));
  const loop = (async () => {
    for await (const frame of client.streams.executions({}, { signal: stop.signal })) {
      opened();
      // The snapshot carries the cursor as its id, and is sent again on each reconnect: not an event.
      if (frame.id !== undefined && frame.event !== 'snapshot') seqs.push(frame.id);
      onFrame();
    }
  })().catch((error: unknown) => {
    if (!stop.signal.aborted) throw error;
  });
  return {
    seqs,
    opened: openedPromise,
    reached(seq, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (seqs.length > 0 && seqs[seqs.length - 1]! >= seq) {
            clearTimeout(timer);
            onFrame = () => undefined;
            resolve();
          }
        };
        const timer = setTimeout(() => reject(new Error(`the stream did not reach seq ${seq} within ${timeoutMs} ms (last: ${seqs.at(-1)})`)), timeoutMs);
        onFrame = check;
        check();
      });
    },
    async stop() {
      stop.abort();
      await loop;
    },
  };
}

/** Problems of a stream that should have carried exactly `stored` (every event after it opened). */
export function streamProblems(received: readonly number[], stored: readonly number[]): string[] {
  const problems: string[] = [];
  for (let i = 1; i < received.length; i++) if (received[i]! <= received[i - 1]!) problems.push(`stream: seq ${received[i]} after ${received[i - 1]}`);
  const got = new Set(received);
  const missing = stored.filter((seq) => !got.has(seq));
  if (missing.length > 0) problems.push(`stream: ${missing.length} stored events never arrived (first: ${missing.slice(0, 5).join(', ')})`);
  const expected = new Set(stored);
  const extra = received.filter((seq) => !expected.has(seq));
  if (extra.length > 0) problems.push(`stream: ${extra.length} frames of events not in the store (first: ${extra.slice(0, 5).join(', ')})`);
  return problems.slice(0, 50);
}
