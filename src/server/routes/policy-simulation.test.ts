/**
 * Simulation over recorded demo traffic: the demo's scenarios run against a live server with the
 * shipped example policies, then draft policies are simulated over what was recorded.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../core/executions/index.js';
import { failingRun, healthyRun } from '../../demo/demo-runner.js';
import { seeded } from '../../demo/simulated-services.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { loadPolicyFiles } from '../policies/load-policy-files.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/policies', import.meta.url));
const TENANT = 'simulated';
const SCOPE = { orgId: 'default', tenantId: TENANT };

for (const harness of storeHarnesses()) {
  describe(`policy simulation over demo traffic [${harness.kind}]`, () => {
    let live: LiveApp;
    let headers: Record<string, string>;
    let gated: Step[];

    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
      const client = await live.client('operator', TENANT);
      const sim = (seed: number) => ({ random: seeded(seed), scale: 0.02 });
      await failingRun(client, sim(1), 'policy_block');
      await failingRun(client, sim(2), 'approval_pending');
      for (let i = 0; i < 6; i++) await healthyRun(client, sim(10 + i));
      const admin = await live.app.credentials.create({ scope: SCOPE, role: 'admin' });
      headers = { authorization: `Basic ${Buffer.from(`${admin.credential.clientId}:${admin.clientSecret}`).toString('base64')}` };
      const runs = await live.store.listExecutions(SCOPE, { limit: 100 });
      gated = (await Promise.all(runs.executions.map((run) => live.store.listSteps(SCOPE, run.executionId)))).flat().filter((step) => step.gateCount > 0);
    }, 60_000);
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    async function simulate(body: unknown) {
      const res = await live.app.server.inject({ method: 'POST', url: '/api/v1/policies/simulate', headers, payload: body as Record<string, unknown> });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    }

    it('finds the demo blocked a step and that relaxing the shipped policy to warn would allow it', async () => {
      const blocked = gated.filter((step) => step.decision === 'block');
      expect(blocked.length).toBeGreaterThan(0);
      const eventsBefore = (await live.store.readEvents(SCOPE, { limit: 100_000 })).length;
      const report = await simulate({
        policies: [
          {
            id: 'block-destructive-sql',
            name: 'Destructive SQL only warns',
            severity: 'critical',
            when: 'tool != null && tool.name == "db.query" && (tool.input_text.contains("DROP TABLE") || tool.input_text.contains("TRUNCATE"))',
            action: 'warn',
            reason: 'Destructive SQL from {step.name}',
          },
        ],
      });
      expect(report.steps_evaluated).toBe(gated.length);
      expect(report.transitions).toEqual([{ from: 'block', to: 'allow', steps: blocked.length }]);
      expect(report.steps_changed).toBe(blocked.length);
      const [policy] = report.policies;
      expect(policy).toMatchObject({ policy_id: 'block-destructive-sql', action: 'warn', matched_steps: blocked.length, changed_steps: blocked.length, errors: 0 });
      expect(policy.examples[0]).toMatchObject({ recorded_decision: 'block', simulated_decision: 'allow', step_id: blocked[0]!.stepId });
      expect((await live.store.readEvents(SCOPE, { limit: 100_000 })).length).toBe(eventsBefore);
    });

    it('counts the steps a new policy would block, and only those, over the recorded window', async () => {
      const byModel = gated.filter((step) => step.model !== undefined && step.model.startsWith('claude') && step.decision === 'allow');
      expect(byModel.length).toBeGreaterThan(0);
      const report = await simulate({
        policies: [{ id: 'no-claude', name: 'No Anthropic models', when: 'model != null && model.startsWith("claude")', action: 'block', reason: 'model {model} is not allowed' }],
        examples_per_policy: 2,
      });
      expect(report.policies[0]).toMatchObject({ matched_steps: gated.filter((s) => s.model?.startsWith('claude')).length, changed_steps: byModel.length });
      expect(report.policies[0].examples).toHaveLength(Math.min(2, byModel.length));
      expect(report.policies[0].examples[0].reason).toMatch(/^model claude/);
      expect(report.transitions).toEqual(expect.arrayContaining([{ from: 'allow', to: 'block', steps: byModel.length }]));

      const replaced = await simulate({ policies: [{ id: 'nothing', name: 'Nothing', when: 'false', action: 'block', reason: 'never' }], mode: 'replace' });
      const heldOrBlocked = gated.filter((s) => s.decision !== 'allow').length;
      expect(replaced.steps_changed).toBe(heldOrBlocked);
      expect(replaced.policies[0]).toMatchObject({ matched_steps: 0, changed_steps: 0 });

      const empty = await simulate({ policies: [{ id: 'x', name: 'x', when: 'true', action: 'block', reason: 'r' }], end_time: '2001-01-01T00:00:00Z' });
      expect([empty.steps_evaluated, empty.executions_scanned]).toEqual([0, 0]);
      const capped = await simulate({ policies: [{ id: 'x', name: 'x', when: 'true', action: 'block', reason: 'r' }], max_steps: 3 });
      expect([capped.steps_evaluated, capped.truncated]).toEqual([3, true]);
    });

    it('refuses a bad draft with its position, an inverted window, and callers below operator', async () => {
      const bad = await live.app.server.inject({ method: 'POST', url: '/api/v1/policies/simulate', headers, payload: { policies: [{ id: 'bad', name: 'b', when: 'model ==', action: 'block', reason: 'r' }] } });
      expect([bad.statusCode, bad.json().code, bad.json().details.field]).toEqual([400, 'POLICY_INVALID', 'when']);
      const inverted = await live.app.server.inject({
        method: 'POST',
        url: '/api/v1/policies/simulate',
        headers,
        payload: { policies: [{ id: 'x', name: 'x', when: 'true', action: 'block', reason: 'r' }], start_time: '2030-01-01T00:00:00Z', end_time: '2020-01-01T00:00:00Z' },
      });
      expect([inverted.statusCode, inverted.json().code]).toEqual([400, 'VALIDATION_FAILED']);
      const viewer = await live.app.credentials.create({ scope: SCOPE, role: 'viewer' });
      const refused = await live.app.server.inject({
        method: 'POST',
        url: '/api/v1/policies/simulate',
        headers: { authorization: `Basic ${Buffer.from(`${viewer.credential.clientId}:${viewer.clientSecret}`).toString('base64')}` },
        payload: { policies: [{ id: 'x', name: 'x', when: 'true', action: 'block', reason: 'r' }] },
      });
      expect(refused.statusCode).toBe(403);
    });
  });
}
