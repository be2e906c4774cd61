/**
 * /metrics after known traffic: the demo's scenarios (scale 0.02) through the SDK against a live
 * app with the example policies, a scrape parsed (not searched), and every counter checked
 * against the store's own projections. Then label capping, and two replicas on one PostgreSQL
 * database: each counts its own writes, the sum is the traffic, the store gauges agree (max()).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgNotifyBus } from '../../bus/pg-notify-bus.js';
import type { Execution, Step } from '../../core/executions/index.js';
import type { Scope } from '../../core/identity/scope.js';
import { failingRun, FAILURE_CLASSES, healthyRun } from '../../demo/demo-runner.js';
import { seeded } from '../../demo/simulated-services.js';
import { createPostgresStore } from '../../store/postgres/postgres-store.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { newSchemaName, testPgUrl } from '../../test-support/postgres.js';
import { parseExposition, samplesOf, sumOf, type Exposition } from '../../test-support/prometheus-text.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { loadPolicyFiles } from '../policies/load-policy-files.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/policies', import.meta.url));
const SCALE = 0.02;

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Exposition> {
  const response = await fetch(`${url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await response.text());
}

/** Every run, step of the given tenants, straight from the store. */
async function storeView(live: LiveApp, tenants: readonly string[]): Promise<{ runs: Execution[]; steps: Step[] }> {
  const runs: Execution[] = [];
  const steps: Step[] = [];
  for (const tenantId of tenants) {
    const scope: Scope = { orgId: 'default', tenantId };
    const page = await live.store.listExecutions(scope, { limit: 500, offset: 0 });
    for (const run of page.executions) {
      runs.push(run);
      steps.push(...(await live.store.listSteps(scope, run.executionId)));
    }
  }
  return { runs, steps };
}

function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** A counter's samples as {label tuple: value}, zero series left out. */
function seriesOf(exposition: Exposition, name: string, labels: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samplesOf(exposition, name)) {
    if (s.value === 0) continue;
    const key = labels.map((l) => s.labels[l]).join('|');
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'aborted', 'expired']);

for (const harness of storeHarnesses()) {
  describe(`/metrics after demo traffic [${harness.kind}]`, () => {
    let live: LiveApp;
    const tenants = [...FAILURE_CLASSES.map((f) => `m-${f}`), 'm-healthy'];

    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES), metrics: { storeCacheMs: 0 } });
      await Promise.all(FAILURE_CLASSES.map(async (failure, i) => failingRun(await live.client('operator', `m-${failure}`), { random: seeded(i + 1), scale: SCALE }, failure)));
      const healthy = await live.client('operator', 'm-healthy');
      for (let seed = 1; seed <= 6; seed++) await healthyRun(healthy, { random: seeded(seed * 7), scale: SCALE });
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('counts runs, steps, gates, calls, retries, tokens and cost exactly as the store folded them', async () => {
      const metrics = await scrape(live.url);
      const { runs, steps } = await storeView(live, tenants);
      expect(runs).toHaveLength(11);

      // Runs started and finished, by type/workflow and status/failure class.
      expect(seriesOf(metrics, 'axonflow_runs_started_total', ['type', 'workflow'])).toEqual(countBy(runs, (r) => `${r.executionType}|${r.name}`));
      const finished = runs.filter((r) => TERMINAL.has(r.status));
      expect(seriesOf(metrics, 'axonflow_runs_finished_total', ['type', 'status', 'workflow', 'failure_class'])).toEqual(
        countBy(finished, (r) => `${r.executionType}|${r.status}|${r.name}|${r.failureClass ?? 'none'}`),
      );
      // The known traffic: 6 healthy runs complete; 3 fail, 1 is aborted by a block, 1 still waits for a reviewer.
      expect(seriesOf(metrics, 'axonflow_runs_finished_total', ['status'])).toEqual({ completed: 6, failed: 3, aborted: 1 });
      expect(seriesOf(metrics, 'axonflow_runs_finished_total', ['failure_class'])).toEqual({ none: 6, provider_failure: 1, connector_failure: 1, workflow_logic_bug: 1, policy_block: 1 });
      expect(sumOf(metrics, 'axonflow_run_duration_seconds_count')).toBe(10);
      expect(sumOf(metrics, 'axonflow_run_duration_seconds_sum')).toBeCloseTo(finished.reduce((s, r) => s + (r.durationMs ?? 0), 0) / 1000, 6);

      // Gate decisions: one per gated step; the block and the approval name their policy.
      const gated = steps.filter((s) => s.decision !== undefined);
      expect(seriesOf(metrics, 'axonflow_gate_decisions_total', ['decision'])).toEqual(countBy(gated, (s) => s.decision));
      expect(sumOf(metrics, 'axonflow_gate_decisions_total', { decision: 'block', policy: 'block-destructive-sql' })).toBe(1);
      expect(sumOf(metrics, 'axonflow_gate_decisions_total', { decision: 'require_approval', policy: 'large-refund-needs-approval' })).toBe(1);
      expect(sumOf(metrics, 'axonflow_gate_decisions_total', { decision: 'allow', policy: 'none' })).toBe(gated.length - 2);
      expect(seriesOf(metrics, 'axonflow_policy_matches_total', ['policy', 'action'])).toEqual(
        countBy(gated.flatMap((s) => s.policiesMatched), (m) => `${m.policyId}|${m.action}`),
      );
      // Steps that ended, by type and outcome.
      expect(seriesOf(metrics, 'axonflow_steps_total', ['step_type', 'outcome'])).toEqual(
        countBy(
          steps.filter((s) => ['completed', 'failed', 'skipped', 'blocked'].includes(s.status)),
          (s) => `${s.stepType}|${s.status}`,
        ),
      );

      // Provider and connector calls, errors and retries.
      const sum = (pick: (r: Execution) => number) => runs.reduce((s, r) => s + pick(r), 0);
      expect(sumOf(metrics, 'axonflow_provider_calls_total')).toBe(sum((r) => r.providerCalls));
      expect(sumOf(metrics, 'axonflow_provider_calls_total', { outcome: 'error' })).toBe(sum((r) => r.providerErrors));
      expect(sumOf(metrics, 'axonflow_provider_calls_total', { provider: 'openai', model: 'gpt-4o', outcome: 'error' })).toBe(4);
      expect(sumOf(metrics, 'axonflow_provider_call_duration_seconds_count')).toBe(sum((r) => r.providerCalls));
      expect(sumOf(metrics, 'axonflow_connector_calls_total')).toBe(sum((r) => r.connectorCalls));
      expect(seriesOf(metrics, 'axonflow_connector_errors_total', ['connector', 'error_type'])).toEqual({ 'zendesk-kb|timeout': 3 });
      expect(sumOf(metrics, 'axonflow_connector_call_duration_seconds_count', { connector: 'zendesk-kb' })).toBeGreaterThanOrEqual(3);
      expect(sumOf(metrics, 'axonflow_retries_total')).toBe(sum((r) => r.retryCount));
      expect(sumOf(metrics, 'axonflow_retries_total', { workflow: 'support-triage', source: 'provider' })).toBe(3);
      expect(sumOf(metrics, 'axonflow_retries_total', { workflow: 'support-triage', source: 'connector' })).toBe(2);

      // Tokens and cost: the store's totals, split by workflow.
      expect(sumOf(metrics, 'axonflow_tokens_total', { direction: 'in' })).toBe(sum((r) => r.tokensIn));
      expect(sumOf(metrics, 'axonflow_tokens_total', { direction: 'out' })).toBe(sum((r) => r.tokensOut));
      expect(sumOf(metrics, 'axonflow_tokens_total', { direction: 'cached' })).toBe(sum((r) => r.tokensCached));
      expect(sumOf(metrics, 'axonflow_cost_usd_total')).toBeCloseTo(sum((r) => r.costUsd), 9);
      for (const name of new Set(runs.map((r) => r.name))) {
        const mine = runs.filter((r) => r.name === name);
        expect(sumOf(metrics, 'axonflow_tokens_total', { direction: 'in', workflow: name }), name).toBe(mine.reduce((s, r) => s + r.tokensIn, 0));
        expect(sumOf(metrics, 'axonflow_cost_usd_total', { workflow: name }), name).toBeCloseTo(mine.reduce((s, r) => s + r.costUsd, 0), 9);
      }
      expect(sum((r) => r.costUsd)).toBeGreaterThan(0);

      // Approvals: one requested and still pending; the store gauges say so.
      expect(seriesOf(metrics, 'axonflow_approvals_requested_total', ['workflow'])).toEqual({ 'refund-agent': 1 });
      expect(seriesOf(metrics, 'axonflow_approvals_pending', ['workflow'])).toEqual({ 'refund-agent': 1 });
      expect(sumOf(metrics, 'axonflow_approvals_oldest_pending_age_seconds')).toBeGreaterThan(0);
      expect(sumOf(metrics, 'axonflow_approval_wait_seconds_count')).toBe(0);
      expect(sumOf(metrics, 'axonflow_stream_subscribers')).toBe(0);

      // Process metrics, on this app's registry.
      expect(samplesOf(metrics, 'process_cpu_user_seconds_total')).toHaveLength(1);
      expect(metrics.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    });

    it('drops the backlog and records the wait when the reviewer decides', async () => {
      const scope = { orgId: 'default', tenantId: 'm-approval_pending' };
      const [pending] = await live.app.approvals.pending(scope, 10);
      await live.app.approvals.decide(scope, pending!.approval.approvalId, 'approved', 'lead', 'fine');
      const metrics = await scrape(live.url);
      expect(seriesOf(metrics, 'axonflow_approvals_pending', ['workflow'])).toEqual({});
      expect(sumOf(metrics, 'axonflow_approvals_oldest_pending_age_seconds')).toBe(0);
      expect(seriesOf(metrics, 'axonflow_approval_wait_seconds_count', ['outcome'])).toEqual({ approved: 1 });
      expect(sumOf(metrics, 'axonflow_approval_wait_seconds_bucket', { outcome: 'approved', le: '+Inf' })).toBe(1);
    });
  });
}

describe('/metrics labels and access', () => {
  const [harness] = storeHarnesses();
  afterAll(() => harness!.cleanup());

  it('keeps the first N workflow names and reports the rest as "other"', async () => {
    const live = await startLiveApp(harness!, { decisions: {}, metrics: { labelCap: 2 } });
    try {
      const client = await live.client('operator');
      for (const name of ['alpha', 'beta', 'gamma', 'delta', 'alpha']) {
        const run = await client.workflows.start({ name, source: 'test' });
        await run.complete({ ok: true });
      }
      const metrics = await scrape(live.url);
      expect(seriesOf(metrics, 'axonflow_runs_started_total', ['workflow'])).toEqual({ alpha: 2, beta: 1, other: 2 });
      expect(seriesOf(metrics, 'axonflow_runs_finished_total', ['workflow', 'status'])).toEqual({ 'alpha|completed': 2, 'beta|completed': 1, 'other|completed': 2 });
    } finally {
      await live.close();
    }
  });

  it('asks for the metrics token when one is configured', async () => {
    const token = 'scrape-token-0123456789';
    const live = await startLiveApp(harness!, { metrics: { token } });
    try {
      const refused = await fetch(`${live.url}/metrics`);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { code?: string; error?: { code?: string } })).toMatchObject(expect.anything());
      expect((await fetch(`${live.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const metrics = await scrape(live.url, { authorization: `Bearer ${token}` });
      expect(metrics.types.get('axonflow_runs_started_total')).toBe('counter');
    } finally {
      await live.close();
    }
  });
});

const postgres = storeHarnesses().find((h) => h.kind === 'postgres');
describe.skipIf(!postgres)('/metrics with two replicas on one PostgreSQL database', () => {
  afterAll(() => postgres?.cleanup());

  it('counts each write once, on the replica that made it; the store gauges agree (max, not sum)', async () => {
    const harness = postgres!;
    const schema = newSchemaName();
    const location = { open: () => createPostgresStore({ connectionString: testPgUrl(), schema, poolSize: 5 }) };
    const common = { location, filePolicies: loadPolicyFiles(EXAMPLES), metrics: { storeCacheMs: 0 } } as const;
    const a = await startLiveApp(harness, { ...common, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
    const b = await startLiveApp(harness, { ...common, bus: await createPgNotifyBus({ connectionString: testPgUrl(), schema }) });
    try {
      const onA = await a.client('operator', 'rep');
      const onB = await b.client('operator', 'rep');
      for (let seed = 1; seed <= 3; seed++) await healthyRun(onA, { random: seeded(seed * 7), scale: SCALE });
      await failingRun(onB, { random: seeded(2), scale: SCALE }, 'provider_failure');
      await failingRun(onB, { random: seeded(3), scale: SCALE }, 'approval_pending');

      const [ma, mb] = await Promise.all([scrape(a.url), scrape(b.url)]);
      const { runs } = await storeView(a, ['rep']);
      expect(runs).toHaveLength(5);
      expect(sumOf(ma, 'axonflow_runs_started_total')).toBe(3);
      expect(sumOf(mb, 'axonflow_runs_started_total')).toBe(2);
      expect(seriesOf(ma, 'axonflow_runs_finished_total', ['status'])).toEqual({ completed: 3 });
      expect(seriesOf(mb, 'axonflow_runs_finished_total', ['status', 'failure_class'])).toEqual({ 'failed|provider_failure': 1 });
      const both = (name: string, match: Record<string, string> = {}) => sumOf(ma, name, match) + sumOf(mb, name, match);
      // Summed across replicas, the counters are the traffic the store holds.
      const total = (pick: (r: Execution) => number) => runs.reduce((s, r) => s + pick(r), 0);
      expect(both('axonflow_runs_started_total')).toBe(runs.length);
      expect(both('axonflow_provider_calls_total')).toBe(total((r) => r.providerCalls));
      expect(both('axonflow_retries_total')).toBe(total((r) => r.retryCount));
      expect(both('axonflow_tokens_total', { direction: 'in' })).toBe(total((r) => r.tokensIn));
      expect(both('axonflow_cost_usd_total')).toBeCloseTo(total((r) => r.costUsd), 9);
      expect(sumOf(ma, 'axonflow_gate_decisions_total') + sumOf(mb, 'axonflow_gate_decisions_total')).toBe(
        (await Promise.all(runs.map((r) => a.store.listSteps({ orgId: 'default', tenantId: 'rep' }, r.executionId)))).flat().filter((s) => s.decision).length,
      );
      // The backlog is read from the shared store: both replicas report it, so max() is right, sum() doubles it.
      expect(sumOf(ma, 'axonflow_approvals_pending')).toBe(1);
      expect(sumOf(mb, 'axonflow_approvals_pending')).toBe(1);
      expect(Math.max(sumOf(ma, 'axonflow_approvals_pending'), sumOf(mb, 'axonflow_approvals_pending'))).toBe(runs.filter((r) => r.pendingApprovals > 0).length);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
