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
      const timeout = AbortSignal.timeout(options.timeoutMs ?? this.#timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, body, signal });
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        const refused = connectionRefused(error);
        if (attempt < this.#maxAttempts && (refused || options.idempotent)) {
          await this.#backoff(attempt, undefined, options.signal);
          continue;
        }
        throw new ConnectionError(`Could not reach ${this.endpoint}: ${(error as Error).message}`, { code: refused ? 'CONNECTION_REFUSED' : 'CONNECTION_FAILED', status: 0, cause: error });
      }
      const requestId = response.headers.get('x-request-id') ?? undefined;
      if (response.ok) {
        if (response.status === 204) return undefined as T;
        const text = await response.text();
        return (text ? JSON.parse(text) : undefined) as T;
      }
      const payload = await response.json().catch(() => undefined);
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

  async #backoff(attempt: number, retryAfter: string | null | undefined, signal?: AbortSignal): Promise<void> {
    const hinted = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
    const ms = hinted ?? Math.min(this.#backoffMs * 2 ** (attempt - 1), 4000);
    await sleep(ms, signal);
  }
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
