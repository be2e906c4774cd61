/**
 * @module SseWriter: Server-Sent Events over a hijacked response. It writes `id:`/`event:`/`data:`
 * frames (one JSON `data:` line each) and comment lines, and applies backpressure: when the socket
 * buffer is full `send` resolves only after 'drain', so the stream's reader stops reading the log
 * instead of queueing it in memory. A client that reads nothing for `slowClientTimeoutMs` is cut
 * off (it resumes later with Last-Event-ID); no client can slow another or the writers.
 *
 * `closed` turns true, and `signal` aborts, when the client goes away or the stream is ended.
 */
import type { ServerResponse } from 'node:http';

export interface SseFrame {
  /** Omitted for frames that must not move the client's cursor. */
  readonly id?: number | string;
  readonly event: string;
  readonly data: unknown;
}

export interface SseWriterOptions {
  readonly requestId: string;
  readonly slowClientTimeoutMs: number;
  /** How long EventSource waits before reconnecting (the `retry:` field). @default 2000 */
  readonly retryMs?: number;
}

const LINE_BREAK = /[\r\n]/;
/** Clients ignore an id with NUL, so it is refused like a line break. */
const BAD_ID = /[\r\n\0]/;

export class SseWriter {
  readonly #res: ServerResponse;
  readonly #options: SseWriterOptions;
  readonly #done = new AbortController();
  #draining: Promise<boolean> | undefined;

  constructor(res: ServerResponse, options: SseWriterOptions) {
    this.#res = res;
    this.#options = options;
    const finish = () => this.#done.abort();
    res.once('close', finish);
    res.once('error', finish);
  }

  get closed(): boolean {
    return this.#done.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.#done.signal;
  }

  /** Sends the headers at once: a client's fetch resolves only when they arrive. */
  open(): void {
    this.#res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': this.#options.requestId,
    });
    this.#res.flushHeaders();
    this.#res.write(`: connected\nretry: ${this.#options.retryMs ?? 2000}\n\n`);
  }

  /** Resolves true once the frame is written and the client may be sent more; false when the stream is over. */
  async send(frame: SseFrame): Promise<boolean> {
    if (LINE_BREAK.test(frame.event)) throw new Error(`An SSE event name cannot contain a line break: ${JSON.stringify(frame.event)}`);
    if (frame.id !== undefined && BAD_ID.test(String(frame.id))) throw new Error(`An SSE id cannot contain a line break: ${JSON.stringify(frame.id)}`);
    const id = frame.id === undefined ? '' : `id: ${frame.id}\n`;
    // JSON.stringify escapes CR and LF inside strings, so the data is always one line.
    return this.#write(`${id}event: ${frame.event}\ndata: ${JSON.stringify(frame.data ?? null)}\n\n`);
  }

  /** A comment line (heartbeat). Skipped while the client has not drained: it would only add to the backlog. */
  comment(text: string): void {
    if (LINE_BREAK.test(text)) throw new Error('An SSE comment cannot contain a line break');
    if (this.closed || this.#draining) return;
    this.#res.write(`: ${text}\n\n`);
  }

  /** Ends the stream after what was written; the client sees the response end. */
  end(): void {
    if (this.closed) return;
    this.#done.abort();
    this.#res.end();
  }

  /** Cuts the connection off without flushing (a client that stopped reading). */
  destroy(): void {
    this.#done.abort();
    this.#res.destroy();
  }

  async #write(text: string): Promise<boolean> {
    if (this.closed) return false;
    if (this.#res.write(text)) return true;
    this.#draining ??= this.#drained().finally(() => (this.#draining = undefined));
    return this.#draining;
  }

  #drained(): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let check: NodeJS.Immediate | undefined;
      let pending = this.#res.writableLength;
      const done = (ok: boolean) => {
        clearTimeout(timer);
        clearImmediate(check);
        this.#res.off('drain', onDrain);
        this.#done.signal.removeEventListener('abort', onClose);
        resolve(ok && !this.closed);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      // Judged after the poll phase (setImmediate), so a drain that became due while the event loop
      // was busy (a long synchronous write elsewhere) is seen first; a shrinking buffer is progress.
      const arm = () => {
        timer = setTimeout(() => {
          check = setImmediate(() => {
            const now = this.#res.writableLength;
            if (now < pending) {
              pending = now;
              return arm();
            }
            this.destroy();
            done(false);
          });
        }, this.#options.slowClientTimeoutMs);
      };
      arm();
      this.#res.on('drain', onDrain);
      this.#done.signal.addEventListener('abort', onClose, { once: true });
    });
  }
}
