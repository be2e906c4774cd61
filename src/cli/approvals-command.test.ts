/**
 * `axonctl approvals` as users run it (the built command in a child process) against a live server
 * on both stores, with the approval test policies and a clock moved by hand: list in every format
 * with filters and paging, show, approve and reject one, bulk by ids and by filter with a dry run
 * and mixed results, exit codes (2 short justification, 4 viewer, 5 already decided) and plain
 * output off a terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ApprovalList, ApprovalResource, AxonFlowClient, BulkApprovalResponse } from '../sdk/index.js';
import { approvalPolicies } from '../test-support/approval-policies.js';
import { FixedClock } from '../test-support/fixed-clock.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const ANSI = /\u001b\[/;

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const columns = head!.split(',');
  // policy_ids is the only quoted cell here, and holds no quotes itself.
  return lines.map((line) => Object.fromEntries([...line.matchAll(/("[^"]*"|[^,]*)(,|$)/g)].slice(0, columns.length).map((m, i) => [columns[i], m[1]!.replace(/^"|"$/g, '')])));
}

for (const harness of storeHarnesses()) {
  describe(`axonctl approvals [${harness.kind}]`, () => {
    let live: LiveApp;
    let operator: AxonFlowClient;
    let env: Record<string, string>;
    let viewerEnv: Record<string, string>;
    const axonctl = (...args: string[]) => runAxonctl(args, env);
    // Requested 40 minutes ago (transfers: 10 min SLA, so breached; 1 h expiry), then two new ones.
    let old: string;
    let fresh: string;
    let refund: string;

    /** A run of `name` whose step `pay` (a `tool` call of 900) waits for approval. */
    async function held(name: string, tool = 'payments.transfer', step = 'pay', stepName = step): Promise<string> {
      const { workflow_id: workflowId } = await operator.workflows.create({ workflow_name: name });
      const input = { amount: 900, currency: 'EUR' };
      const gate = await operator.workflows.gate(workflowId, step, { step_type: 'tool_call', step_name: stepName, step_input: input, tool_context: { tool_name: tool, tool_input: input } });
      expect(gate.decision).toBe('require_approval');
      return gate.approval_id!;
    }

    beforeAll(async () => {
      const clock = new FixedClock('2026-03-01T09:00:00.000Z');
      live = await startLiveApp(harness, { filePolicies: approvalPolicies(), clock });
      operator = await live.client('operator');
      const approver = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'approver' });
      env = { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: approver.credential.clientId, AXONFLOW_CLIENT_SECRET: approver.clientSecret };
      const viewer = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
      viewerEnv = { ...env, AXONFLOW_CLIENT_ID: viewer.credential.clientId, AXONFLOW_CLIENT_SECRET: viewer.clientSecret };
      old = await held('payouts');
      clock.advance(40 * 60_000);
      fresh = await held('payouts');
      refund = await held('refunds', 'payments.refund', 'refund', 'issue refund');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('lists pending approvals, oldest first, in a table with a footer, without colour off a terminal', async () => {
      const result = await axonctl('approvals', 'list');
      expect(result.code, result.stderr).toBe(0);
      const [head, ...rest] = result.stdout.trimEnd().split('\n');
      expect(head!.split(/\s{2,}/)).toEqual(['ID', 'WORKFLOW', 'STEP', 'POLICY', 'AGE', 'SLA', 'STATUS']);
      expect(rest[0]).toMatch(new RegExp(`^${old}\\s+payouts\\s+pay\\s+transfer_needs-approval\\s+40m\\s+breached\\s+pending$`));
      // Requested at the same instant: ordered by id.
      const same = rest.slice(1, 3);
      expect(same.find((l) => l.startsWith(fresh))).toMatch(/^\S+\s+payouts\s+pay\s+transfer_needs-approval\s+0s\s+ok\s+pending$/);
      expect(same.find((l) => l.startsWith(refund))).toMatch(/^\S+\s+refunds\s+issue refund\s+refund-fails-on-reject\s+0s\s+ok\s+pending$/);
      expect(rest.at(-1)).toBe('3 approvals: 3 pending; 1 past SLA');
      expect(result.stdout).not.toMatch(ANSI);
      const paged = await axonctl('approvals', 'list', '--limit', '2');
      expect(paged.stdout.trimEnd().split('\n').at(-1)).toBe('2 approvals: 2 pending; 1 past SLA (more: add --all)');
    });

    it('filters by age, SLA, workflow, policy and status, in json, ndjson, csv and yaml, and follows pages with --all', async () => {
      const aged = JSON.parse((await axonctl('approvals', 'list', '--older-than', '30m', '--format', 'json')).stdout) as ApprovalList;
      expect(aged.approvals.map((a) => a.approval_id)).toEqual([old]);
      expect(aged.approvals[0]).toMatchObject({ status: 'pending', workflow_name: 'payouts', sla_state: 'breached', age_seconds: 2400, step_input: { amount: 900, currency: 'EUR' } });
      expect(JSON.parse((await axonctl('approvals', 'list', '--newer-than', '10m', '--format', 'json')).stdout).count).toBe(2);

      const breached = (await axonctl('approvals', 'list', '--sla', 'breached', '--format', 'ndjson')).stdout.trim().split('\n').map((l) => JSON.parse(l) as ApprovalResource);
      expect(breached.map((a) => a.approval_id)).toEqual([old]);

      const rows = csvRows((await axonctl('approvals', 'list', '--workflow', 'refunds', '--format', 'csv')).stdout);
      expect(rows).toEqual([expect.objectContaining({ approval_id: refund, status: 'pending', workflow_name: 'refunds', step_id: 'refund', policy_ids: 'refund-fails-on-reject', sla_state: 'ok', age_seconds: '0' })]);

      const yaml = parseYaml((await axonctl('approvals', 'list', '--policy', 'transfer_needs-approval', '--format', 'yaml')).stdout) as ApprovalList;
      expect(yaml.approvals.map((a) => a.approval_id)).toEqual([old, fresh]);

      const all = (await axonctl('approvals', 'list', '--all', '--limit', '1', '--format', 'ndjson')).stdout.trim().split('\n').map((l) => (JSON.parse(l) as ApprovalResource).approval_id);
      const oneCall = JSON.parse((await axonctl('approvals', 'list', '--format', 'json')).stdout) as ApprovalList;
      expect(all).toEqual(oneCall.approvals.map((a) => a.approval_id));
      expect(new Set(all)).toEqual(new Set([old, fresh, refund]));

      const none = await axonctl('approvals', 'list', '--workflow', 'nothing-here');
      expect([none.code, none.stdout]).toEqual([0, '']);
      expect(none.stderr).toContain('No pending approvals match these filters.');
      const bad = [['--status', 'waiting'], ['--older-than', 'yesterday'], ['--sla', 'late'], ['--format', 'xml']];
      const refused = await Promise.all(bad.map((flags) => axonctl('approvals', 'list', ...flags)));
      refused.forEach((r, i) => {
        expect(r.code, bad[i]!.join(' ')).toBe(2);
        expect(r.stderr).toContain(bad[i]![0]);
      });
    });

    it('shows an approval with its run, step input, matched policies and deadlines', async () => {
      const shown = await axonctl('approvals', 'show', old);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(new RegExp(`^Approval ${old}  pending$`, 'm'));
      expect(shown.stdout).toMatch(/Workflow +payouts \(run wf_\w+, running\)/);
      expect(shown.stdout).toMatch(/Step +1\. pay \(tool_call\)/);
      expect(shown.stdout).toMatch(/Reason +Transfers need a reviewer/);
      expect(shown.stdout).toMatch(/Requested +2026-03-01T09:00:00Z \(40m ago\)/);
      expect(shown.stdout).toMatch(/SLA +2026-03-01T09:10:00Z breached/);
      expect(shown.stdout).toMatch(/Expires +2026-03-01T10:00:00Z/);
      expect(shown.stdout).toMatch(/On reject +abort/);
      expect(shown.stdout).toContain('[require_approval] transfer_needs-approval - Transfers need a reviewer');
      expect(shown.stdout).toMatch(/Step Input\n {2}\{\n {4}"amount": 900,\n {4}"currency": "EUR"\n {2}\}/);
      expect(shown.stdout).not.toMatch(ANSI);
      expect(shown.stderr).toContain(`axonctl approvals approve ${old}`);
      const refundShown = (await axonctl('approvals', 'show', refund)).stdout;
      expect(refundShown).toMatch(/On reject +fail/);
      expect(refundShown).toMatch(/Step +1\. issue refund \(tool_call\) id refund/);
      expect(JSON.parse((await axonctl('approvals', 'show', fresh, '--format', 'json')).stdout)).toMatchObject({ approval_id: fresh, sla_state: 'ok', policy_ids: ['transfer_needs-approval'] });
      expect((await axonctl('approvals', 'show', 'apr_missing')).code).toBe(3);
    });

    it('approves and rejects one; 2 for a short justification, 4 for a viewer, 5 when already decided', async () => {
      const first = await held('single');
      const second = await held('single');
      const short = await axonctl('approvals', 'approve', first, '--comment', '  ok, fine  ');
      expect(short.code).toBe(2);
      expect(short.stderr).toContain('--comment must be at least 10 characters once trimmed; got 8');
      expect((await axonctl('approvals', 'reject', first, '--reason', 'no')).code).toBe(2);
      const missing = await axonctl('approvals', 'approve', first);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--comment is required');

      const denied = await runAxonctl(['approvals', 'approve', first, '--comment', 'viewer tries to approve'], viewerEnv);
      expect(denied.code).toBe(4);
      expect(denied.stderr).toMatch(/error: FORBIDDEN: /);
      expect((await runAxonctl(['approvals', 'show', first], viewerEnv)).code).toBe(0);
      expect(JSON.parse((await axonctl('approvals', 'show', first, '--format', 'json')).stdout).status).toBe('pending');

      const approved = await axonctl('approvals', 'approve', first, '--comment', 'verified with the vendor by phone');
      expect(approved.code, approved.stderr).toBe(0);
      expect(approved.stdout).toMatch(new RegExp(`^Approval ${first} approved \\(single, run wf_\\w+ now running\\)$`, 'm'));
      const again = await axonctl('approvals', 'approve', first, '--comment', 'verified with the vendor by phone');
      expect(again.code).toBe(5);
      expect(again.stderr).toContain('APPROVAL_NOT_PENDING');

      const rejected = await axonctl('approvals', 'reject', second, '--reason', 'amount too high for this vendor', '--format', 'json');
      expect(rejected.code, rejected.stderr).toBe(0);
      expect(JSON.parse(rejected.stdout)).toMatchObject({ approval_id: second, status: 'rejected', comment: 'amount too high for this vendor', execution_status: 'aborted' });
      const decided = await axonctl('approvals', 'show', second);
      expect(decided.stdout).toMatch(/Decided +rejected by axf_\w+ 2026-03-01T09:40:00Z/);
      expect(decided.stdout).toMatch(/Reason given +amount too high for this vendor/);
      const history = JSON.parse((await axonctl('approvals', 'list', '--workflow', 'single', '--status', 'all', '--format', 'json')).stdout) as ApprovalList;
      expect(history.approvals.map((a) => a.status).sort()).toEqual(['approved', 'rejected']);
      expect((await axonctl('approvals', 'list', '--workflow', 'single', '--status', 'approved,rejected')).stdout).toContain('2 approvals: 1 approved, 1 rejected');
    });

    it('bulk by ids: a dry run lists what would be decided; the run prints each result, and exits 1 saying how many failed', async () => {
      const [a, b, c] = [await held('bulk-ids'), await held('bulk-ids'), await held('bulk-ids')];
      expect((await axonctl('approvals', 'approve', a!, '--comment', 'decided ahead of the batch')).code).toBe(0);

      const dry = await axonctl('approvals', 'approve', '--ids', `${a},${b},${c}`, '--dry-run');
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(new RegExp(`^${b}\\s+would approve$`, 'm'));
      expect(dry.stdout).toMatch(new RegExp(`^${a}\\s+would skip`, 'm'));
      expect(dry.stdout).toContain('Dry run: would approve 2 approvals, skip 1; nothing was decided.');
      expect(JSON.parse((await axonctl('approvals', 'show', b!, '--format', 'json')).stdout).status).toBe('pending');

      const mixed = await axonctl('approvals', 'approve', '--ids', `${a},${b},${c}`, '--comment', 'batch reviewed by finance');
      expect(mixed.code).toBe(1);
      expect(mixed.stdout).toMatch(new RegExp(`^${a}\\s+failed\\s+APPROVAL_NOT_PENDING: `, 'm'));
      expect(mixed.stdout).toMatch(new RegExp(`^${b}\\s+approved$`, 'm'));
      expect(mixed.stdout).toMatch(new RegExp(`^${c}\\s+approved$`, 'm'));
      expect(mixed.stdout).toContain('Approved 2 of 3 approvals; 1 failed.');
      expect(mixed.stderr).toContain('error: 1 of 3 approvals could not be approved');

      const json = await axonctl('approvals', 'reject', '--ids', `${b},nope`, '--reason', 'changed our mind on it', '--format', 'json');
      expect(json.code).toBe(1);
      expect((JSON.parse(json.stdout) as BulkApprovalResponse).results!.map((r) => [r.approval_id, r.ok, r.error?.code])).toEqual([
        [b, false, 'APPROVAL_NOT_PENDING'],
        ['nope', false, 'APPROVAL_NOT_FOUND'],
      ]);
      const d = await held('bulk-ids');
      const one = await axonctl('approvals', 'approve', d, '--dry-run', '--format', 'json');
      expect(JSON.parse(one.stdout)).toMatchObject({ dry_run: true, count: 1, ids: [d] });
    });

    it('bulk by filter: --filter-workflow with --older-than and --sla, dry run first, then decided; nothing left is not an error', async () => {
      const dryOld = await axonctl('approvals', 'approve', '--filter-workflow', 'payouts', '--older-than', '30m', '--comment', 'backlog cleared by on-call', '--dry-run', '--format', 'json');
      expect(dryOld.code, dryOld.stderr).toBe(0);
      expect(JSON.parse(dryOld.stdout)).toMatchObject({ action: 'approve', dry_run: true, count: 1, ids: [old] });
      const breached = await axonctl('approvals', 'reject', '--filter-workflow', 'payouts', '--sla', 'breached', '--dry-run');
      expect(breached.stdout).toMatch(new RegExp(`^${old}\\s+would reject$`, 'm'));

      const [x, y] = [await held('bulk-filter'), await held('bulk-filter')];
      const rejected = await axonctl('approvals', 'reject', '--filter-workflow', 'bulk-filter', '--reason', 'stale: customer must resubmit');
      expect(rejected.code, rejected.stderr).toBe(0);
      expect(rejected.stdout).toMatch(new RegExp(`^${x}\\s+rejected$`, 'm'));
      expect(rejected.stdout).toMatch(new RegExp(`^${y}\\s+rejected$`, 'm'));
      expect(rejected.stdout).toContain('Rejected 2 of 2 approvals.');
      const empty = await axonctl('approvals', 'reject', '--filter-workflow', 'bulk-filter', '--reason', 'stale: customer must resubmit');
      expect([empty.code, empty.stdout]).toEqual([0, '']);
      expect(empty.stderr).toContain('No pending approvals match these filters: nothing rejected.');

      const usage = [[], ['apr_1', '--ids', 'apr_2'], ['apr_1', '--filter-workflow', 'x'], ['--ids', ' , ']];
      const refused = await Promise.all(usage.map((args) => axonctl('approvals', 'approve', ...args, '--comment', 'a long enough comment')));
      expect(refused.map((r) => r.code)).toEqual([2, 2, 2, 2]);
      const viewer = await runAxonctl(['approvals', 'reject', '--filter-workflow', 'payouts', '--reason', 'viewer tries bulk'], viewerEnv);
      expect(viewer.code).toBe(4);
    });

    it('prints no ANSI escapes off a terminal or with NO_COLOR, and colours with FORCE_COLOR', async () => {
      for (const args of [['approvals', 'list', '--status', 'all'], ['approvals', 'show', old]]) {
        const [offTerminal, forced, noColor] = await Promise.all([axonctl(...args), runAxonctl(args, { ...env, FORCE_COLOR: '1' }), runAxonctl(args, { ...env, FORCE_COLOR: '1', NO_COLOR: '1' })]);
        expect(offTerminal.stdout + offTerminal.stderr).not.toMatch(ANSI);
        expect(forced.stdout).toMatch(ANSI);
        expect(noColor.stdout + noColor.stderr).not.toMatch(ANSI);
      }
    });
  });
}
