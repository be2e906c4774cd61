/**
 * `axonctl executions diff` as users run it (the built command in a child process) against a live
 * server on each store: a completed support-triage run against one that failed on the provider.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failingRun } from '../demo/demo-runner.js';
import { supportTriage } from '../demo/scenarios/support-triage.js';
import { seeded } from '../demo/simulated-services.js';
import type { ExecutionDiff } from '../sdk/index.js';
import { loadPolicyFiles } from '../server/policies/load-policy-files.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));
const ANSI = /\u001b\[/;

for (const harness of storeHarnesses()) {
  describe(`axonctl executions diff [${harness.kind}]`, () => {
    let live: LiveApp;
    let env: Record<string, string>;
    let completed: string;
    let failed: string;
    const axonctl = (...args: string[]) => runAxonctl(args, env);

    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
      const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
      env = { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
      const client = await live.client('operator');
      await supportTriage(client, { random: seeded(3), scale: 0.02 });
      await failingRun(client, { random: seeded(4), scale: 0.02 }, 'provider_failure');
      const runs = (await client.executions.list({ workflow: 'support-triage' })).executions;
      completed = runs.find((r) => r.status_detail === 'completed')!.request_id;
      failed = runs.find((r) => r.status_detail === 'failed')!.request_id;
    }, 60_000);

    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('prints the totals, the first divergence, a row per aligned step and the changed paths', async () => {
      const result = await axonctl('executions', 'diff', completed, failed);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(ANSI);
      const lines = result.stdout.split('\n');
      expect(lines.slice(0, 3)).toEqual(['Diff support-triage', `  a: ${completed}`, `  b: ${failed}`]);
      expect(result.stdout).toMatch(/^\s+Status\s+completed\s+failed\s+changed$/m);
      expect(result.stdout).toMatch(/^\s+Failure class\s+-\s+provider_failure\s+changed$/m);
      expect(result.stdout).toMatch(/^\s+Steps\s+4\s+3\s+-1$/m);
      expect(result.stdout).toContain('First divergence at step 2 of a / 2 of b: step "draft reply": status completed → failed');
      const head = lines.find((l) => l.includes('STEP') && l.includes('MATCH'))!;
      expect(head.trim().split(/\s{2,}/)).toEqual(['A#', 'B#', 'STEP', 'TYPE', 'MATCH', 'STATUS', 'CHANGES', 'TOKENS Δ', 'COST Δ', 'LATENCY Δ']);
      expect(result.stdout).toMatch(/^\s+0\s+0\s+triage ticket\s+llm_call\s+changed\s+completed\s+input,\S*/m);
      expect(result.stdout).toMatch(/^>\s+2\s+2\s+draft reply\s+llm_call\s+changed\s+completed → failed\s+\S*status\S*/m);
      expect(result.stdout).toMatch(/^\s+3\s+-\s+review reply\s+llm_call\s+only in a\s+completed\s*$/m);
      expect(result.stdout).toContain('  step 0/0 triage ticket input: $.input.ticket');
      expect(lines.at(-2)).toBe('3 aligned (3 with changes), 1 only in a, 0 only in b');
    });

    it('prints the API answer with -o json', async () => {
      const result = await axonctl('exec', 'diff', completed, failed, '-o', 'json');
      expect(result.code, result.stderr).toBe(0);
      const diff = JSON.parse(result.stdout) as ExecutionDiff;
      expect(diff.first_divergence).toMatchObject({ index_a: 2, index_b: 2, kinds: ['status'] });
      expect(diff.steps).toHaveLength(4);
      expect((await axonctl('exec', 'diff', completed, failed, '--output', 'json')).stdout).toBe(result.stdout);
    });

    it('says when two runs follow the same trajectory', async () => {
      const result = await axonctl('exec', 'diff', completed, completed);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Same trajectory: 4 steps aligned, none only in one run, no status or decision changed.');
      expect(result.stdout).toContain('4 aligned (0 with changes), 0 only in a, 0 only in b');
    });

    it('exits 3 for a run that is not there, 2 for a malformed id or a bad format', async () => {
      const missing = await axonctl('exec', 'diff', completed, 'wf_missing');
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('wf_missing');
      expect((await axonctl('exec', 'diff', completed, 'bad id')).code).toBe(2);
      expect((await axonctl('exec', 'diff', completed, failed, '-o', 'yaml')).code).toBe(2);
      expect((await axonctl('exec', 'diff', completed)).code).toBe(2);
    });
  });
}
