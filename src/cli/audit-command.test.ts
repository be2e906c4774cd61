/**
 * `axonctl audit` as users run it (the built command in a child process) against a live server on
 * both stores: search in a table and in json, ndjson (every page) and csv, by actor, action prefix
 * and execution; verify exits 0 on an intact chain and 1 naming the seq a direct SQL edit changed;
 * 2 for a bad filter, 4 for a viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { AuditPage, AuditRecord, AuditVerification } from '../sdk/index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses, type RawStoreLocation } from '../test-support/store-harness.js';

const ANSI = /\u001b\[/;

for (const harness of storeHarnesses()) {
  describe(`axonctl audit [${harness.kind}]`, () => {
    let location: RawStoreLocation;
    let live: LiveApp;
    let env: Record<string, string>;
    let operatorId: string;
    let workflowId: string;
    const axonctl = (...args: string[]) => runAxonctl(args, env);

    beforeAll(async () => {
      location = harness.location();
      live = await startLiveApp(harness, { location, decisions: { 'db.drop': 'block', 'payments.refund': 'require_approval' } });
      const operator = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'operator' });
      operatorId = operator.credential.clientId;
      env = { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: operatorId, AXONFLOW_CLIENT_SECRET: operator.clientSecret };
      const agent = await live.client('operator');
      ({ workflow_id: workflowId } = await agent.workflows.create({ workflow_name: 'refund-agent' }));
      await agent.workflows.gate(workflowId, 'lookup', { step_type: 'tool_call', step_name: 'lookup', tool_context: { tool_name: 'crm.lookup' } });
      await agent.workflows.gate(workflowId, 'drop', { step_type: 'tool_call', step_name: 'drop', tool_context: { tool_name: 'db.drop' } });
      const refund = await agent.workflows.gate(workflowId, 'refund', { step_type: 'tool_call', step_name: 'refund', tool_context: { tool_name: 'payments.refund' } });
      await (await live.client('approver')).approvals.reject(refund.approval_id!, 'refund already issued by hand');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('searches in a table, newest first, with why each record exists', async () => {
      const shown = await axonctl('audit', 'search', '--execution', workflowId);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).not.toMatch(ANSI);
      const [head, ...rows] = shown.stdout.trimEnd().split('\n');
      expect(head!.split(/\s{2,}/)).toEqual(['SEQ', 'TIME', 'ACTOR', 'ACTION', 'TARGET', 'EXECUTION', 'DETAILS']);
      expect(rows.slice(0, 4).map((r) => r.split(/\s{2,}/)[3])).toEqual(['approval.reject', 'gate.require_approval', 'gate.block', 'gate.allow']);
      expect(rows[0]).toContain('refund already issued by hand');
      expect(rows[2]).toContain('step/drop');
      expect(rows[2]).toContain('db.drop is block');
      expect(rows.at(-1)).toBe('4 records');
    });

    it('filters by action prefix and actor, and prints json, yaml, csv and every page as ndjson', async () => {
      const gates = JSON.parse((await axonctl('audit', 'search', '--action', 'gate', '--format', 'json')).stdout) as AuditPage;
      expect(gates.records.map((r) => r.action)).toEqual(['gate.require_approval', 'gate.block', 'gate.allow']);
      const mine = JSON.parse((await axonctl('audit', 'search', '--actor', operatorId, '--format', 'json')).stdout) as AuditPage;
      expect(mine.records).toEqual([]);
      const asYaml = parseYaml((await axonctl('audit', 'search', '--action', 'approval.reject', '--format', 'yaml')).stdout) as AuditPage;
      expect(asYaml.records).toEqual([expect.objectContaining({ action: 'approval.reject', execution_id: workflowId })]);
      const csvOut = (await axonctl('audit', 'search', '--action', 'gate.block', '--format', 'csv')).stdout.trimEnd().split('\n');
      expect(csvOut[0]).toBe('seq,at,actor,action,target_type,target_id,execution_id,details,prev_hash,hash');
      expect(csvOut).toHaveLength(2);
      expect(csvOut[1]).toContain(',gate.block,step,drop,');

      const paged = await axonctl('audit', 'search', '--limit', '2');
      expect(paged.stdout).toMatch(/more with --cursor \d+ \(or --all\)/);
      const all = (await axonctl('audit', 'search', '--limit', '2', '--all', '--format', 'ndjson')).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as AuditRecord);
      expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => all.length - i));
      expect(all.length).toBeGreaterThanOrEqual(6);
      const since = JSON.parse((await axonctl('audit', 'search', '--since', '1h', '--format', 'json')).stdout) as AuditPage;
      expect(since.records).toHaveLength(all.length);
    });

    it('refuses a bad filter with exit 2 and a viewer with exit 4', async () => {
      const bad = await axonctl('audit', 'search', '--action', 'Gate Block');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/action/);
      expect((await axonctl('audit', 'search', '--since', 'yesterday')).code).toBe(2);
      const viewer = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
      const denied = await runAxonctl(['audit', 'verify'], { ...env, AXONFLOW_CLIENT_ID: viewer.credential.clientId, AXONFLOW_CLIENT_SECRET: viewer.clientSecret });
      expect(denied.code).toBe(4);
      expect(denied.stderr).toMatch(/FORBIDDEN/);
    });

    it('verifies an intact chain with exit 0, and exits 1 naming the record a direct SQL edit changed', async () => {
      const ok = await axonctl('audit', 'verify');
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^valid: \d+ records checked; head seq \d+, hash [0-9a-f]{64}\n$/);
      const result = JSON.parse((await axonctl('audit', 'verify', '--format', 'json')).stdout) as AuditVerification;
      expect(result).toMatchObject({ valid: true });

      const block = (JSON.parse((await axonctl('audit', 'search', '--action', 'gate.block', '--format', 'json')).stdout) as AuditPage).records[0]!;
      await location.sql(`update audit_log set details = '{"reason":"nothing to see"}' where org_id = 'default' and tenant_id = 'default' and seq = ${block.seq}`);
      const broken = await axonctl('audit', 'verify');
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(`audit chain broken at seq ${block.seq}: hash_mismatch`);
      const asJson = await axonctl('audit', 'verify', '--format', 'json');
      expect(asJson.code).toBe(1);
      expect(JSON.parse(asJson.stdout)).toEqual({ valid: false, checked: block.seq - 1, first_bad_seq: block.seq, reason: 'hash_mismatch' });
    });
  });
}
