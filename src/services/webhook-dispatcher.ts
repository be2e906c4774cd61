/**
 * @module WebhookDispatcher: turns the event log into webhook deliveries and sends them. It never
 * hears about events in-process: it reads the durable log after each webhook's cursor, so nothing
 * is lost when a process dies, and it runs the same way on every replica.
 *
 * One pass = scan, then send:
 * - scan: for each enabled webhook (only those of tenants a bus notice named, or all of them on a
 *   tick or a `resync`), read the events after its cursor, make a delivery of each that maps to a
 *   webhook event its filter accepts, and move the cursor (compare-and-set; deliveries unique per
 *   webhook and event seq), so replicas scanning together create each delivery once;
 * - send: lease due deliveries (`claimWebhookDeliveries`), POST each, record the attempt under the
 *   lease. A lease outlives the request timeout, so no other replica sends the same attempt; a
 *   replica that dies mid-attempt leaves a lease that runs out, and the attempt is made again
 *   (at-least-once).
 *
 * Passes run one at a time per dispatcher; a wake-up during a pass runs another after it. Passes
 * are started by bus notices, by a periodic tick (lost notices, other replicas' retries) and by a
 * timer set to this replica's earliest scheduled retry.
 */
import type { Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { EventBus } from '../core/ports/event-bus.js';
import type { ExecutionStore } from '../core/ports/execution-store.js';
import type { Ids } from '../core/ports/ids.js';
import type { ClaimedDelivery, WebhookStore } from '../core/ports/webhook-store.js';
import type { WebhookTransport } from '../core/ports/webhook-transport.js';
import type { ExecutionEvent } from '../core/events/event-catalogue.js';
import {
  type RetryPolicy,
  type WebhookDelivery,
  type WebhookEventName,
  DEFAULT_RETRY_POLICY,
  type Webhook,
  attemptOutcome,
  deliveryBody,
  filterAccepts,
  signWebhookBody,
  webhookEventOf,
  webhookPayload,
} from '../core/webhooks/index.js';

export interface WebhookDispatcherOptions {
  readonly store: WebhookStore & Pick<ExecutionStore, 'readEvents' | 'getExecutions'>;
  readonly bus: EventBus;
  readonly transport: WebhookTransport;
  readonly clock: Clock;
  readonly ids: Ids;
  /** Attempts and waits; members left out keep DEFAULT_RETRY_POLICY's. */
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout. @default 10000 */
  readonly timeoutMs?: number;
  /** How long a claimed batch stays leased. @default timeoutMs × batchSize + 30000 (one webhook's batch is sent one by one) */
  readonly leaseMs?: number;
  /** The periodic pass. @default 1000 */
  readonly tickMs?: number;
  /** Deliveries claimed (and sent concurrently) at a time. @default 10 */
  readonly batchSize?: number;
  /** Randomness of the jitter. @default Math.random */
  readonly random?: () => number;
  /** Where people reach this deployment: Slack-format bodies link to the viewer under it. */
  readonly publicUrl?: string;
  /** A pass that failed (the store was unreachable…); the next wake-up tries again. */
  readonly onError?: (error: unknown) => void;
}

/** Events read per query while scanning one webhook's backlog. */
const SCAN_BATCH = 500;
const USER_AGENT = 'AxonFlow-Webhooks/1';

const scopeKey = (scope: Scope) => `${scope.orgId}\u0000${scope.tenantId}`;

export class WebhookDispatcher {
  readonly #o: WebhookDispatcherOptions;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #leaseMs: number;
  readonly #batch: number;
  readonly #stopping = new AbortController();
  #unsubscribe?: () => void;
  #tick?: NodeJS.Timeout;
  #retryTimer?: NodeJS.Timeout;
  #retryAt = Infinity;
  #running?: Promise<void>;
  #again = false;
  #fullScan = true;
  readonly #dirty = new Set<string>();

  constructor(options: WebhookDispatcherOptions) {
    this.#o = options;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#batch = options.batchSize ?? 10;
    this.#leaseMs = Math.max(options.leaseMs ?? this.#timeoutMs * this.#batch + 30_000, this.#timeoutMs + 1_000);
  }

  start(): void {
    if (this.#unsubscribe || this.#stopping.signal.aborted) return;
    this.#unsubscribe = this.#o.bus.subscribe((notice) => {
      if (notice === 'resync') this.#fullScan = true;
      else this.#dirty.add(scopeKey(notice));
      this.wake();
    });
    this.#tick = setInterval(() => {
      this.#fullScan = true;
      this.wake();
    }, this.#o.tickMs ?? 1_000);
    this.#tick.unref();
    this.wake();
  }

  /** Runs a pass soon (sends whatever is due; scans the tenants marked dirty). */
  wake(): void {
    if (this.#stopping.signal.aborted) return;
    this.#again = true;
    this.#running ??= this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  /** Stops waking, aborts requests in flight (their leases run out; they are sent again later) and waits for the pass. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#unsubscribe?.();
    clearInterval(this.#tick);
    clearTimeout(this.#retryTimer);
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (this.#again && !this.#stopping.signal.aborted) {
      this.#again = false;
      const full = this.#fullScan;
      const dirty = new Set(this.#dirty);
      this.#fullScan = false;
      this.#dirty.clear();
      try {
        await this.#scan(full, dirty);
        await this.#send();
      } catch (error) {
        // Nothing was lost: cursors and leases are in the store. Scan everything next time.
        this.#fullScan = true;
        if (!this.#stopping.signal.aborted) this.#o.onError?.(error);
      }
    }
  }

  async #scan(full: boolean, dirty: ReadonlySet<string>): Promise<void> {
    if (!full && dirty.size === 0) return;
    const hooks = await this.#o.store.listEnabledWebhooks();
    for (const { webhook, cursorSeq } of hooks) {
      const scope = { orgId: webhook.orgId, tenantId: webhook.tenantId };
      if (!full && !dirty.has(scopeKey(scope))) continue;
      let cursor = cursorSeq;
      while (!this.#stopping.signal.aborted) {
        const events = await this.#o.store.readEvents(scope, { afterSeq: cursor, limit: SCAN_BATCH });
        if (events.length === 0) break;
        const last = events[events.length - 1]!.seq;
        const matching = events.flatMap((event) => {
          const name = webhookEventOf(event.type);
          return name && filterAccepts(webhook.events, name) ? [{ event, name }] : [];
        });
        const deliveries = await this.#deliveriesOf(scope, webhook, matching);
        // False: another replica moved the cursor (its deliveries are the same ones), or the webhook changed.
        if (!(await this.#o.store.advanceWebhookCursor(scope, webhook.webhookId, cursor, last, deliveries))) break;
        cursor = last;
        if (events.length < SCAN_BATCH) break;
      }
    }
  }

  async #deliveriesOf(scope: Scope, webhook: Webhook, matching: readonly { event: ExecutionEvent; name: WebhookEventName }[]): Promise<WebhookDelivery[]> {
    if (matching.length === 0) return [];
    const runs = await this.#o.store.getExecutions(scope, [...new Set(matching.map((m) => m.event.executionId))]);
    const names = new Map(runs.map((run) => [run.executionId, run.name]));
    const at = this.#o.clock.now();
    return matching.map(({ event, name }) => ({
      deliveryId: this.#o.ids.next('dlv'),
      webhookId: webhook.webhookId,
      orgId: scope.orgId,
      tenantId: scope.tenantId,
      event: name,
      eventSeq: event.seq,
      eventId: event.eventId,
      executionId: event.executionId,
      status: 'pending',
      attempts: 0,
      roundStart: 0,
      nextAttemptAt: at,
      createdAt: at,
      // In the webhook's format as it is now; a later format change leaves this body as it is.
      body: deliveryBody(webhook.format, webhookPayload(name, event, { workflowName: names.get(event.executionId) }), { publicUrl: this.#o.publicUrl }),
      attemptLog: [],
    }));
  }

  async #send(): Promise<void> {
    while (!this.#stopping.signal.aborted) {
      const nowMs = Date.parse(this.#o.clock.now());
      const token = this.#o.ids.next('lease');
      const leaseUntilMs = nowMs + this.#leaseMs;
      const claimed = await this.#o.store.claimWebhookDeliveries(new Date(nowMs).toISOString(), new Date(leaseUntilMs).toISOString(), this.#batch, token);
      // One webhook's deliveries go one after another in log order (best effort: retries and
      // other replicas reorder); different webhooks' go concurrently.
      const byWebhook = new Map<string, ClaimedDelivery[]>();
      for (const c of claimed) byWebhook.set(c.delivery.webhookId, [...(byWebhook.get(c.delivery.webhookId) ?? []), c]);
      await Promise.all(
        [...byWebhook.values()].map(async (group) => {
          for (const c of group) await this.#attempt(c, token, leaseUntilMs);
        }),
      );
      if (claimed.length < this.#batch) return;
    }
  }

  async #attempt(claimed: ClaimedDelivery, token: string, leaseUntilMs: number): Promise<void> {
    const { delivery } = claimed;
    const startedMs = Date.parse(this.#o.clock.now());
    // Never send when the lease could run out before the request does: another replica may then
    // claim the delivery too. Left alone, it is claimed again once the lease has run out.
    if (startedMs + this.#timeoutMs >= leaseUntilMs) return;
    const started = performance.now();
    const result = await this.#o.transport.send({
      url: claimed.url,
      body: delivery.body,
      timeoutMs: this.#timeoutMs,
      signal: this.#stopping.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'x-axonflow-event': delivery.event,
        'x-axonflow-delivery': delivery.deliveryId,
        'x-axonflow-timestamp': String(Math.floor(startedMs / 1000)),
        'x-axonflow-signature': signWebhookBody(delivery.body, claimed.secret),
      },
    });
    // Cut short by shutdown: not an attempt. The lease runs out and some replica sends it again.
    if (this.#stopping.signal.aborted) return;
    const durationMs = Math.round(performance.now() - started);
    const attemptInRound = delivery.attempts - delivery.roundStart + 1;
    const outcome = attemptOutcome(this.#retry, result, attemptInRound, Date.parse(this.#o.clock.now()), (this.#o.random ?? Math.random)());
    await this.#o.store.recordWebhookAttempt(delivery.deliveryId, token, {
      attempt: {
        attempt: delivery.attempts + 1,
        at: new Date(startedMs).toISOString(),
        ...('status' in result ? { responseStatus: result.status } : { error: result.error }),
        ...('status' in result && outcome.status !== 'delivered' ? { error: `HTTP ${result.status}` } : {}),
        durationMs,
      },
      status: outcome.status,
      nextAttemptAt: outcome.nextAttemptAt,
      disableWebhook: outcome.disableWebhook,
    });
    if (outcome.nextAttemptAt) this.#scheduleRetry(Date.parse(outcome.nextAttemptAt));
  }

  /** Wakes this replica when its earliest scheduled retry is due (the tick would, later). */
  #scheduleRetry(atMs: number): void {
    if (atMs >= this.#retryAt || this.#stopping.signal.aborted) return;
    clearTimeout(this.#retryTimer);
    this.#retryAt = atMs;
    this.#retryTimer = setTimeout(() => {
      this.#retryAt = Infinity;
      this.wake();
    }, Math.max(0, atMs - Date.parse(this.#o.clock.now())));
    this.#retryTimer.unref();
  }
}
