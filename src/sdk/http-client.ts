/**
 * @module The SDK's HTTP layer: credentials, JSON, timeouts, typed errors, and retries that never
 * duplicate a write. Any request is retried when the server could not have acted on it
 * (connection refused, 503 with nothing written); requests marked `idempotent` (reads, gates,
 * event batches with event ids) are also retried after timeouts and dropped connections.
 */
import { AxonFlowError, ConnectionError, errorFromResponse } from './errors.js';

export interface HttpClientOptions {
  /** @default process.env.AXONFLOW_ENDPOINT ?? 'http://localhost:8080' */
  readonly endpoint?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Injected fetch (tests, proxies, other runtimes). @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** Attempts in all, for retryable failures. @default 4 */
  readonly maxAttempts?: number;
  /** First backoff; doubles each attempt up to 4 s. @default 250 */
  readonly retryBackoffMs?: number;
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  /** Safe to send twice: retried after timeouts and dropped connections too. */
  readonly idempotent?: boolean;
  readonly headers?: Record<string, string>;
  /** Overrides the timeout (long polls). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const RETRY_STATUSES = new Set([502, 503, 504, 429]);

function env(name: string): string | undefined {
  return typeof process !== 'undefined' ? process.env?.[name] : undefined;
}

export class HttpClient {
  readonly endpoint: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #backoffMs: number;

  constructor(options: HttpClientOptions = {}) {
    this.endpoint = (options.endpoint ?? env('AXONFLOW_ENDPOINT') ?? 'http://localhost:8080').replace(/\/+$/, '');
    const clientId = options.clientId ?? env('AXONFLOW_CLIENT_ID');
    const clientSecret = options.clientSecret ?? env('AXONFLOW_CLIENT_SECRET');
    this.#headers = { accept: 'application/json' };
    if (clientId && clientSecret) Object.assign(this.#headers, { 'x-client-id': clientId, 'x-client-secret': clientSecret });
    else if (clientSecret) this.#headers.authorization = `Bearer ${clientSecret}`;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.#backoffMs = options.retryBackoffMs ?? 250;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.endpoint + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers = { ...this.#headers, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
    const body = options.body !== undefined ? JSON.stringify(options.body) : undefined;

    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      const attemptSignal = linked(options.signal, options.timeoutMs ?? this.#timeoutMs);
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, body, signal: attemptSignal.signal });
      } catch (error) {
        attemptSignal.release();
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        const refused = connectionRefused(error);
        if (attempt < this.#maxAttempts && (refused || options.idempotent)) {
          await this.#backoff(attempt, undefined, options.signal);
          continue;
        }
        throw new ConnectionError(`Could not reach ${this.endpoint}: ${(error as Error).message}`, { code: refused ? 'CONNECTION_REFUSED' : 'CONNECTION_FAILED', status: 0, cause: error });
      }
      const requestId = response.headers.get('x-request-id') ?? undefined;
      let text: string;
      try {
        text = await response.text();
      } finally {
        attemptSignal.release();
      }
      if (response.ok) return (response.status === 204 || !text ? undefined : JSON.parse(text)) as T;
      const payload = parseOrUndefined(text);
      const error = errorFromResponse(response.status, payload, requestId);
      // 503 from our server means nothing was written, so even a non-idempotent request may go again.
      const retryable = RETRY_STATUSES.has(response.status) && (options.idempotent || response.status === 503 || response.status === 429);
      if (retryable && attempt < this.#maxAttempts) {
        await this.#backoff(attempt, response.headers.get('retry-after'), options.signal);
        continue;
      }
      throw error;
    }
  }

  /**
   * A GET whose body the caller reads as it arrives (large exports): the response once its status
   * is OK, else the typed error. Retried like an idempotent read until the headers arrive; the
   * timeout covers the headers only.
   */
  async download(path: string, options: Pick<RequestOptions, 'query' | 'signal' | 'timeoutMs'> = {}): Promise<Response> {
    const url = new URL(this.endpoint + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      const timeout = linked(options.signal, options.timeoutMs ?? this.#timeoutMs);
      let response: Response;
      try {
        response = await this.#fetch(url, { headers: { ...this.#headers, accept: '*/*' }, signal: timeout.signal });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        if (attempt < this.#maxAttempts) {
          await this.#backoff(attempt, undefined, options.signal);
          continue;
        }
        throw new ConnectionError(`Could not reach ${this.endpoint}: ${(error as Error).message}`, { code: connectionRefused(error) ? 'CONNECTION_REFUSED' : 'CONNECTION_FAILED', status: 0, cause: error });
      } finally {
        timeout.release();
      }
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      if (RETRY_STATUSES.has(response.status) && attempt < this.#maxAttempts) {
        await this.#backoff(attempt, response.headers.get('retry-after'), options.signal);
        continue;
      }
      throw errorFromResponse(response.status, parseOrUndefined(text), response.headers.get('x-request-id') ?? undefined);
    }
  }

  async #backoff(attempt: number, retryAfter: string | null | undefined, signal?: AbortSignal): Promise<void> {
    const hinted = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
    const ms = hinted ?? Math.min(this.#backoffMs * 2 ** (attempt - 1), 4000);
    await sleep(ms, signal);
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A signal that fires on the caller's signal or after a timeout, with an explicit release:
 * AbortSignal.any would leave a listener on a long-lived caller signal (a run's watcher) per request.
 */
function linked(outer: AbortSignal | undefined, timeoutMs: number): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

function connectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code === 'ECONNREFUSED';
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export { AxonFlowError };
