/**
 * `axonctl alerts` as users run it (the built command in a child process) against a live server on
 * both stores: an alert made to fire by lowering the backlog threshold with `rules set` and
 * evaluating once, listed in a table and in json, ndjson, csv and yaml, read with `get`; the rules
 * shown; exit 2 for a bad file, 3 for an unknown id, 4 for a viewer setting rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Alert, AlertList, AlertRulesResponse } from '../sdk/index.js';
import { approvalPolicies } from '../test-support/approval-policies.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const ANSI = /\u001b\[/;

for (const harness of storeHarnesses()) {
  describe(`axonctl alerts [${harness.kind}]`, () => {
    let live: LiveApp;
    let env: Record<string, string>;
    let viewerEnv: Record<string, string>;
    let dir: string;
    let alertId: string;
    const axonctl = (...args: string[]) => runAxonctl(args, env);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'axonctl-alerts-'));
      live = await startLiveApp(harness, { filePolicies: approvalPolicies() });
      const admin = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'admin' });
      env = { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: admin.credential.clientId, AXONFLOW_CLIENT_SECRET: admin.clientSecret };
      const viewer = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
      viewerEnv = { ...env, AXONFLOW_CLIENT_ID: viewer.credential.clientId, AXONFLOW_CLIENT_SECRET: viewer.clientSecret };
      // One transfer waiting for approval: a backlog of 1.
      const operator = await live.client('operator');
      const { workflow_id: workflowId } = await operator.workflows.create({ workflow_name: 'payouts' });
      const input = { amount: 900, currency: 'EUR' };
      const gate = await operator.workflows.gate(workflowId, 'pay', { step_type: 'tool_call', step_name: 'pay', step_input: input, tool_context: { tool_name: 'payments.transfer', tool_input: input } });
      expect(gate.decision).toBe('require_approval');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the rules with their defaults, and an admin lowers a threshold from a file; a viewer is refused with 4', async () => {
      const shown = await axonctl('alerts', 'rules');
      expect(shown.code, shown.stderr).toBe(0);
      const [head, ...rows] = shown.stdout.trimEnd().split('\n');
      expect(head!.split(/\s{2,}/)).toEqual(['KIND', 'SETTING', 'VALUE', 'DEFAULT']);
      expect(rows).toContainEqual(expect.stringMatching(/^pending_approvals\s+max_pending\s+20\s+20$/));
      expect(rows.at(-1)).toBe('Rules of tenant default; 0 settings differ from the defaults');
      expect(shown.stdout).not.toMatch(ANSI);
      const asYaml = parseYaml((await axonctl('alerts', 'rules', '--format', 'yaml')).stdout) as AlertRulesResponse;
      expect(asYaml.rules).toEqual(asYaml.defaults);

      const file = join(dir, 'rules.yaml');
      writeFileSync(file, 'pending_approvals:\n  max_pending: 0\n');
      const denied = await runAxonctl(['alerts', 'rules', 'set', '-f', file], viewerEnv);
      expect(denied.code).toBe(4);
      expect(denied.stderr).toMatch(/FORBIDDEN/);
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, 'failure_rates:\n  threshold_pct: 10\n');
      const refused = await axonctl('alerts', 'rules', 'set', '-f', bad);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('unknown kind "failure_rates"');
      writeFileSync(bad, 'failure_rate:\n  threshold_pct: 200\n');
      expect((await axonctl('alerts', 'rules', 'set', '-f', bad)).code).toBe(2);

      const set = await axonctl('alerts', 'rules', 'set', '-f', file, '--format', 'json');
      expect(set.code, set.stderr).toBe(0);
      const answer = JSON.parse(set.stdout) as AlertRulesResponse;
      expect(answer.rules.pending_approvals).toEqual({ enabled: true, max_pending: 0, max_oldest_minutes: 240 });
      const after = await axonctl('alerts', 'rules');
      expect(after.stdout).toMatch(/^pending_approvals\s+max_pending\s+0\s+20$/m);
      expect(after.stdout).toMatch(/1 setting differ/);
    });

    it('lists the alert that fired in a table and in json, ndjson, csv and yaml', async () => {
      const empty = await axonctl('alerts', 'list');
      expect([empty.code, empty.stdout]).toEqual([0, '']);
      expect(empty.stderr).toContain('No alerts.');
      const { fired } = await live.app.alertEvaluator.evaluate();
      expect(fired.map((a) => a.kind)).toEqual(['pending_approvals']);
      alertId = fired[0]!.alertId;

      const result = await axonctl('alerts', 'list');
      expect(result.code, result.stderr).toBe(0);
      const [head, ...rest] = result.stdout.trimEnd().split('\n');
      expect(head!.split(/\s{2,}/)).toEqual(['ID', 'KIND', 'SUBJECT', 'STATE', 'VALUE', 'THRESHOLD', 'FIRED', 'RESOLVED']);
      expect(rest[0]).toMatch(new RegExp(`^${alertId}\\s+pending_approvals\\s+backlog\\s+firing\\s+1\\s+0\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+-$`));
      expect(rest.at(-1)).toBe('1 alert: 1 firing');
      expect(result.stdout).not.toMatch(ANSI);

      const list = JSON.parse((await axonctl('alerts', 'list', '--format', 'json')).stdout) as AlertList;
      expect(list.firing).toBe(1);
      expect(list.alerts).toEqual([expect.objectContaining({ id: alertId, kind: 'pending_approvals', subject: 'backlog', state: 'firing', value: 1, threshold: 0 })]);
      const lines = (await axonctl('alerts', 'list', '--state', 'firing', '--format', 'ndjson')).stdout.trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as Alert).id)).toEqual([alertId]);
      const csv = (await axonctl('alerts', 'list', '--kind', 'pending_approvals', '--format', 'csv')).stdout.trim().split('\n');
      expect(csv[0]).toBe('id,tenant_id,kind,subject,state,value,threshold,summary,fired_at,resolved_at,resolved_value');
      expect(csv[1]).toMatch(new RegExp(`^${alertId},default,pending_approvals,backlog,firing,1,0,`));
      expect((parseYaml((await axonctl('alerts', 'list', '--format', 'yaml')).stdout) as AlertList).alerts[0]!.id).toBe(alertId);

      const none = await axonctl('alerts', 'list', '--state', 'resolved');
      expect([none.code, none.stdout]).toEqual([0, '']);
      expect(none.stderr).toContain('No alerts match these filters.');
      const badFlags = [['--state', 'open'], ['--kind', 'latency'], ['--format', 'xml'], ['--limit', 'many']];
      const refused = await Promise.all(badFlags.map((flags) => axonctl('alerts', 'list', ...flags)));
      refused.forEach((r, i) => {
        expect(r.code, badFlags[i]!.join(' ')).toBe(2);
        expect(r.stderr).toContain(badFlags[i]![0]);
      });
    });

    it('gets one alert, also as a viewer; 3 for an unknown id', async () => {
      const shown = await runAxonctl(['alerts', 'get', alertId], viewerEnv);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(new RegExp(`^Alert ${alertId}  firing$`, 'm'));
      expect(shown.stdout).toMatch(/Kind +pending_approvals/);
      expect(shown.stdout).toMatch(/Subject +backlog/);
      expect(shown.stdout).toMatch(/Value +1\n +Threshold +0/);
      expect(shown.stdout).not.toMatch(/Resolved/);
      expect(JSON.parse((await axonctl('alerts', 'get', alertId, '--format', 'json')).stdout)).toMatchObject({ id: alertId, state: 'firing', tenant_id: 'default' });
      const missing = await axonctl('alerts', 'get', 'alt_missing');
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('ALERT_NOT_FOUND');
    });
  });
}
