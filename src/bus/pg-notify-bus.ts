/**
 * @module The PostgreSQL bus: LISTEN/NOTIFY between replicas sharing one database. A dedicated
 * client holds the LISTEN (a pooled connection would drop it when released); a pool of two sends
 * `pg_notify`. Payloads are compact JSON `{"o","t","e","s"}`; one too large for NOTIFY is sent as
 * `{"s"}` alone and reaches listeners as 'resync'. When the listening connection is lost the bus
 * reconnects with exponential backoff and, once LISTEN is active again, emits 'resync', because
 * notices sent while it was away are gone.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { EventBus, EventNotice, NoticeListener } from '../core/ports/event-bus.js';

export interface PgNotifyBusOptions {
  /** `postgres://user:pass@host:port/db`. */
  readonly connectionString: string;
  /** The store's schema. Replicas notify each other only within one schema (see notifyChannelName). @default 'public' */
  readonly schema?: string;
  /** @default 'axonflow_events' */
  readonly channel?: string;
  /** Receives lost connections, failed reconnects and malformed payloads; the bus carries on. */
  readonly onError?: (error: Error) => void;
  /** @default 250 */
  readonly reconnectMinMs?: number;
  /** @default 5000 */
  readonly reconnectMaxMs?: number;
  /** `application_name` of the bus's connections, to find them in pg_stat_activity. @default 'axonflow-bus-<random>' */
  readonly applicationName?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** PostgreSQL's identifier limit (NAMEDATALEN - 1): LISTEN silently truncates longer names, pg_notify refuses them. */
const MAX_CHANNEL_BYTES = 63;
/** NOTIFY refuses payloads of 8000 bytes or more; the margin covers encoding differences. */
const MAX_PAYLOAD_BYTES = 7900;
const CONNECT_TIMEOUT_MS = 5000;

/**
 * The channel a bus listens and notifies on. Outside `public` the schema is part of the name, so
 * stores in different schemas of one database (test suites, side-by-side deployments) do not wake
 * each other. A name beyond PostgreSQL's 63-byte limit ends in a hash of the schema instead.
 */
export function notifyChannelName(channel: string, schema: string | undefined): string {
  if (!IDENTIFIER.test(channel)) throw new Error(`Invalid notification channel name: ${channel}`);
  if (schema !== undefined && !IDENTIFIER.test(schema)) throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
  if (schema === undefined || schema === 'public') return channel;
  const name = `${channel}_${schema}`;
  if (name.length <= MAX_CHANNEL_BYTES) return name;
  const hash = createHash('sha256').update(schema).digest('hex').slice(0, 16);
  return `${channel.slice(0, MAX_CHANNEL_BYTES - hash.length - 1)}_${hash}`;
}

/** The payload for a notice: the full form when it fits, else `{"s"}`, which listeners take as 'resync'. */
function encode(notice: EventNotice): string {
  const full = JSON.stringify({ o: notice.orgId, t: notice.tenantId, e: notice.executionId, s: notice.seq });
  return Buffer.byteLength(full, 'utf8') <= MAX_PAYLOAD_BYTES ? full : JSON.stringify({ s: notice.seq });
}

/** The notice a payload names, 'resync' for the reduced form, undefined when malformed. */
function decode(payload: string | undefined): EventNotice | 'resync' | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload ?? '');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { o, t, e, s } = value as Record<string, unknown>;
  if (typeof s !== 'number' || !Number.isSafeInteger(s)) return undefined;
  if (e === undefined) return 'resync';
  if (typeof o !== 'string' || typeof t !== 'string' || typeof e !== 'string') return undefined;
  return { orgId: o, tenantId: t, executionId: e, seq: s };
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** One listening connection; `alive` turns false on its first error or end, whichever comes first. */
interface Listening {
  readonly client: pg.Client;
  alive: boolean;
  active: boolean;
}

/** Resolves once LISTEN is active; rejects (releasing everything) when the first connection fails. */
export async function createPgNotifyBus(options: PgNotifyBusOptions): Promise<EventBus> {
  const channel = notifyChannelName(options.channel ?? 'axonflow_events', options.schema);
  const minMs = options.reconnectMinMs ?? 250;
  const maxMs = Math.max(minMs, options.reconnectMaxMs ?? 5000);
  const applicationName = options.applicationName ?? `axonflow-bus-${randomBytes(4).toString('hex')}`;
  const report = (error: Error) => options.onError?.(error);

  const listeners = new Set<NoticeListener>();
  let closed = false;
  let current: Listening | undefined;
  let connecting: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let wakeRetry: (() => void) | undefined;

  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: applicationName });
  // An idle connection dropped by the server emits here; without a listener the process would exit.
  pool.on('error', report);

  function deliver(notice: EventNotice | 'resync'): void {
    for (const listener of [...listeners]) {
      if (!listeners.has(listener)) continue;
      try {
        listener(notice);
      } catch (error) {
        report(asError(error));
      }
    }
  }

  function onNotification(message: pg.Notification): void {
    if (message.channel !== channel) return;
    const notice = decode(message.payload);
    if (notice === undefined) report(new Error(`Ignored a malformed event notice on channel ${channel}: ${String(message.payload).slice(0, 200)}`));
    else deliver(notice);
  }

  async function listen(): Promise<Listening> {
    const client = new pg.Client({ connectionString: options.connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: applicationName });
    const listening: Listening = { client, alive: true, active: false };
    // pg emits 'error' and then 'end' for one lost connection, or only one of them; act once.
    const down = (error: Error) => {
      if (!listening.alive) return;
      listening.alive = false;
      if (listening.active) lost(listening, error);
    };
    client.on('error', down);
    client.on('end', () => down(new Error('The event bus listener connection ended')));
    client.on('notification', onNotification);
    connecting = client;
    try {
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
      if (!listening.alive) throw new Error('The event bus listener connection was lost while subscribing');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    } finally {
      connecting = undefined;
    }
    listening.active = true;
    return listening;
  }

  function lost(listening: Listening, error: Error): void {
    if (closed || current !== listening) return;
    current = undefined;
    report(error);
    void listening.client.end().catch(() => undefined);
    void reconnect();
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      wakeRetry = resolve;
      retryTimer = setTimeout(resolve, ms);
    });
  }

  async function reconnect(): Promise<void> {
    // Waiting before the first attempt too spares a restarting server a burst from every replica.
    for (let delay = minMs; !closed; delay = Math.min(delay * 2, maxMs)) {
      await pause(delay);
      if (closed) return;
      try {
        const listening = await listen();
        if (closed) {
          await listening.client.end().catch(() => undefined);
          return;
        }
        current = listening;
        deliver('resync');
        return;
      } catch (error) {
        if (!closed) report(asError(error));
      }
    }
  }

  try {
    current = await listen();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }

  return {
    async publish(notice: EventNotice): Promise<void> {
      if (closed) throw new Error('The event bus is closed');
      await pool.query('select pg_notify($1, $2)', [channel, encode(notice)]);
    },
    subscribe(listener: NoticeListener): () => void {
      if (closed) return () => undefined;
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const entry: NoticeListener = (notice) => listener(notice);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      listeners.clear();
      clearTimeout(retryTimer);
      wakeRetry?.();
      const clients = [current?.client, connecting].filter((c): c is pg.Client => c !== undefined);
      current = undefined;
      await Promise.all([...clients.map((c) => c.end().catch(() => undefined)), pool.end().catch(() => undefined)]);
    },
  };
}
