/**
 * @module Live streams (docs/sse.md) as async iterables: `client.streams.execution(id)` follows one
 * run, `client.streams.executions(filter)` the runs matching a filter. Each yields `{id?, event,
 * data}` frames in order. When the connection drops (a restart, a proxy, the server cutting off a
 * client that fell behind) it reconnects with the last id seen, backing off from 250 ms to 5 s,
 * so the iteration sees every event exactly once. It ends on `event: end` (the run is over), on a
 * 204 (over, and nothing left to see), or when `signal` aborts; a 4xx other than 429 is thrown.
 *
 * ```ts
 * for await (const frame of client.streams.execution(runId)) console.log(frame.event, frame.data);
 * ```
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamToken } from '../shared/streams.js';
import { errorFromResponse } from './errors.js';
import { type HttpClient, type HttpClientOptions, sleep } from './http-client.js';

export type { StreamToken };

export interface StreamFrame {
  /** The event's seq; absent on frames that do not move the cursor (execution.updated, cost.updated). */
  readonly id?: number;
  /** snapshot, execution.*, step.*, step.decision, approval.*, provider.called, …, execution.updated, cost.updated. */
  readonly event: string;
  readonly data: unknown;
}

export interface StreamOptions {
  /** Resume after this seq (the id of the last frame already seen). */
  readonly lastEventId?: number;
  readonly signal?: AbortSignal;
  /** Reconnect when nothing (not even a heartbeat) arrived for this long. @default 45000 */
  readonly idleTimeoutMs?: number;
}

export interface ExecutionsStreamFilter {
  /** Unified statuses: pending, running, completed, failed, cancelled, aborted, expired. */
  readonly status?: string | readonly string[];
  /** The workflow (execution) name. */
  readonly workflow?: string;
  readonly failureClass?: string | readonly string[];
  readonly executionType?: 'wcp_workflow' | 'reported';
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;

function env(name: string): string | undefined {
  return typeof process !== 'undefined' ? process.env?.[name] : undefined;
}

const joined = (value: string | readonly string[] | undefined) => (value === undefined ? undefined : typeof value === 'string' ? value : value.join(','));

export class StreamsClient {
  readonly #http: HttpClient;
  readonly #endpoint: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(http: HttpClient, options: HttpClientOptions = {}) {
    this.#http = http;
    this.#endpoint = http.endpoint;
    const clientId = options.clientId ?? env('AXONFLOW_CLIENT_ID');
    const clientSecret = options.clientSecret ?? env('AXONFLOW_CLIENT_SECRET');
    this.#headers = { accept: 'text/event-stream' };
    if (clientId && clientSecret) Object.assign(this.#headers, { 'x-client-id': clientId, 'x-client-secret': clientSecret });
    else if (clientSecret) this.#headers.authorization = `Bearer ${clientSecret}`;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** A token (valid 5 minutes) that opens streams without credential headers: hand it to a browser's EventSource. */
  token(): Promise<StreamToken> {
    return this.#http.request<StreamToken>('POST', '/api/v1/stream-tokens', { body: {} });
  }

  /** One run: a `snapshot` of its status, then each event; ends after the run does. */
  execution(executionId: string, options: StreamOptions = {}): AsyncIterable<StreamFrame> {
    return this.#follow(new URL(`${this.#endpoint}/api/v1/unified/executions/${encodeURIComponent(executionId)}/stream`), options);
  }

  /** The runs matching `filter`: a `snapshot` of the newest 50, then the events of every matching run. */
  executions(filter: ExecutionsStreamFilter = {}, options: StreamOptions = {}): AsyncIterable<StreamFrame> {
    const url = new URL(`${this.#endpoint}/api/v1/unified/executions/stream`);
    const query = { status: joined(filter.status), workflow: filter.workflow, failure_class: joined(filter.failureClass), execution_type: filter.executionType };
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    return this.#follow(url, options);
  }

  async *#follow(url: URL, options: StreamOptions): AsyncGenerator<StreamFrame> {
    const { signal } = options;
    const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    let lastId = options.lastEventId;
    let backoff = MIN_BACKOFF_MS;
    const pause = async () => {
      await sleep(backoff, signal).catch(() => undefined);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };

    while (!signal?.aborted) {
      // One controller per connection: aborted by the caller's signal, by an idle connection, or when iteration stops.
      const connection = new AbortController();
      const onAbort = () => connection.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      let idle: ReturnType<typeof setTimeout> | undefined;
      const touch = () => {
        clearTimeout(idle);
        idle = setTimeout(() => connection.abort(new Error(`no data for ${idleTimeoutMs} ms`)), idleTimeoutMs);
      };
      try {
        let response: Response;
        try {
          const headers = lastId === undefined ? this.#headers : { ...this.#headers, 'last-event-id': String(lastId) };
          touch();
          response = await this.#fetch(url, { headers, signal: connection.signal });
        } catch {
          if (signal?.aborted) return;
          await pause();
          continue;
        }
        if (response.status === 204) return;
        if (!response.ok || !response.body) {
          const text = await response.text().catch(() => '');
          if (response.status === 429 || response.status >= 500) {
            await pause();
            continue;
          }
          throw errorFromResponse(response.status, parseOrUndefined(text), response.headers.get('x-request-id') ?? undefined);
        }

        const frames: EventSourceMessage[] = [];
        const parser = createParser({ onEvent: (message) => frames.push(message) });
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            touch();
            parser.feed(decoder.decode(value, { stream: true }));
            for (let frame = frames.shift(); frame; frame = frames.shift()) {
              if (frame.event === 'end') return;
              const id = frame.id !== undefined && /^\d+$/.test(frame.id) ? Number(frame.id) : undefined;
              if (id !== undefined) lastId = id;
              backoff = MIN_BACKOFF_MS;
              yield { id, event: frame.event ?? 'message', data: parseOrUndefined(frame.data) };
            }
          }
        } catch {
          // A dropped connection: reconnect below with the last id seen.
        } finally {
          reader.cancel().catch(() => undefined);
        }
        if (signal?.aborted) return;
        await pause();
      } finally {
        clearTimeout(idle);
        signal?.removeEventListener('abort', onAbort);
        connection.abort();
      }
    }
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
