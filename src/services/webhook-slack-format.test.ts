/**
 * Slack-format webhooks end to end on both stores: a live app (port 0) with a public URL, a
 * webhook with `format: "slack"` and one with the default format, both posting to local receivers.
 * A failed run and a built-in alert (firing, then resolved as the clock moves past its window)
 * reach the Slack webhook as `{text, blocks}` messages linking to the viewer, signed like any
 * delivery, while the other webhook gets the AxonFlow bodies of the same events.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AxonFlowClient, Webhook } from '../sdk/index.js';
import { verifyWebhookSignature } from '../sdk/index.js';
import { FixedClock } from '../test-support/fixed-clock.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../test-support/webhook-receiver.js';

const PUBLIC_URL = 'https://axonflow.example.com';
const WAIT = { timeout: 10_000, interval: 20 };

interface SlackBody {
  text: string;
  blocks: { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
}

const slackOf = (r: ReceivedRequest) => JSON.parse(r.body) as SlackBody;
const byEvent = (rx: WebhookReceiver, event: string) => rx.received.filter((r) => r.headers['x-axonflow-event'] === event);

for (const harness of storeHarnesses()) {
  describe(`Slack-format webhooks [${harness.kind}]`, () => {
    let live: LiveApp;
    let slack: WebhookReceiver;
    let plain: WebhookReceiver;
    let admin: AxonFlowClient;
    let operator: AxonFlowClient;
    let slackHook: Webhook & { secret: string };
    const runId = `run-${Math.random().toString(36).slice(2, 10)}`;
    // Ahead of real time, so the run (stamped by this clock) is inside the alert windows.
    const clock = new FixedClock(new Date(Date.now() + 60_000).toISOString());

    beforeAll(async () => {
      slack = await startWebhookReceiver();
      plain = await startWebhookReceiver();
      live = await startLiveApp(harness, { clock, webhooks: { tickMs: 50, publicUrl: PUBLIC_URL } });
      admin = await live.client('admin');
      operator = await live.client('operator');
      const events = ['execution.failed', 'alert.firing', 'alert.resolved'] as const;
      slackHook = await admin.webhooks.create({ url: slack.url, events: [...events], format: 'slack' });
      await admin.webhooks.create({ url: plain.url, events: [...events] });
    });
    afterAll(async () => {
      await live.close();
      await slack.close();
      await plain.close();
      await harness.cleanup();
    });

    it('delivers a failed run as a signed Slack message linking to the run', async () => {
      expect(slackHook.format).toBe('slack');
      await operator.events.send([
        { type: 'execution.started', event_id: `${runId}-start`, execution_id: runId, workflow_name: 'refunds' },
        { type: 'execution.failed', event_id: `${runId}-failed`, execution_id: runId, error: { message: '429 <Too Many> Requests', source: 'provider', code: 'E429' } },
      ]);
      await vi.waitFor(() => expect(byEvent(slack, 'execution.failed')).toHaveLength(1), WAIT);
      const [request] = byEvent(slack, 'execution.failed');
      expect(verifyWebhookSignature(request!.body, request!.headers['x-axonflow-signature'], slackHook.secret)).toBe(true);
      expect(request!.headers['content-type']).toBe('application/json');
      const body = slackOf(request!);
      expect(Object.keys(body)).toEqual(['text', 'blocks']);
      expect(body.text).toBe(`:x: Execution failed: workflow refunds (run ${runId}) — provider: 429 &lt;Too Many&gt; Requests`);
      expect(body.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn', text: `*${body.text}*` }, fields: [{ text: '*Error code*\n`E429`' }] });
      expect(body.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `<${PUBLIC_URL}/ui/executions/${runId}|Open the run>` } });
      expect(body.blocks[2]).toMatchObject({ type: 'context', elements: [{ text: expect.stringContaining('default/default') }] });
      // The default-format webhook got the same event as AxonFlow's body.
      await vi.waitFor(() => expect(byEvent(plain, 'execution.failed')).toHaveLength(1), WAIT);
      expect(JSON.parse(byEvent(plain, 'execution.failed')[0]!.body)).toMatchObject({ event: 'execution.failed', data: { execution_id: runId, workflow_name: 'refunds', status: 'failed' } });
      await vi.waitFor(async () => expect((await operator.webhooks.deliveries(slackHook.id)).deliveries[0]).toMatchObject({ status: 'delivered', event: 'execution.failed', response_status: 200 }), WAIT);
    });

    it('delivers a built-in alert firing and resolving as Slack messages with value vs threshold and links', async () => {
      // Only the failure rate can fire: one failed run of one is 100% > 10%.
      await admin.alerts.putRules({ failure_rate: { threshold_pct: 10, min_runs: 1, window_minutes: 10 }, pending_approvals: { enabled: false }, cost_growth: { enabled: false } });
      const fired = await live.app.alertEvaluator.evaluate();
      expect(fired.fired.map((a) => `${a.kind}/${a.subject}`)).toEqual(['failure_rate/refunds']);
      await vi.waitFor(() => expect(byEvent(slack, 'alert.firing')).toHaveLength(1), WAIT);
      const firing = slackOf(byEvent(slack, 'alert.firing')[0]!);
      expect(firing.text).toBe(':rotating_light: Alert firing: failure_rate for workflow refunds — 1 of 1 runs of refunds failed in the last 10 min (100% &gt; 10%)');
      expect(firing.blocks[0]!.fields!.map((f) => f.text)).toEqual(['*Value*\n100%', '*Threshold*\n10%', `*Alert*\n\`${fired.fired[0]!.alertId}\``]);
      expect(firing.blocks[1]!.text!.text).toBe(`<${PUBLIC_URL}/ui/executions?workflow=refunds&range=24h|Runs of refunds>  ·  <${PUBLIC_URL}/ui/alerts|All alerts>`);
      expect(verifyWebhookSignature(byEvent(slack, 'alert.firing')[0]!.body, byEvent(slack, 'alert.firing')[0]!.headers['x-axonflow-signature'], slackHook.secret)).toBe(true);

      clock.advance(11 * 60_000);
      const resolved = await live.app.alertEvaluator.evaluate();
      expect(resolved.resolved.map((a) => a.alertId)).toEqual([fired.fired[0]!.alertId]);
      await vi.waitFor(() => expect(byEvent(slack, 'alert.resolved')).toHaveLength(1), WAIT);
      expect(slackOf(byEvent(slack, 'alert.resolved')[0]!).text).toBe(':white_check_mark: Alert resolved: failure_rate for workflow refunds — now 0% (threshold 10%)');
      // The default-format webhook got both transitions in AxonFlow's body.
      await vi.waitFor(() => expect(plain.received.map((r) => JSON.parse(r.body).event).sort()).toEqual(['alert.firing', 'alert.resolved', 'execution.failed']), WAIT);
      expect(JSON.parse(byEvent(plain, 'alert.firing')[0]!.body).data).toMatchObject({ kind: 'failure_rate', subject: 'refunds', value: 100, threshold: 10 });
    });

    it('sends test deliveries in the webhook format too', async () => {
      await operator.webhooks.test(slackHook.id);
      await vi.waitFor(() => expect(byEvent(slack, 'webhook.test')).toHaveLength(1), WAIT);
      expect(slackOf(byEvent(slack, 'webhook.test')[0]!).text).toBe(`:wave: Test delivery from AxonFlow to webhook ${slackHook.id}`);
    });
  });
}
