/**
 * @module The WebhookTransport the server uses: global fetch (undici). Redirects are not followed
 * (a 3xx is a failed attempt: the subscriber must register the final URL, and a redirect must not
 * carry a signed body somewhere else); the response body is discarded unread.
 */
import type { WebhookRequest, WebhookTransport } from '../../core/ports/webhook-transport.js';
import type { SendResult } from '../../core/webhooks/retry-schedule.js';

export function fetchWebhookTransport(fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): WebhookTransport {
  return {
    async send(request: WebhookRequest): Promise<SendResult> {
      const timeout = AbortSignal.timeout(request.timeoutMs);
      try {
        const response = await fetchImpl(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.any([request.signal, timeout]),
        });
        await response.body?.cancel().catch(() => undefined);
        return { status: response.status };
      } catch (error) {
        if (timeout.aborted) return { error: `timed out after ${request.timeoutMs} ms` };
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        return { error: `${error instanceof Error ? error.message : String(error)}${cause}` };
      }
    },
  };
}
