/**
 * @module WebhookTransport port: one HTTP POST to a subscriber. It never throws: a timeout, a
 * refused connection or a redirect comes back as `{error}`, any answer as `{status}`.
 */
import type { SendResult } from '../webhooks/retry-schedule.js';

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Aborted when the dispatcher stops; the attempt then counts as not made. */
  readonly signal: AbortSignal;
}

export interface WebhookTransport {
  send(request: WebhookRequest): Promise<SendResult>;
}
