/**
 * The demo's scenarios against a live server with the shipped example policies, on both stores:
 * healthy runs complete, and each failure scenario ends in its playbook failure class.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Execution } from '../core/executions/index.js';
import { loadPolicyFiles } from '../server/policies/load-policy-files.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { failingRun, FAILURE_CLASSES, healthyRun, runDemo } from './demo-runner.js';
import { seeded } from './simulated-services.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));

for (const harness of storeHarnesses()) {
  describe(`demo traffic [${harness.kind}]`, () => {
    let live: LiveApp;

    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    async function runsOf(tenant: string): Promise<Execution[]> {
      return (await live.store.listExecutions({ orgId: 'default', tenantId: tenant }, { limit: 100, offset: 0 })).executions as Execution[];
    }

    it('ends each failure scenario in its playbook class', async () => {
      const byClass = new Map<string, Execution>();
      await Promise.all(
        FAILURE_CLASSES.map(async (failure, i) => {
          const tenant = `demo-${failure}`;
          const client = await live.client('operator', tenant);
          await failingRun(client, { random: seeded(i + 1), scale: 0.05 }, failure);
          const [run] = await runsOf(tenant);
          byClass.set(failure, run!);
        }),
      );
      expect(byClass.get('policy_block')).toMatchObject({ name: 'data-ops-agent', status: 'aborted', failureClass: 'policy_block', failureReason: 'Destructive SQL is not allowed from agents (step run query)' });
      expect(byClass.get('approval_pending')).toMatchObject({ name: 'refund-agent', status: 'running', attention: 'approval_pending', failureClass: 'approval_pending', pendingApprovals: 1 });
      expect(byClass.get('provider_failure')).toMatchObject({ name: 'support-triage', status: 'failed', failureClass: 'provider_failure', retryCount: 3, providerErrors: 4 });
      expect(byClass.get('connector_failure')).toMatchObject({ name: 'support-triage', status: 'failed', failureClass: 'connector_failure', retryCount: 2, connectorErrors: 3 });
      expect(byClass.get('workflow_logic_bug')).toMatchObject({ name: 'research-agent', status: 'failed', failureClass: 'workflow_logic_bug' });
      expect(byClass.get('workflow_logic_bug')!.failureReason).toContain("Cannot read properties of undefined (reading 'map')");
      // Each run is found by its class through the API, as an operator would look for it.
      for (const failure of FAILURE_CLASSES) {
        const client = await live.client('operator', `demo-${failure}`);
        const found = await client.executions.list({ failure_class: failure });
        expect(found.executions.map((e) => [e.request_id, e.failure_class]), failure).toEqual([[byClass.get(failure)!.executionId, failure]]);
      }
    });

    it('completes healthy runs with realistic tokens and costs, and a multi-agent tree', async () => {
      const client = await live.client('operator', 'demo-healthy');
      for (let seed = 1; seed <= 6; seed++) await healthyRun(client, { random: seeded(seed * 7), scale: 0.05 });
      const runs = await runsOf('demo-healthy');
      expect(runs).toHaveLength(6);
      for (const run of runs) {
        expect(run.status).toBe('completed');
        expect(run.failureClass).toBeUndefined();
        expect(run.tokensIn).toBeGreaterThan(300);
        expect(run.costUsd).toBeGreaterThan(0);
        expect(run.costUsd).toBeLessThan(0.2);
      }
      const triage = runs.find((r) => r.name === 'support-triage');
      expect(triage, 'the seeds include a support-triage run').toBeDefined();
      const steps = await live.store.listSteps({ orgId: 'default', tenantId: 'demo-healthy' }, triage!.executionId);
      expect(steps.map((s) => s.agentId)).toEqual(['triage-agent', 'knowledge-agent', 'writer-agent', 'reviewer-agent']);
      expect(steps[1]!.parentStepId).toBe('triage-ticket-1');
    });

    it('runs the generator: healthy runs and the failure classes in turn, and stops cleanly on abort', async () => {
      const client = await live.client('operator', 'demo-loop');
      const stop = new AbortController();
      const loop = runDemo({ client, signal: stop.signal, sim: { random: seeded(99), scale: 0.05 }, healthyEveryMs: [50, 100], firstRoundEveryMs: 100, failureEveryMs: 60_000 });
      const deadline = Date.now() + 25_000;
      let runs: Execution[] = [];
      while (Date.now() < deadline) {
        runs = await runsOf('demo-loop');
        const completed = runs.filter((r) => r.status === 'completed').length;
        const classes = new Set(runs.map((r) => r.failureClass).filter(Boolean));
        if (completed > 3 && classes.size >= 3) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      stop.abort();
      await loop;
      expect(runs.filter((r) => r.status === 'completed').length).toBeGreaterThan(3);
      expect(new Set(runs.map((r) => r.failureClass).filter(Boolean)).size).toBeGreaterThanOrEqual(3);
      const started = (await runsOf('demo-loop')).length;
      await new Promise((r) => setTimeout(r, 500));
      expect((await runsOf('demo-loop')).length).toBe(started);
    });
  });
}
