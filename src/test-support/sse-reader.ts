/**
 * @module A raw SSE client for tests: fetch + eventsource-parser, recording every frame and comment
 * as it arrives, so tests can assert on ids, event names, heartbeats and the end of the stream.
 */
import { createParser } from 'eventsource-parser';

export interface SseMessage {
  readonly id?: string;
  readonly event: string;
  // Tests read fields of the data freely.
  readonly data: any;
}

export interface SseConnection {
  readonly status: number;
  readonly headers: Headers;
  /** The raw body of a response that is not a stream (errors, 204). */
  readonly body?: string;
  readonly messages: SseMessage[];
  readonly comments: string[];
  /** The `retry:` value the server sent, if any. */
  readonly retry: number | undefined;
  /** True once the server ended the response (or it broke). */
  readonly done: boolean;
  /** Resolves when the response ends or breaks. */
  readonly ended: Promise<void>;
  /** The messages that carry an id (the ones that move the cursor), without the snapshot. */
  events(): SseMessage[];
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const state = { done: false, retry: undefined as number | undefined };
  const isStream = response.ok && response.status !== 204 && (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const body = isStream ? undefined : await response.text();
  let ended: Promise<void> = Promise.resolve();
  if (isStream && response.body) {
    const parser = createParser({
      onEvent: (m) => messages.push({ id: m.id, event: m.event ?? 'message', data: JSON.parse(m.data) }),
      onComment: (c) => comments.push(c.trim()),
      onRetry: (ms) => (state.retry = ms),
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    ended = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // aborted or broken: either way the stream is over
      } finally {
        state.done = true;
      }
    })();
  } else {
    state.done = true;
  }
  return {
    status: response.status,
    headers: response.headers,
    body,
    messages,
    comments,
    get retry() {
      return state.retry;
    },
    get done() {
      return state.done;
    },
    ended,
    events: () => messages.filter((m) => m.id !== undefined && m.event !== 'snapshot'),
    close: () => abort.abort(),
  };
}
