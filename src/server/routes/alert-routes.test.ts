/**
 * Built-in alerts end to end: the demo's scenarios (scale 0.02) through the SDK against a live app
 * with the example policies, on both stores. Each of the five kinds fires, is listed at
 * /api/v1/alerts and delivered to a webhook as alert.firing; moving the clock past the windows
 * (and raising the backlog threshold) resolves them, with history. Then two replicas on one
 * PostgreSQL database evaluating together record each transition once.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgNotifyBus } from '../../bus/pg-notify-bus.js';
import type { Scope } from '../../core/identity/scope.js';
import { failingRun, FAILURE_CLASSES, healthyRun } from '../../demo/demo-runner.js';
import { seeded } from '../../demo/simulated-services.js';
import { createPostgresStore } from '../../store/postgres/postgres-store.js';
import { FixedClock } from '../../test-support/fixed-clock.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { newSchemaName, testPgUrl } from '../../test-support/postgres.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver.js';
import { loadPolicyFiles } from '../policies/load-policy-files.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/policies', import.meta.url));
const SCALE = 0.02;
const TENANT = 'alerting';
const SCOPE: Scope = { orgId: 'default', tenantId: TENANT };
const KINDS = ['failure_rate', 'pending_approvals', 'connector_errors', 'retry_loops', 'cost_growth'];
/** Thresholds low enough for one round of the demo's failures to cross every one. */
const SENSITIVE = {
  failure_rate: { threshold_pct: 10, min_runs: 2, window_minutes: 10 },
  pending_approvals: { max_pending: 0 },
  connector_errors: { min_errors: 1, window_minutes: 10 },
  retry_loops: { min_retries: 1, window_minutes: 10 },
  cost_growth: { factor: 2, window_minutes: 10, min_cost_usd: 0 },
};

async function bearer(live: LiveApp, role: 'admin' | 'operator' | 'viewer', tenantId = TENANT): Promise<Record<string, string>> {
  const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId }, role });
  return { authorization: `Bearer ${issued.clientSecret}`, 'content-type': 'application/json' };
}

async function call(live: LiveApp, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${live.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function demoTraffic(live: LiveApp): Promise<void> {
  const client = await live.client('operator', TENANT);
  await Promise.all(FAILURE_CLASSES.map((failure, i) => failingRun(client, { random: seeded(i + 1), scale: SCALE }, failure)));
  for (let seed = 1; seed <= 3; seed++) await healthyRun(client, { random: seeded(seed * 7), scale: SCALE });
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const harness of storeHarnesses()) {
  describe(`built-in alerts after demo traffic [${harness.kind}]`, () => {
    let live: LiveApp;
    let receiver: WebhookReceiver;
    let admin: Record<string, string>;
    // Ahead of real time, so the traffic (stamped by the client or this clock) is inside every window.
    const clock = new FixedClock(new Date(Date.now() + 60_000).toISOString());

    beforeAll(async () => {
      receiver = await startWebhookReceiver();
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES), clock, webhooks: { tickMs: 50 } });
      admin = await bearer(live, 'admin');
    });
    afterAll(async () => {
      await live.close();
      await receiver.close();
      await harness.cleanup();
    });

    it('serves the default rules, lets an admin override them, and refuses others and bad values', async () => {
      const read = await call(live, admin, 'GET', '/api/v1/alerts/rules');
      expect(read.status).toBe(200);
      expect(read.json.rules).toEqual(read.json.defaults);
      expect(read.json.rules.failure_rate).toEqual({ enabled: true, threshold_pct: 25, window_minutes: 10, min_runs: 5 });
      const operator = await bearer(live, 'operator');
      expect((await call(live, operator, 'PUT', '/api/v1/alerts/rules', { retry_loops: { min_retries: 2 } })).status).toBe(403);
      const bad = await call(live, admin, 'PUT', '/api/v1/alerts/rules', { failure_rate: { threshold_pct: 200 } });
      expect(bad.status).toBe(400);
      const put = await call(live, admin, 'PUT', '/api/v1/alerts/rules', SENSITIVE);
      expect(put.status, JSON.stringify(put.json)).toBe(200);
      expect(put.json.rules.failure_rate).toEqual({ enabled: true, threshold_pct: 10, window_minutes: 10, min_runs: 2 });
      expect(put.json.rules.pending_approvals).toEqual({ enabled: true, max_pending: 0, max_oldest_minutes: 240 });
      expect(put.json.defaults.failure_rate.threshold_pct).toBe(25);
      expect((await call(live, operator, 'GET', '/api/v1/alerts/rules')).json.rules.connector_errors).toEqual({ enabled: true, min_errors: 1, window_minutes: 10 });
      const audit = await live.store.listAudit(SCOPE, { targetType: 'alert_rules', targetId: TENANT, limit: 10 });
      expect(audit.map((a) => a.action)).toEqual(['alert_rules.update']);
    });

    it('fires each kind once after demo traffic, lists it, and delivers alert.firing to a webhook', async () => {
      const hook = await call(live, admin, 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['alert.firing'] });
      expect(hook.status).toBe(201);
      await demoTraffic(live);

      const first = await live.app.alertEvaluator.evaluate();
      expect(new Set(first.fired.map((a) => a.kind))).toEqual(new Set(KINDS));
      // Nothing changed: a second evaluation records no transition.
      expect(await live.app.alertEvaluator.evaluate()).toEqual({ fired: [], resolved: [] });

      const viewer = await bearer(live, 'viewer');
      const list = await call(live, viewer, 'GET', '/api/v1/alerts');
      expect(list.status).toBe(200);
      expect(list.json.firing).toBe(first.fired.length);
      expect(list.json.alerts.every((a: { state: string }) => a.state === 'firing')).toBe(true);
      const byKind = (kind: string) => list.json.alerts.filter((a: { kind: string }) => a.kind === kind);
      expect(byKind('connector_errors').map((a: { subject: string }) => a.subject).length).toBeGreaterThan(0);
      expect(byKind('pending_approvals')).toEqual([expect.objectContaining({ subject: 'backlog', value: 1, threshold: 0 })]);
      expect(byKind('cost_growth')).toEqual([expect.objectContaining({ subject: 'tenant' })]);
      const one = await call(live, viewer, 'GET', `/api/v1/alerts/${first.fired[0]!.alertId}`);
      expect(one.json).toMatchObject({ id: first.fired[0]!.alertId, state: 'firing', fired_at: clock.now() });
      expect((await call(live, viewer, 'GET', '/api/v1/alerts/alt_nope')).json.code).toBe('ALERT_NOT_FOUND');
      expect((await call(live, viewer, 'GET', '/api/v1/alerts?kind=retry_loops')).json.alerts.every((a: { kind: string }) => a.kind === 'retry_loops')).toBe(true);
      // Another tenant sees none of them.
      const other = await bearer(live, 'viewer', 'someone-else');
      expect((await call(live, other, 'GET', '/api/v1/alerts')).json).toEqual({ alerts: [], firing: 0 });

      await until(() => receiver.received.length >= first.fired.length);
      const bodies = receiver.received.map((r) => JSON.parse(r.body));
      expect(bodies.every((b) => b.event === 'alert.firing')).toBe(true);
      expect(new Set(bodies.map((b) => b.data.alert_id))).toEqual(new Set(first.fired.map((a) => a.alertId)));
      expect(receiver.received[0]!.headers['x-axonflow-signature']).toMatch(/^sha256=/);
      expect(bodies[0].data).toMatchObject({ org_id: 'default', tenant_id: TENANT, state: 'firing' });
    });

    it('resolves them when the windows move past the traffic and the backlog threshold is raised, keeping the history', async () => {
      clock.advance(11 * 60_000);
      const moved = await live.app.alertEvaluator.evaluate();
      // Windowed kinds resolve; the pending approval is still there (0 allowed).
      expect(new Set(moved.resolved.map((a) => a.kind))).toEqual(new Set(['failure_rate', 'connector_errors', 'retry_loops', 'cost_growth']));
      expect(moved.fired).toEqual([]);
      expect((await call(live, admin, 'PUT', '/api/v1/alerts/rules', { pending_approvals: { max_pending: 5 } })).status).toBe(200);
      const raised = await live.app.alertEvaluator.evaluate();
      expect(raised.resolved.map((a) => `${a.kind}/${a.subject}`)).toEqual(['pending_approvals/backlog']);
      expect(raised.resolved[0]).toMatchObject({ resolvedAt: clock.now(), resolvedValue: 1 });

      const list = await call(live, admin, 'GET', '/api/v1/alerts');
      expect(list.json.firing).toBe(0);
      expect(new Set(list.json.alerts.map((a: { kind: string }) => a.kind))).toEqual(new Set(KINDS));
      expect(list.json.alerts.every((a: { state: string; resolved_at?: string }) => a.state === 'resolved' && a.resolved_at)).toBe(true);
      expect((await call(live, admin, 'GET', '/api/v1/alerts?state=firing')).json.alerts).toEqual([]);
      // The webhook asked for alert.firing only: no resolved deliveries were made.
      await new Promise((r) => setTimeout(r, 200));
      expect(receiver.received.every((r) => JSON.parse(r.body).event === 'alert.firing')).toBe(true);
    });
  });
}

const postgres = storeHarnesses().find((h) => h.kind === 'postgres');
describe.skipIf(!postgres)('built-in alerts with two replicas on one PostgreSQL database', () => {
  afterAll(() => postgres?.cleanup());

  it('records each transition once, with one webhook delivery each, when both evaluate together', async () => {
    const harness = postgres!;
    const schema = newSchemaName();
    const location = { open: (o?: { clock?: FixedClock }) => createPostgresStore({ connectionString: testPgUrl(), schema, poolSize: 5, clock: o?.clock }) };
    const clock = new FixedClock(new Date(Date.now() + 60_000).toISOString());
    // Deliveries are checked in the store, not sent: neither replica dispatches.
    const common = { location, clock, filePolicies: loadPolicyFiles(EXAMPLES), webhooks: { dispatch: false } } as const;
    const a = await startLiveApp(harness, { ...common, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
    const b = await startLiveApp(harness, { ...common, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
    try {
      const admin = await bearer(a, 'admin');
      expect((await call(a, admin, 'PUT', '/api/v1/alerts/rules', SENSITIVE)).status).toBe(200);
      const hook = await call(b, admin, 'POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hooks/alerts', events: ['alert.firing', 'alert.resolved'] });
      await demoTraffic(a);

      for (let round = 0; round < 3; round++) {
        const [ra, rb] = await Promise.all([a.app.alertEvaluator.evaluate(), b.app.alertEvaluator.evaluate()]);
        if (round > 0) expect([...ra.fired, ...rb.fired]).toEqual([]);
        else expect(new Set([...ra.fired, ...rb.fired].map((x) => x.kind))).toEqual(new Set(KINDS));
      }
      const firing = await a.store.listAlerts(SCOPE, { state: 'firing', limit: 100 });
      const keys = firing.map((x) => `${x.kind}/${x.subject}`);
      expect(new Set(keys).size).toBe(keys.length);

      clock.advance(11 * 60_000);
      expect((await call(a, admin, 'PUT', '/api/v1/alerts/rules', { pending_approvals: { enabled: false } })).status).toBe(200);
      const [ra, rb] = await Promise.all([a.app.alertEvaluator.evaluate(), b.app.alertEvaluator.evaluate()]);
      const resolved = [...ra.resolved, ...rb.resolved].map((x) => x.alertId).sort();
      expect(resolved).toEqual(firing.map((x) => x.alertId).sort());
      expect(await a.store.listAlerts(SCOPE, { state: 'firing', limit: 100 })).toEqual([]);

      const deliveries = await a.store.listWebhookDeliveries(SCOPE, hook.json.id, { limit: 500 });
      const count = (event: string) => deliveries.filter((d) => d.event === event).length;
      expect(count('alert.firing')).toBe(firing.length);
      expect(count('alert.resolved')).toBe(firing.length);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
