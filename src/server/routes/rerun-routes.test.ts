/**
 * Re-runs over HTTP on both stores, with a real application on the other side: targets (CRUD, the
 * write-only secret, audit, roles, tenants), and re-run requests sent to a local receiver whose
 * handler is the SDK's `createRerunHandler`: it verifies the signature and starts the new run
 * through the SDK with parent_execution_id + rerun_id, and the original then lists it. Also the
 * refusals (404 another tenant's run, 409 no target or still running, 400 short reason or unknown
 * step, 403 viewer) and a target that refuses (recorded as failed, answered 202 all the same).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AxonFlowError, createRerunHandler, type AxonFlowClient, type RerunRequest } from '../../sdk/index.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';

type Headers = Record<string, string>;
const SCOPE = { orgId: 'default', tenantId: 'default' };
const SECRET = 'rrsec_test_0123456789abcdefghij';

interface Application {
  readonly url: string;
  readonly received: RerunRequest[];
  /** Each raw request as it arrived: body and signature header. */
  readonly raw: { body: string; signature: string }[];
  close(): Promise<void>;
}

/** The application side: the SDK's handler, which starts the re-run through the SDK and completes it. */
async function startApplication(client: AxonFlowClient, secret: string): Promise<Application> {
  const received: RerunRequest[] = [];
  const raw: { body: string; signature: string }[] = [];
  const handler = createRerunHandler({
    secret,
    onRerun: async (rerun) => {
      received.push(rerun);
      // Starting is idempotent on the re-run id: a request delivered twice gets the same run back,
      // already under way or done, and its work is not done twice.
      const run = await client.workflows.start(rerun.startOptions);
      if ((await client.workflows.get(run.id)).status === 'in_progress') await run.complete({ redone: true, input: rerun.effectiveInput });
      return { executionId: run.id };
    },
  });
  const server: Server = createServer((req, res) => {
    // Keep a copy of what came in (for replays), then hand the same bytes to the handler.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => raw.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['x-axonflow-signature']) }));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/axonflow/reruns`,
    received,
    raw,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

for (const harness of storeHarnesses()) {
  describe(`re-runs API [${harness.kind}]`, () => {
    let live: LiveApp;
    let app: Application;
    let failing: WebhookReceiver;
    let admin: Headers;
    let operator: Headers;
    let viewer: Headers;
    let otherTenantOperator: Headers;
    let operatorClient: AxonFlowClient;

    async function headersFor(role: 'viewer' | 'operator' | 'admin', tenantId = 'default'): Promise<Headers> {
      const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId }, role });
      return { authorization: `Bearer ${issued.clientSecret}` };
    }

    const inject = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
      live.app.server.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

    /** A completed run of `name` with two steps, made through the SDK. */
    async function finishedRun(name: string, input: unknown = { order: 'ord-1', amount: 740 }): Promise<string> {
      const run = await operatorClient.workflows.start({ name, input, traceId: `trace-${name}` });
      await run.step({ name: 'look up order', id: 'lookup', tool: { name: 'orders.get', input: { order: 'ord-1' } } }, async () => ({ found: true }));
      await run.step({ name: 'issue refund', id: 'refund', tool: { name: 'payments.refund', input: { amount: 740 } } }, async () => ({ refunded: 740 }));
      await run.complete({ ok: true });
      return run.id;
    }

    beforeAll(async () => {
      live = await startLiveApp(harness, { reruns: { timeoutMs: 5_000 } });
      admin = await headersFor('admin');
      operator = await headersFor('operator');
      viewer = await headersFor('viewer');
      otherTenantOperator = await headersFor('operator', 'elsewhere');
      operatorClient = await live.client('operator');
      app = await startApplication(await live.client('operator'), SECRET);
      failing = await startWebhookReceiver(() => 500);
    });
    afterAll(async () => {
      await app.close();
      await failing.close();
      await live.close();
      await harness.cleanup();
    });

    it('creates a target with a generated secret shown once, replaces it keeping the secret, rotates it, deletes it; every write audited without the secret', async () => {
      const name = 'billing agent/v2';
      const url = `/api/v1/rerun-targets/${encodeURIComponent(name)}`;
      const created = await inject('PUT', url, admin, { url: 'https://app.example.com/reruns', description: 'billing' });
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json();
      expect(body).toMatchObject({ workflow_name: name, url: 'https://app.example.com/reruns', description: 'billing', org_id: 'default', tenant_id: 'default' });
      expect(body.secret).toMatch(/^rrsec_[A-Za-z0-9_-]{32}$/);
      expect(body.secret_hint).toBe(`…${body.secret.slice(-4)}`);

      const read = await inject('GET', url, operator);
      expect(read.statusCode).toBe(200);
      expect(read.json()).not.toHaveProperty('secret');
      expect(read.body).not.toContain(body.secret);
      const list = await inject('GET', '/api/v1/rerun-targets', operator);
      expect(list.json().targets.map((t: { workflow_name: string }) => t.workflow_name)).toContain(name);
      expect(list.body).not.toContain(body.secret);

      const replaced = await inject('PUT', url, admin, { url: 'https://app2.example.com/reruns' });
      expect(replaced.statusCode, replaced.body).toBe(200);
      expect(replaced.json()).not.toHaveProperty('secret');
      expect(replaced.json()).toMatchObject({ url: 'https://app2.example.com/reruns', secret_hint: body.secret_hint, created_at: body.created_at });
      expect(replaced.json()).not.toHaveProperty('description');
      const rotated = await inject('PUT', url, admin, { url: 'https://app2.example.com/reruns', secret: 'my-own-rerun-secret-0123' });
      expect(rotated.json()).toMatchObject({ secret: 'my-own-rerun-secret-0123', secret_hint: '…0123' });

      expect((await inject('DELETE', url, admin)).statusCode).toBe(204);
      const gone = await inject('GET', url, operator);
      expect([gone.statusCode, gone.json().code]).toEqual([404, 'RERUN_TARGET_NOT_FOUND']);
      expect((await inject('DELETE', url, admin)).statusCode).toBe(404);

      const audit = await live.store.listAudit(SCOPE, { targetType: 'rerun_target', targetId: name, limit: 10 });
      expect(audit.map((e) => e.action).sort()).toEqual(['rerun_target.create', 'rerun_target.delete', 'rerun_target.replace', 'rerun_target.replace']);
      expect(JSON.stringify(audit)).not.toContain(body.secret);
      expect(JSON.stringify(audit)).not.toContain('my-own-rerun-secret-0123');
      expect(audit.find((e) => e.action === 'rerun_target.create')?.details).toMatchObject({ url: 'https://app.example.com/reruns' });
    });

    it('lets admins write targets, operators read them, viewers nothing; another tenant sees none', async () => {
      const url = '/api/v1/rerun-targets/roles-wf';
      expect((await inject('PUT', url, admin, { url: 'https://app.example.com/r' })).statusCode).toBe(201);
      for (const headers of [viewer, operator]) {
        const denied = await inject('PUT', url, headers, { url: 'https://app.example.com/r' });
        expect([denied.statusCode, denied.json().code]).toEqual([403, 'FORBIDDEN']);
        expect((await inject('DELETE', url, headers)).statusCode).toBe(403);
      }
      expect((await inject('GET', url, viewer)).statusCode).toBe(403);
      expect((await inject('GET', '/api/v1/rerun-targets', viewer)).statusCode).toBe(403);
      const foreign = await inject('GET', url, otherTenantOperator);
      expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'RERUN_TARGET_NOT_FOUND']);
      expect((await inject('GET', '/api/v1/rerun-targets', otherTenantOperator)).json()).toEqual({ targets: [], count: 0 });
      // An admin reaches another tenant of the org only by naming it.
      expect((await inject('GET', `${url}?tenant_id=elsewhere`, admin)).statusCode).toBe(404);
      expect((await inject('GET', `${url}?tenant_id=elsewhere`, operator)).statusCode).toBe(403);
      for (const payload of [{ url: 'ftp://app.example.com/r' }, { url: 'not a url' }, { url: 'https://app.example.com/r', secret: 'short' }, { url: 'https://app.example.com/r', extra: 1 }, {}]) {
        const bad = await inject('PUT', url, admin, payload);
        expect([bad.statusCode, bad.json().code], JSON.stringify(payload)).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('sends a signed re-run the application verifies, and lists the run it started under the original', async () => {
      const name = 'refund-agent';
      const original = await finishedRun(name);
      expect((await inject('PUT', `/api/v1/rerun-targets/${name}`, admin, { url: app.url, secret: SECRET })).statusCode).toBe(201);

      const answer = await operatorClient.reruns.request(original, { reason: 'payments provider fixed, refund again', fromStep: 1, inputOverrides: { amount: 700, refundReason: 'duplicate' } });
      expect(answer).toMatchObject({
        execution_id: original,
        workflow_name: name,
        target_url: app.url,
        reason: 'payments provider fixed, refund again',
        from_step: { step_index: 1, step_id: 'refund', step_name: 'issue refund' },
        delivery: { status: 'delivered', response_status: 202 },
      });
      expect(answer.rerun_id).toMatch(/^rr_/);

      // The application saw a verified request carrying everything it needs.
      expect(app.received).toHaveLength(1);
      const seen = app.received[0]!;
      expect(seen).toMatchObject({
        rerunId: answer.rerun_id,
        executionId: original,
        parentExecutionId: original,
        workflowName: name,
        traceId: `trace-${name}`,
        fromStep: { stepIndex: 1, stepId: 'refund', stepName: 'issue refund' },
        input: { order: 'ord-1', amount: 740 },
        inputOverrides: { amount: 700, refundReason: 'duplicate' },
        effectiveInput: { order: 'ord-1', amount: 700, refundReason: 'duplicate' },
        requestedBy: expect.stringMatching(/^axf_/),
      });
      expect(app.raw[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

      const detail = await operatorClient.executions.get(original);
      expect(detail.summary.status_detail).toBe('completed');
      expect(detail.reruns).toHaveLength(1);
      const child = detail.reruns![0]!;
      expect(child).toMatchObject({ rerun_id: answer.rerun_id, reason: 'payments provider fixed, refund again', delivery: { status: 'delivered', response_status: 202 }, execution_status: 'completed' });
      expect(child.execution_id).toMatch(/^wf_/);
      expect(child.execution_id).not.toBe(original);

      const childRun = await operatorClient.executions.get(child.execution_id!);
      expect(childRun.summary).toMatchObject({ parent_execution_id: original, rerun_id: answer.rerun_id, workflow_name: name, input_summary: { order: 'ord-1', amount: 700, refundReason: 'duplicate' } });
      expect(childRun.reruns).toBeUndefined();
      const unified = await operatorClient.unified.get(original);
      expect((unified as { reruns?: { execution_id?: string }[] }).reruns?.[0]?.execution_id).toBe(child.execution_id);
      expect((await operatorClient.unified.get(child.execution_id!)) as Record<string, unknown>).toMatchObject({ parent_execution_id: original, rerun_id: answer.rerun_id });

      const timeline = await operatorClient.executions.eventTimeline(original);
      const rerunItems = timeline.items.filter((i) => i.type.startsWith('rerun.'));
      expect(rerunItems.map((i) => i.type)).toEqual(['rerun.requested', 'rerun.dispatched']);
      expect(rerunItems[0]!.summary).toContain('payments provider fixed, refund again');
      // The overrides are the caller's data: their keys come back exactly as sent.
      expect(rerunItems[0]!.data).toMatchObject({ rerun_id: answer.rerun_id, input_overrides: { amount: 700, refundReason: 'duplicate' }, target_url: app.url });

      // The same signed request arriving again (inside the tolerance) starts no second run.
      const replay = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-axonflow-signature': app.raw[0]!.signature }, body: app.raw[0]!.body });
      expect(replay.status).toBe(202);
      expect(((await replay.json()) as { execution_id?: string }).execution_id).toBe(child.execution_id);
      const children = await live.store.listChildExecutions(SCOPE, original, 10);
      expect(children.map((c) => c.executionId)).toEqual([child.execution_id]);
      // A tampered copy is refused before the application sees it.
      const tampered = await fetch(app.url, { method: 'POST', headers: { 'x-axonflow-signature': app.raw[0]!.signature }, body: app.raw[0]!.body.replace('"amount":700,', '"amount":7000,') });
      expect(tampered.status).toBe(401);
      expect(app.received).toHaveLength(2);
    });

    it('re-runs by step id, and records a target that refuses as failed (202 all the same, with what it said)', async () => {
      const name = 'flaky-app';
      const original = await finishedRun(name, null);
      expect((await inject('PUT', `/api/v1/rerun-targets/${name}`, admin, { url: failing.url, secret: SECRET })).statusCode).toBe(201);
      const res = await inject('POST', `/api/v1/executions/${original}/rerun`, operator, { reason: 'the receiver should fail this one', from_step: 'lookup' });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ from_step: { step_index: 0, step_id: 'lookup' }, delivery: { status: 'failed', response_status: 500, error: 'HTTP 500' } });
      const sent = failing.received.at(-1)!;
      expect(sent.headers['x-axonflow-event']).toBe('rerun.requested');
      expect(sent.headers['x-axonflow-rerun']).toBe(res.json().rerun_id);
      expect(JSON.parse(sent.body)).toMatchObject({ input: null, input_overrides: null, from_step: { step_index: 0, step_id: 'lookup', step_name: 'look up order' } });

      // A secret the application does not know: its handler answers 401, recorded as such.
      expect((await inject('PUT', `/api/v1/rerun-targets/${name}`, admin, { url: app.url, secret: 'not-the-applications-secret' })).statusCode).toBe(200);
      const wrong = await inject('POST', `/api/v1/executions/${original}/rerun`, operator, { reason: 'signed with a secret it does not know' });
      expect(wrong.json().delivery).toMatchObject({ status: 'failed', response_status: 401 });
      const detail = (await inject('GET', `/api/v1/executions/${original}`, operator)).json();
      expect(detail.reruns.map((r: { delivery: { status: string } }) => r.delivery.status)).toEqual(['failed', 'failed']);
      expect(detail.reruns.every((r: { execution_id?: string }) => r.execution_id === undefined)).toBe(true);

      // An orchestrator that reports its runs links a re-run the same way, through ingestion.
      await operatorClient.events.send([
        { type: 'execution.started', event_id: 'start', execution_id: 'reported-rerun', workflow_name: name, parent_execution_id: original, rerun_id: res.json().rerun_id },
      ]);
      const linked = (await inject('GET', `/api/v1/executions/${original}`, operator)).json();
      expect(linked.reruns.map((r: { execution_id?: string }) => r.execution_id ?? null)).toEqual(['reported-rerun', null]);
    });

    it('answers a retried request with the same Idempotency-Key from the record: one re-run, sent once', async () => {
      const name = 'idempotent-app';
      const original = await finishedRun(name);
      // A target that holds its answer until released: the window in which a retry finds the first request in flight.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const hits: string[] = [];
      const slow = createServer((req, res) => {
        hits.push(String(req.headers['x-axonflow-rerun']));
        req.resume();
        void held.then(() => res.writeHead(202).end());
      });
      await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
      const port = (slow.address() as { port: number }).port;
      try {
        expect((await inject('PUT', `/api/v1/rerun-targets/${name}`, admin, { url: `http://127.0.0.1:${port}/reruns`, secret: SECRET })).statusCode).toBe(201);
        const url = `/api/v1/executions/${original}/rerun`;
        const body = { reason: 'provider fixed; ask once even if retried', from_step: 1 };
        const keyed = { ...operator, 'idempotency-key': 'incident-4711-rerun' };
        const first = live.app.server.inject({ method: 'POST', url, headers: keyed, payload: body });
        await vi.waitFor(() => expect(hits).toHaveLength(1), { timeout: 5_000, interval: 20 });
        const inFlight = await inject('POST', url, keyed, body);
        expect(inFlight.statusCode, inFlight.body).toBe(409);
        expect(inFlight.json()).toMatchObject({ code: 'RERUN_IN_FLIGHT' });
        release();
        const answered = await first;
        expect(answered.statusCode, answered.body).toBe(202);
        const again = await inject('POST', url, keyed, body);
        expect(again.statusCode, again.body).toBe(202);
        expect(again.json()).toEqual(answered.json());
        expect(hits).toEqual([answered.json().rerun_id]);

        const changed = await inject('POST', url, keyed, { ...body, reason: 'a different request under the same key' });
        expect(changed.statusCode).toBe(409);
        expect(changed.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
        const otherCaller = await inject('POST', url, { ...(await headersFor('operator')), 'idempotency-key': 'incident-4711-rerun' }, body);
        expect(otherCaller.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
        const tooLong = await inject('POST', url, { ...operator, 'idempotency-key': 'k'.repeat(256) }, body);
        expect([tooLong.statusCode, tooLong.json().code]).toEqual([400, 'VALIDATION_FAILED']);

        // Without a key (or with another one) a request is a new re-run, as before.
        const unkeyed = await inject('POST', url, operator, body);
        expect(unkeyed.statusCode).toBe(202);
        expect(unkeyed.json().rerun_id).not.toBe(answered.json().rerun_id);
        const detail = (await inject('GET', `/api/v1/executions/${original}`, operator)).json();
        expect(detail.reruns.map((r: { rerun_id: string }) => r.rerun_id)).toEqual([answered.json().rerun_id, unkeyed.json().rerun_id]);
        expect(hits).toHaveLength(2);

        // The SDK sends the key it is given (a fresh one otherwise): the same call twice is one re-run.
        const once = await operatorClient.reruns.request(original, { reason: 'from a script that retries', idempotencyKey: 'script-run-9' });
        const twice = await operatorClient.reruns.request(original, { reason: 'from a script that retries', idempotencyKey: 'script-run-9' });
        expect(twice.rerun_id).toBe(once.rerun_id);
        expect(hits).toHaveLength(3);
      } finally {
        release();
        slow.closeAllConnections();
        await new Promise<void>((resolve) => slow.close(() => resolve()));
      }
    });

    it('refuses: 404 another tenant’s run, 409 without a target or while running, 400 short reason or unknown step, 403 viewer', async () => {
      const original = await finishedRun('no-target-wf');
      const rerun = (headers: Headers, payload: Record<string, unknown>, id = original) => inject('POST', `/api/v1/executions/${id}/rerun`, headers, payload);
      const ok = { reason: 'a reason long enough' };

      const missing = await rerun(operator, ok);
      expect([missing.statusCode, missing.json().code]).toEqual([409, 'RERUN_TARGET_MISSING']);
      const foreign = await rerun(otherTenantOperator, ok);
      expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'EXECUTION_NOT_FOUND']);
      expect((await rerun(operator, ok, 'wf_does_not_exist')).statusCode).toBe(404);
      const denied = await rerun(viewer, ok);
      expect([denied.statusCode, denied.json().code]).toEqual([403, 'FORBIDDEN']);

      for (const payload of [{ reason: 'too short' }, { reason: '         padded         '.slice(0, 12) }, {}, { reason: 'a reason long enough', from_step: -1 }, { reason: 'a reason long enough', input_overrides: [1] }, { reason: 'a reason long enough', surprise: 1 }]) {
        const bad = await rerun(operator, payload);
        expect([bad.statusCode, bad.json().code], JSON.stringify(payload)).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect((await inject('PUT', '/api/v1/rerun-targets/no-target-wf', admin, { url: app.url, secret: SECRET })).statusCode).toBe(201);
      for (const from_step of [7, 'no-such-step']) {
        const bad = await rerun(operator, { ...ok, from_step });
        expect([bad.statusCode, bad.json().code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(bad.json().message).toContain('from_step');
      }

      const running = await operatorClient.workflows.start({ name: 'no-target-wf' });
      const busy = await rerun(operator, ok, running.id);
      expect([busy.statusCode, busy.json().code]).toEqual([409, 'EXECUTION_NOT_TERMINAL']);
      expect(busy.json().message).toContain('running');
      await running.complete();

      // Nothing refused was recorded on the run, nor sent.
      const before = app.received.length;
      const detail = (await inject('GET', `/api/v1/executions/${original}`, operator)).json();
      expect(detail.reruns).toBeUndefined();
      const error = await operatorClient.reruns.request(running.id, { reason: 'x' }).catch((e: unknown) => e);
      expect(AxonFlowError.is(error) && error.code).toBe('VALIDATION_FAILED');
      expect(app.received.length).toBe(before);
    });
  });
}
