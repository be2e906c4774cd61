/**
 * Webhook delivery end to end on both stores: a real app (port 0) writes events, the dispatcher
 * reads them from the log and POSTs them to a local receiver (node:http, port 0). Covers the
 * signature (checked with the SDK helper), headers, payloads, event filters, no replay of history,
 * retries with the attempt log, giving up after the last attempt, 410 Gone, test deliveries,
 * redelivery, a restart in the middle of a backoff and (PostgreSQL) two replicas on one database
 * delivering each event once. Retry waits are shrunk through the app's options; the test waits
 * for outcomes with deadlines, never for fixed times.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPgNotifyBus } from '../bus/pg-notify-bus.js';
import type { IngestEvent } from '../shared/ingest.js';
import { type AxonFlowClient, verifyWebhookSignature, type WebhookDelivery } from '../sdk/index.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { startLiveApp, type LiveApp, type LiveAppOptions } from '../test-support/live-app.js';
import { dropSchemas, newSchemaName, testPgUrl } from '../test-support/postgres.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };
const FAST: LiveAppOptions['webhooks'] = { retry: { maxAttempts: 3, delaysMs: [50, 100], jitter: 0.1 }, tickMs: 50, timeoutMs: 2_000 };
const WAIT = { timeout: 10_000, interval: 20 };

let runs = 0;
const started = (id: string, name = 'refunds'): IngestEvent => ({ type: 'execution.started', event_id: `${id}-start`, execution_id: id, workflow_name: name });
const completed = (id: string): IngestEvent => ({ type: 'execution.completed', event_id: `${id}-done`, execution_id: id, output: { secret_answer: 'do-not-leak' } });
const failed = (id: string): IngestEvent => ({ type: 'execution.failed', event_id: `${id}-failed`, execution_id: id, error: { message: 'provider down', source: 'provider', code: 'E503' } });
const runId = () => `run-${++runs}-${Math.random().toString(36).slice(2, 8)}`;

async function deliveriesOf(client: AxonFlowClient, webhookId: string): Promise<WebhookDelivery[]> {
  return (await client.webhooks.deliveries(webhookId, { limit: 100 })).deliveries;
}

for (const harness of storeHarnesses()) {
  describe(`webhook delivery [${harness.kind}]`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await harness.cleanup();
    });

    async function live(options: LiveAppOptions = {}): Promise<LiveApp> {
      const app = await startLiveApp(harness, { webhooks: FAST, ...options });
      cleanups.push(() => app.close());
      return app;
    }

    async function receiver(respond?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
      const r = await startWebhookReceiver(respond);
      cleanups.push(() => r.close());
      return r;
    }

    it('signs each delivery so the SDK helper verifies it, with the event, delivery and timestamp headers, and leaks no output', async () => {
      const app = await live();
      const rx = await receiver();
      const admin = await app.client('admin');
      const operator = await app.client('operator');
      const hook = await admin.webhooks.create({ url: rx.url });
      const id = runId();
      await operator.events.send([started(id, 'refunds'), completed(id)]);
      await vi.waitFor(() => expect(rx.received).toHaveLength(1), WAIT);
      const [request] = rx.received;
      expect(verifyWebhookSignature(request!.body, request!.headers['x-axonflow-signature'], hook.secret)).toBe(true);
      expect(verifyWebhookSignature(request!.body, request!.headers['x-axonflow-signature'], 'whsec_wrong_secret_123')).toBe(false);
      expect(request!.headers['content-type']).toBe('application/json');
      expect(request!.headers['x-axonflow-event']).toBe('execution.completed');
      expect(request!.headers['x-axonflow-delivery']).toMatch(/^dlv_/);
      expect(Number(request!.headers['x-axonflow-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(request!.path).toBe('/hooks/axonflow');
      const payload = JSON.parse(request!.body);
      expect(payload).toMatchObject({
        event: 'execution.completed',
        data: { org_id: 'default', tenant_id: 'default', execution_id: id, workflow_name: 'refunds', status: 'completed', links: { execution: `/api/v1/executions/${id}` } },
      });
      expect(Date.parse(payload.timestamp)).not.toBeNaN();
      expect(request!.body).not.toContain('do-not-leak');
      expect(request!.body).not.toContain(hook.secret);
      await vi.waitFor(async () => expect((await deliveriesOf(operator, hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 1, response_status: 200, event: 'execution.completed', execution_id: id }), WAIT);
      const [logged] = await deliveriesOf(operator, hook.id);
      expect(logged!.id).toBe(request!.headers['x-axonflow-delivery']);
      expect(logged!.delivered_at).toBeDefined();
      expect(logged!.attempt_log).toEqual([expect.objectContaining({ attempt: 1, response_status: 200 })]);
    });

    it('respects event filters, sends approval events, and never replays what happened before the webhook existed', async () => {
      const app = await live({ decisions: { 'wire-money': 'require_approval' } });
      const operator = await app.client('operator');
      const admin = await app.client('admin');
      const before = runId();
      await operator.events.send([started(before), completed(before)]);

      const all = await receiver();
      const failures = await receiver();
      const approvals = await receiver();
      const hookAll = await admin.webhooks.create({ url: all.url, events: ['*'] });
      await admin.webhooks.create({ url: failures.url, events: ['execution.failed'] });
      await admin.webhooks.create({ url: approvals.url, events: ['approval.requested', 'approval.decided'] });

      const ok = runId();
      const bad = runId();
      await operator.events.send([started(ok), completed(ok), started(bad), failed(bad)]);
      const wf = await operator.workflows.create({ workflow_name: 'payouts' });
      const gate = await operator.workflows.gate(wf.workflow_id, 'pay', { step_type: 'tool_call', step_name: 'wire-money', tool_context: { tool_name: 'wire-money' } });
      expect(gate.decision).toBe('require_approval');
      await app.app.approvals.decideStep(SCOPE, wf.workflow_id, 'pay', 'rejected', 'axf_reviewer', 'amount too high');

      // In log order: delivery order is best effort, `data.seq` is the order of record.
      const events = (rx: WebhookReceiver) => rx.received.map((r) => JSON.parse(r.body) as { event: string; data: Record<string, unknown> }).sort((x, y) => Number(x.data.seq) - Number(y.data.seq));
      await vi.waitFor(() => expect(events(approvals).map((e) => e.event)).toEqual(['approval.requested', 'approval.decided']), WAIT);
      await vi.waitFor(() => expect(events(failures).map((e) => e.data.execution_id)).toEqual([bad]), WAIT);
      await vi.waitFor(() => expect(events(all).map((e) => e.event)).toEqual(expect.arrayContaining(['execution.completed', 'execution.failed', 'approval.requested', 'approval.decided'])), WAIT);
      // Nothing from before the webhooks existed, and the `*` webhook saw each event once.
      expect(events(all).map((e) => e.data.execution_id)).not.toContain(before);
      expect(new Set(all.received.map((r) => r.headers['x-axonflow-delivery'])).size).toBe(all.received.length);
      expect(events(failures)[0]!.data).toMatchObject({ status: 'failed', error: { message: 'provider down', source: 'provider', code: 'E503' } });
      const [requested, decided] = events(approvals);
      expect(requested!.data).toMatchObject({ execution_id: wf.workflow_id, workflow_name: 'payouts', step_id: 'pay', approval_id: expect.any(String), reason: expect.stringContaining('wire-money') });
      expect(decided!.data).toMatchObject({ approval_id: requested!.data.approval_id, decision: 'rejected', decided_by: 'axf_reviewer', comment: 'amount too high' });
      await vi.waitFor(async () => expect((await deliveriesOf(operator, hookAll.id)).every((d) => d.status === 'delivered')).toBe(true), WAIT);
    });

    it('retries a receiver that fails twice, under one delivery id, and logs the three attempts', async () => {
      const app = await live();
      const rx = await receiver((_req, n) => (n <= 2 ? 503 : 204));
      const admin = await app.client('admin');
      const hook = await admin.webhooks.create({ url: rx.url, events: ['execution.completed'] });
      const id = runId();
      await (await app.client('operator')).events.send([started(id), completed(id)]);
      await vi.waitFor(async () => expect((await deliveriesOf(admin, hook.id))[0]?.status).toBe('delivered'), WAIT);
      const [delivery] = await deliveriesOf(admin, hook.id);
      expect(delivery).toMatchObject({ attempts: 3, response_status: 204, status: 'delivered' });
      expect(delivery!.last_error).toBeUndefined();
      expect(delivery!.attempt_log.map((a) => [a.attempt, a.response_status, a.error])).toEqual([
        [1, 503, 'HTTP 503'],
        [2, 503, 'HTTP 503'],
        [3, 204, undefined],
      ]);
      expect(rx.received).toHaveLength(3);
      expect(new Set(rx.received.map((r) => r.headers['x-axonflow-delivery']))).toEqual(new Set([delivery!.id]));
      // Every attempt sends the same signed bytes.
      expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
      expect(rx.received.every((r) => verifyWebhookSignature(r.body, r.headers['x-axonflow-signature'], hook.secret))).toBe(true);
    });

    it('marks a delivery failed after the last attempt, and sends it again on redelivery under the same id', async () => {
      const app = await live();
      let healthy = false;
      const rx = await receiver(() => (healthy ? 200 : 500));
      const admin = await app.client('admin');
      const operator = await app.client('operator');
      const hook = await admin.webhooks.create({ url: rx.url, events: ['execution.failed'] });
      const id = runId();
      await operator.events.send([started(id), failed(id)]);
      await vi.waitFor(async () => expect((await deliveriesOf(operator, hook.id))[0]?.status).toBe('failed'), WAIT);
      const [dead] = await deliveriesOf(operator, hook.id);
      expect(dead).toMatchObject({ attempts: 3, response_status: 500, last_error: 'HTTP 500' });
      expect(dead!.next_attempt_at).toBeUndefined();
      expect(rx.received).toHaveLength(3);
      expect((await operator.webhooks.deliveries(hook.id, { status: 'failed' })).count).toBe(1);
      expect((await operator.webhooks.deliveries(hook.id, { status: 'pending' })).count).toBe(0);

      healthy = true;
      const again = await operator.webhooks.redeliver(hook.id, dead!.id);
      expect(again).toMatchObject({ id: dead!.id, status: 'pending' });
      await vi.waitFor(async () => expect((await deliveriesOf(operator, hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 4 }), WAIT);
      expect(rx.received).toHaveLength(4);
      expect(rx.received[3]!.headers['x-axonflow-delivery']).toBe(dead!.id);
      expect(rx.received[3]!.body).toBe(rx.received[0]!.body);
    });

    it('stops at once on 410 Gone and disables the webhook', async () => {
      const app = await live();
      const rx = await receiver(() => 410);
      const admin = await app.client('admin');
      const hook = await admin.webhooks.create({ url: rx.url });
      const id = runId();
      await (await app.client('operator')).events.send([started(id), completed(id)]);
      await vi.waitFor(async () => expect((await deliveriesOf(admin, hook.id))[0]).toMatchObject({ status: 'failed', attempts: 1, response_status: 410 }), WAIT);
      expect(await admin.webhooks.get(hook.id)).toMatchObject({ enabled: false, disabled_reason: 'gone' });
      // Enabling it again clears the reason and starts at the end of the log.
      expect(await admin.webhooks.update(hook.id, { enabled: true })).toMatchObject({ enabled: true });
      expect((await admin.webhooks.get(hook.id)).disabled_reason).toBeUndefined();
      expect(rx.received).toHaveLength(1);
    });

    it('sends a signed webhook.test delivery on request', async () => {
      const app = await live();
      const rx = await receiver();
      const admin = await app.client('admin');
      const hook = await admin.webhooks.create({ url: rx.url, events: ['approval.expired'] });
      const queued = await (await app.client('operator')).webhooks.test(hook.id);
      expect(queued).toMatchObject({ event: 'webhook.test', status: 'pending', attempts: 0 });
      await vi.waitFor(() => expect(rx.received).toHaveLength(1), WAIT);
      expect(rx.received[0]!.headers['x-axonflow-event']).toBe('webhook.test');
      expect(rx.received[0]!.headers['x-axonflow-delivery']).toBe(queued.id);
      expect(verifyWebhookSignature(rx.received[0]!.body, rx.received[0]!.headers['x-axonflow-signature'], hook.secret)).toBe(true);
      expect(JSON.parse(rx.received[0]!.body)).toMatchObject({ event: 'webhook.test', data: { webhook_id: hook.id, tenant_id: 'default' } });
      await vi.waitFor(async () => expect((await deliveriesOf(admin, hook.id))[0]).toMatchObject({ id: queued.id, status: 'delivered' }), WAIT);
    });

    it('delivers after a restart in the middle of a backoff', async () => {
      const location = harness.location();
      let calls = 0;
      const rx = await receiver(() => (++calls === 1 ? 502 : 200));
      // A long first wait, so the retry is certainly still ahead when the first replica stops.
      const slowRetry = { ...FAST, retry: { maxAttempts: 3, delaysMs: [1_500], jitter: 0 } };
      const first = await startLiveApp(harness, { location, webhooks: slowRetry });
      const admin = await first.client('admin');
      const hook = await admin.webhooks.create({ url: rx.url });
      const id = runId();
      await (await first.client('operator')).events.send([started(id), completed(id)]);
      await vi.waitFor(async () => expect((await deliveriesOf(admin, hook.id))[0]).toMatchObject({ status: 'pending', attempts: 1, response_status: 502 }), WAIT);
      await first.close();

      const second = await startLiveApp(harness, { location, webhooks: slowRetry });
      cleanups.push(() => second.close());
      const reader = await second.client('operator');
      await vi.waitFor(async () => expect((await deliveriesOf(reader, hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 }), WAIT);
      expect(rx.received).toHaveLength(2);
      expect(rx.received[1]!.headers['x-axonflow-delivery']).toBe(rx.received[0]!.headers['x-axonflow-delivery']);
    });

    if (harness.kind === 'postgres') {
      it('delivers each event exactly once with two replicas on one database', async () => {
        const schema = newSchemaName();
        const location = { open: () => createPostgresStore({ connectionString: testPgUrl(), schema, poolSize: 5 }) };
        const a = await startLiveApp(harness, { location, webhooks: FAST, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
        const b = await startLiveApp(harness, { location, webhooks: FAST, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
        try {
          const rx = await receiver();
          const admin = await a.client('admin');
          const hook = await admin.webhooks.create({ url: rx.url, events: ['execution.completed'] });
          const writers = [await a.client('operator'), await b.client('operator')];
          const ids = Array.from({ length: 20 }, () => runId());
          await Promise.all(ids.map((id, i) => writers[i % 2]!.events.send([started(id), completed(id)])));
          await vi.waitFor(async () => {
            const log = await deliveriesOf(admin, hook.id);
            expect(log).toHaveLength(20);
            expect(log.every((d) => d.status === 'delivered')).toBe(true);
          }, WAIT);
          const log = await deliveriesOf(admin, hook.id);
          expect(log.every((d) => d.attempts === 1)).toBe(true);
          expect(new Set(log.map((d) => d.execution_id))).toEqual(new Set(ids));
          // Every delivery reached the receiver once: no replica sent another's attempt.
          expect(rx.received).toHaveLength(20);
          expect(new Set(rx.received.map((r) => r.headers['x-axonflow-delivery'])).size).toBe(20);
          expect(new Set(rx.received.map((r) => JSON.parse(r.body).data.execution_id))).toEqual(new Set(ids));
        } finally {
          await a.close();
          await b.close();
          await dropSchemas([schema]);
        }
      });
    }
  });
}
