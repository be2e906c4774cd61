/** `axonctl policies`, `usage` and `budgets` against a live server on each store (SQLite, PostgreSQL). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFiles } from '../server/policies/load-policy-files.js';
import { failingRun } from '../demo/demo-runner.js';
import { seeded } from '../demo/simulated-services.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { reportLlmCall } from '../test-support/report-llm-call.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const FILE = `policies:
  - id: cli-refunds
    name: Refunds need review
    when: tool != null && tool.name == "payments.refund"
    action: require_approval
    reason: refund
  - id: cli-drops
    name: No DROP
    when: tool != null && tool.input_text.contains("DROP")
    action: block
    reason: drop
`;

for (const harness of storeHarnesses()) {
  describe(`axonctl policies, usage, budgets [${harness.kind}]`, () => {
    let live: LiveApp;
    let env: Record<string, string>;
    let dir: string;
    const axonctl = (...args: string[]) => runAxonctl(args, env);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'axonctl-pol-'));
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(fileURLToPath(new URL('../../examples/policies', import.meta.url))) });
      const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'admin' });
      env = { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
      writeFileSync(join(dir, 'policies.yaml'), FILE);
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    describe('policies', () => {
      it('applies a YAML file: created, then unchanged, then updated with versions; get, versions, list, delete', async () => {
        const file = join(dir, 'policies.yaml');
        const first = await axonctl('policies', 'apply', '-f', file);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout.trim().split('\n')).toEqual(['policy/cli-refunds created (version 1)', 'policy/cli-drops created (version 1)']);
        expect((await axonctl('policies', 'apply', '-f', file)).stdout).toContain('policy/cli-refunds unchanged (version 1)');
        writeFileSync(join(dir, 'one.json'), JSON.stringify({ id: 'cli-refunds', name: 'Refunds need review', when: 'tool != null', action: 'require_approval', reason: 'changed' }));
        const updated = await axonctl('policies', 'apply', '-f', join(dir, 'one.json'), '--format', 'json');
        expect(JSON.parse(updated.stdout)).toEqual({ results: [{ id: 'cli-refunds', result: 'updated', version: 2, previous_version: 1 }] });

        expect((await axonctl('policies', 'get', 'cli-refunds', '--version', '1')).stdout).toMatch(/reason: +refund$/m);
        expect(JSON.parse((await axonctl('policies', 'get', 'cli-refunds', '--format', 'json')).stdout)).toMatchObject({ version: 2, policy: { reason: 'changed' } });
        expect((await axonctl('policies', 'versions', 'cli-refunds')).stdout).toMatch(/^2\s+updated/m);
        const list = await axonctl('policies', 'list');
        expect(list.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual(['ID', 'NAME', 'ACTION', 'SEVERITY', 'ENABLED', 'VERSION', 'SOURCE']);
        expect(list.stdout).toMatch(/cli-drops\s+No DROP\s+block/);
        expect((await axonctl('policies', 'delete', 'cli-drops', '--expected-version', '7')).code).toBe(5);
        expect((await axonctl('policies', 'delete', 'cli-drops')).stdout).toContain('policy/cli-drops deleted (version 2)');
        expect((await axonctl('policies', 'get', 'cli-drops')).code).toBe(3);
      });

      it('refuses a file it cannot read or use (exit 2)', async () => {
        const missing = await axonctl('policies', 'apply', '-f', join(dir, 'missing.yaml'));
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain('cannot be read');
        writeFileSync(join(dir, 'bad.yaml'), 'policies:\n  - id: bad\n    name: x\n    when: "true"\n    action: explode\n    reason: r\n');
        const bad = await axonctl('policies', 'apply', '-f', join(dir, 'bad.yaml'));
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain('action');
      });

      it('simulates drafts from a YAML file over recorded steps: transitions and per-policy counts with examples', async () => {
        // A data-ops run blocked by the example policy; the draft (same id, overlaid) only warns.
        await failingRun(await live.client('operator'), { random: seeded(1), scale: 0.02 }, 'policy_block');
        writeFileSync(join(dir, 'draft.yaml'), 'id: block-destructive-sql\nname: Warn on SQL\nwhen: tool != null && tool.name == "db.query"\naction: warn\nreason: too big\n');
        const sim = await axonctl('policies', 'simulate', '-f', join(dir, 'draft.yaml'), '--since', '1h');
        expect(sim.code, sim.stderr).toBe(0);
        expect(sim.stdout).toMatch(/Simulation \(overlay\)/);
        expect(sim.stdout).toMatch(/^ {2}block -> (allow|require_approval): 1 steps$/m);
        expect(sim.stdout).toMatch(/block-destructive-sql \[warn\] matched [1-9]\d*, changed 1/);
        expect(sim.stdout).toMatch(/e\.g\. wf_\w+ data-ops-agent \/ run query: block -> /);
        const json = JSON.parse((await axonctl('policies', 'simulate', '-f', join(dir, 'draft.yaml'), '--workflow', 'nothing', '--format', 'json')).stdout);
        expect(json).toMatchObject({ mode: 'overlay', steps_evaluated: 0 });
      });
    });

    describe('usage and budgets', () => {
      // A tenant of its own, so the runs of the policy tests do not count.
      let usageEnv: Record<string, string>;
      const axonctl = (...args: string[]) => runAxonctl(args, usageEnv);
      beforeAll(async () => {
        const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'usage' }, role: 'admin' });
        usageEnv = { ...env, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
        const admin = await live.client('admin', 'usage');
        await reportLlmCall(admin, 'cli-u1', 'support', 'openai', 'gpt-4o', 0.75, [1000, 500]);
        await reportLlmCall(admin, 'cli-u2', 'refund', 'anthropic', 'claude-sonnet-4', 0.25, [200, 100]);
        await admin.budgets.create({ id: 'support-monthly', name: 'Support', scope: 'workflow', scope_id: 'support', limit_usd: 1, period: 'monthly' });
      });

      it('usage totals and groups, in table, json and yaml', async () => {
        const totals = await axonctl('usage');
        expect(totals.code, totals.stderr).toBe(0);
        expect(totals.stdout).toMatch(/Cost +\$1\.0000/);
        expect(totals.stdout).toMatch(/Tokens +1800 \(in 1200, out 600\)/);
        const grouped = await axonctl('usage', '--period', 'daily', '--group-by', 'workflow');
        expect(grouped.stdout).toMatch(/^support\s+\$0\.7500\s+75\.0%\s+1000\s+500\s+1$/m);
        expect(grouped.stdout).toMatch(/^TOTAL\s+\$1\.0000/m);
        expect(JSON.parse((await axonctl('usage', '--group-by', 'provider', '--format', 'json')).stdout).items.map((i: { group_value: string }) => i.group_value)).toEqual(['openai', 'anthropic']);
        expect((await axonctl('usage', '--format', 'yaml')).stdout).toMatch(/^cost_usd: 1$/m);
        expect((await axonctl('usage', '--group-by', 'team')).code).toBe(2);
      });

      it('budgets list, get and status', async () => {
        expect((await axonctl('budgets', 'list')).stdout).toMatch(/support-monthly\s+Support\s+workflow:support\s+\$1\.0000\s+monthly\s+warn\s+true/);
        expect((await axonctl('budgets', 'get', 'support-monthly')).stdout).toMatch(/limit: +\$1\.0000 monthly/);
        const status = await axonctl('budgets', 'status', 'support-monthly');
        expect(status.stdout).toMatch(/75\.0%/);
        expect(status.stdout).toContain('used $0.7500 of $1.0000, remaining $0.2500');
        expect(JSON.parse((await axonctl('budgets', 'status', 'support-monthly', '--format', 'json')).stdout)).toMatchObject({ used_usd: 0.75, is_exceeded: false });
        expect((await axonctl('budgets', 'status', 'nope')).code).toBe(3);
      });
    });
  });
}
