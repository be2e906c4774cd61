/**
 * @module EventBus port: wake-ups between replicas after an append. A notice says "the log moved",
 * never what it holds: readers read `seq > cursor` from the store, so a lost or duplicated notice
 * costs latency, never data. Delivery is at most once and unordered across publishers.
 */

/** What a wake-up names: enough to filter, never the event itself (the log is the truth). */
export interface EventNotice {
  readonly orgId: string;
  readonly tenantId: string;
  readonly executionId: string;
  readonly seq: number;
}

/** 'resync' = notices may have been missed (e.g. the bus reconnected): re-read everything. */
export type NoticeListener = (notice: EventNotice | 'resync') => void;

export interface EventBus {
  /** Call after the append committed, so a woken reader finds the events. Rejects when the notice was not sent, and after close(). */
  publish(notice: EventNotice): Promise<void>;
  /** Listeners run on every replica's bus, this one included; one that throws does not stop the others. Returns unsubscribe. */
  subscribe(listener: NoticeListener): () => void;
  /** Drops every listener and releases connections; idempotent. */
  close(): Promise<void>;
}
