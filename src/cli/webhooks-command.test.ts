/**
 * `axonctl webhooks` as users run it against a live server on both stores and a local receiver:
 * create prints the secret once (stdout only, a warning on stderr), list and get show only its
 * hint, the delivery log in every format, test and redeliver with --wait, delete, roles and exit
 * codes, and plain output off a terminal.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyWebhookSignature, type AxonFlowClient, type CreatedWebhook, type Webhook, type WebhookDelivery } from '../sdk/index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';

const ANSI = /\u001b\[/;
const SCOPE = { orgId: 'default', tenantId: 'default' };
/** One attempt per delivery, a quick dispatcher: a failure is final at once, so redeliver is the way back. */
const FAST = { retry: { maxAttempts: 1, delaysMs: [50], jitter: 0 }, tickMs: 50, timeoutMs: 2_000 };

for (const harness of storeHarnesses()) {
  describe(`axonctl webhooks [${harness.kind}]`, () => {
    let live: LiveApp;
    let rx: WebhookReceiver;
    let failing = false;
    let operator: AxonFlowClient;
    let env: Record<string, string>;
    let operatorEnv: Record<string, string>;
    let viewerEnv: Record<string, string>;
    const axonctl = (...args: string[]) => runAxonctl(args, env);
    let hook: CreatedWebhook;

    beforeAll(async () => {
      live = await startLiveApp(harness, { webhooks: FAST });
      rx = await startWebhookReceiver(() => (failing ? 500 : 200));
      operator = await live.client('operator');
      const issue = async (role: 'admin' | 'operator' | 'viewer') => {
        const issued = await live.app.credentials.create({ scope: SCOPE, role });
        return { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
      };
      env = await issue('admin');
      operatorEnv = await issue('operator');
      viewerEnv = await issue('viewer');
    });
    afterAll(async () => {
      await live.close();
      await rx.close();
      await harness.cleanup();
    });

    it('create prints the secret once, on stdout only, and warns on stderr that it is not shown again', async () => {
      const created = await axonctl('webhooks', 'create', '--url', rx.url, '--events', 'execution.completed,execution.failed', '--description', 'ops pager', '--format', 'json');
      expect(created.code, created.stderr).toBe(0);
      hook = JSON.parse(created.stdout) as CreatedWebhook;
      expect(hook).toMatchObject({ url: rx.url, events: ['execution.completed', 'execution.failed'], format: 'axonflow', enabled: true, description: 'ops pager' });
      expect(hook.secret).toMatch(/^whsec_/);
      expect(created.stderr).toContain('Store the secret now: it is not shown again');
      expect(created.stderr).not.toContain(hook.secret);

      const table = await axonctl('webhooks', 'create', '--url', `${rx.url}?second`, '--secret', 'my-own-secret-of-24-chars', '--payload-format', 'slack');
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/^Webhook whk_\w+ {2}enabled$/m);
      expect(table.stdout).toMatch(/^ {2}Secret +my-own-secret-of-24-chars$/m);
      expect(table.stdout).toMatch(/^ {2}Events +\*$/m);
      expect(table.stdout).toMatch(/^ {2}Format +slack \(Slack incoming-webhook messages\)$/m);
      expect(table.stderr).toContain('not shown again');
      expect(table.stderr).not.toContain('my-own-secret-of-24-chars');
      const second = /^Webhook (whk_\w+)/m.exec(table.stdout)![1]!;

      const list = await axonctl('webhooks', 'list');
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual(['ID', 'URL', 'EVENTS', 'FORMAT', 'ENABLED', 'SECRET', 'DESCRIPTION']);
      expect(list.stdout).toMatch(new RegExp(`^${second}\\s+\\S+\\s+\\*\\s+slack\\s+true`, 'm'));
      expect(list.stdout).toMatch(new RegExp(`^${hook.id}\\s+http://127\\.0\\.0\\.1:\\d+/hooks/axonflow\\s+execution\\.completed,execution\\.failed\\s+axonflow\\s+true\\s+…[\\w-]{4}\\s+ops pager$`, 'm'));
      expect(list.stdout).not.toContain(hook.secret);
      expect(list.stdout).not.toMatch(ANSI);
      expect(JSON.parse((await axonctl('webhooks', 'list', '--format', 'json')).stdout).webhooks.map((w: Webhook) => w.id)).toEqual([hook.id, second]);

      const got = await runAxonctl(['webhooks', 'get', hook.id], operatorEnv);
      expect(got.code, got.stderr).toBe(0);
      expect(got.stdout).toMatch(/^ {2}Secret +…[\w-]{4} \(only its last characters/m);
      expect(got.stdout).not.toContain(hook.secret);
      expect(JSON.parse((await axonctl('webhooks', 'get', hook.id, '--format', 'json')).stdout)).not.toHaveProperty('secret');
      expect((await axonctl('webhooks', 'delete', second)).stdout.trim()).toBe(`webhook/${second} deleted`);
    });

    it('refuses bad values (2), operators creating (4), viewers reading (4), unknown webhooks (3)', async () => {
      const events = await axonctl('webhooks', 'create', '--url', rx.url, '--events', 'execution.exploded');
      expect(events.code).toBe(2);
      expect(events.stderr).toContain('--events: unknown event "execution.exploded"');
      const payload = await axonctl('webhooks', 'create', '--url', rx.url, '--payload-format', 'teams');
      expect(payload.code).toBe(2);
      expect(payload.stderr).toContain("--payload-format <format>' argument 'teams' is invalid");
      const url = await axonctl('webhooks', 'create', '--url', 'ftp://example.com/hook');
      expect(url.code).toBe(2);
      expect(url.stderr).toContain('url');
      const refused = await Promise.all([axonctl('webhooks', 'create'), runAxonctl(['webhooks', 'create', '--url', rx.url], operatorEnv), runAxonctl(['webhooks', 'list'], viewerEnv)]);
      expect(refused.map((r) => r.code)).toEqual([2, 4, 4]);
      const missing = await axonctl('webhooks', 'get', 'wh_missing');
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('WEBHOOK_NOT_FOUND');
    });

    it('deliveries lists the log of a run’s events sent to the receiver, in table, json and ndjson', async () => {
      await operator.events.send([
        { event_id: 'whc-start', execution_id: 'wh-run-1', type: 'execution.started', workflow_name: 'webhooked' },
        { event_id: 'whc-done', execution_id: 'wh-run-1', type: 'execution.completed' },
      ] as never);
      await vi.waitFor(async () => expect((await operator.webhooks.deliveries(hook.id)).deliveries[0]?.status).toBe('delivered'), { timeout: 10_000, interval: 50 });
      const received = rx.received.find((r) => r.headers['x-axonflow-event'] === 'execution.completed')!;
      expect(verifyWebhookSignature(received.body, received.headers['x-axonflow-signature'], hook.secret), JSON.stringify({ received, secret: hook.secret, n: rx.received.length })).toBe(true);

      const table = await runAxonctl(['webhooks', 'deliveries', hook.id], operatorEnv);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual(['ID', 'EVENT', 'EXECUTION', 'STATUS', 'ATTEMPTS', 'RESPONSE', 'CREATED', 'NOTE']);
      expect(table.stdout).toMatch(/^\S+\s+execution\.completed\s+wh-run-1\s+delivered\s+1\s+200\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+delivered \d{4}-/m);
      expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('1 deliveries: 1 delivered, 0 pending, 0 failed');
      const json = JSON.parse((await axonctl('webhooks', 'deliveries', hook.id, '--format', 'json')).stdout) as { deliveries: WebhookDelivery[]; count: number };
      expect(json.deliveries[0]).toMatchObject({ event: 'execution.completed', execution_id: 'wh-run-1', status: 'delivered', attempts: 1, response_status: 200 });
      expect(json.deliveries[0]!.id).toBe(received.headers['x-axonflow-delivery']);
      const lines = (await axonctl('webhooks', 'deliveries', hook.id, '--format', 'ndjson')).stdout.trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as WebhookDelivery).id)).toEqual([json.deliveries[0]!.id]);
      const none = await axonctl('webhooks', 'deliveries', hook.id, '--status', 'failed');
      expect([none.code, none.stdout]).toEqual([0, '']);
      expect(none.stderr).toContain('No failed deliveries.');
      expect((await axonctl('webhooks', 'deliveries', hook.id, '--status', 'lost')).code).toBe(2);
    });

    it('test --wait reports the receiver’s answer (exit 1 when it fails); redeliver --wait sends it again under the same id', async () => {
      const ok = await runAxonctl(['webhooks', 'test', hook.id, '--wait'], operatorEnv);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(new RegExp(`^Delivery dlv_\\w+ \\(webhook\\.test\\) of webhook ${hook.id}: delivered \\(HTTP 200\\); 1 attempt, last \\d+ms$`, 'm'));
      expect(rx.received.some((r) => r.headers['x-axonflow-event'] === 'webhook.test')).toBe(true);

      failing = true;
      const bad = await axonctl('webhooks', 'test', hook.id, '--wait', '--format', 'json');
      expect(bad.code).toBe(1);
      const failed = JSON.parse(bad.stdout) as WebhookDelivery;
      expect(failed).toMatchObject({ event: 'webhook.test', status: 'failed', attempts: 1, response_status: 500 });
      expect(bad.stderr).toContain(`error: the receiver did not accept delivery ${failed.id}: HTTP 500`);
      expect((await axonctl('webhooks', 'deliveries', hook.id, '--status', 'failed')).stdout).toMatch(new RegExp(`^${failed.id}\\s+webhook\\.test\\s+-\\s+failed\\s+1\\s+500\\s+\\S+\\s+HTTP 500$`, 'm'));

      failing = false;
      const queued = await axonctl('webhooks', 'redeliver', hook.id, failed.id);
      expect(queued.code, queued.stderr).toBe(0);
      expect(queued.stdout.trim()).toBe(`Delivery ${failed.id} (webhook.test) of webhook ${hook.id} queued again: pending`);
      await vi.waitFor(() => expect(rx.received.filter((r) => r.headers['x-axonflow-delivery'] === failed.id)).toHaveLength(2), { timeout: 10_000, interval: 50 });
      const again = await axonctl('webhooks', 'redeliver', hook.id, failed.id, '--wait');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/delivered \(HTTP 200\); 3 attempts/);
      const sent = rx.received.filter((r) => r.headers['x-axonflow-delivery'] === failed.id);
      expect(new Set(sent.map((r) => r.body)).size).toBe(1);
      expect((await axonctl('webhooks', 'redeliver', hook.id, 'dlv_missing')).code).toBe(3);
    });

    it('prints no ANSI escapes off a terminal or with NO_COLOR; delete removes the webhook (then 3, and an empty list)', async () => {
      for (const args of [['webhooks', 'list'], ['webhooks', 'get', hook.id], ['webhooks', 'deliveries', hook.id]]) {
        const [offTerminal, forced, noColor] = await Promise.all([axonctl(...args), runAxonctl(args, { ...env, FORCE_COLOR: '1' }), runAxonctl(args, { ...env, FORCE_COLOR: '1', NO_COLOR: '1' })]);
        expect(offTerminal.stdout + offTerminal.stderr).not.toMatch(ANSI);
        expect(forced.stdout).toMatch(ANSI);
        expect(noColor.stdout + noColor.stderr).not.toMatch(ANSI);
      }
      const created = await runAxonctl(['webhooks', 'create', '--url', rx.url], { ...env, FORCE_COLOR: '1', NO_COLOR: '1' });
      expect(created.stdout + created.stderr).not.toMatch(ANSI);
      const extra = /^Webhook (whk_\w+)/m.exec(created.stdout)![1]!;

      expect((await runAxonctl(['webhooks', 'delete', hook.id], operatorEnv)).code).toBe(4);
      for (const id of [hook.id, extra]) expect((await axonctl('webhooks', 'delete', id)).code).toBe(0);
      expect((await axonctl('webhooks', 'get', hook.id)).code).toBe(3);
      expect((await axonctl('webhooks', 'delete', hook.id)).code).toBe(3);
      const empty = await axonctl('webhooks', 'list');
      expect([empty.code, empty.stdout]).toEqual([0, '']);
      expect(empty.stderr).toContain('No webhooks.');
    });
  });
}
