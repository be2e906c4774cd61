/**
 * `axonctl executions` as users run it (the built command in a child process) against a live server
 * on each store (SQLite, and PostgreSQL unless AXONFLOW_TEST_PG=off) seeded with demo runs: every
 * list format with filters, paging, get, steps, timeline, replay, export, cancel, exit codes and
 * plain (colourless) output off a terminal.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { failingRun, FAILURE_CLASSES, healthyRun } from '../demo/demo-runner.js';
import { seeded } from '../demo/simulated-services.js';
import type { ExecutionSummary } from '../sdk/index.js';
import { loadPolicyFiles } from '../server/policies/load-policy-files.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));
const ANSI = /\u001b\[/;

function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split('\n');
  const columns = head!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
}

for (const harness of storeHarnesses()) {
  describe(`axonctl executions [${harness.kind}]`, () => {
    let live: LiveApp;
    let env: Record<string, string>;
    let dir: string;
    const axonctl = (...args: string[]) => runAxonctl(args, env, { cwd: dir });

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'axonctl-exec-'));
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
      const issued = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'admin' });
      env = { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
      const client = await live.client('operator');
      for (const [i, failure] of FAILURE_CLASSES.entries()) await failingRun(client, { random: seeded(i + 1), scale: 0.02 }, failure);
      for (let seed = 1; seed <= 4; seed++) await healthyRun(client, { random: seeded(seed * 7), scale: 0.02 });
    }, 120_000);

    afterAll(async () => {
      await live.close();
      await harness.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    describe('list', () => {
      it('prints a table with AxonFlow’s columns and footer, without colour off a terminal', async () => {
        const result = await axonctl('executions', 'list');
        expect(result.code, result.stderr).toBe(0);
        const [head, ...rest] = result.stdout.trimEnd().split('\n');
        expect(head!.split(/\s{2,}/)).toEqual(['ID', 'WORKFLOW', 'STATUS', 'CLASS', 'STEPS', 'DURATION', 'COST', 'STARTED']);
        expect(rest.at(-1)).toBe('Showing 9 of 9 executions (offset 0)');
        expect(result.stdout).toMatch(/data-ops-agent\s+aborted\s+policy_block\s+\d+\/\d+\s+\d+(ms|\.\ds)\s+\$\d+\.\d{4}\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
        expect(result.stdout).not.toMatch(ANSI);
        const forced = await runAxonctl(['exec', 'list', '--limit', '1'], { ...env, FORCE_COLOR: '1' });
        expect(forced.stdout).toMatch(ANSI);
        const noColor = await runAxonctl(['exec', 'list', '--limit', '1'], { ...env, FORCE_COLOR: '1', NO_COLOR: '1' });
        expect(noColor.stdout).not.toMatch(ANSI);
      });

      it('filters by status, failure class, workflow, type, provider, time and text, in json, ndjson, csv and yaml', async () => {
        const failed = await axonctl('exec', 'list', '--status', 'failed', '--format', 'json');
        const body = JSON.parse(failed.stdout) as { executions: ExecutionSummary[]; total: number; limit: number; offset: number };
        expect(body).toMatchObject({ total: 4, limit: 20, offset: 0 });
        expect(body.executions.map((e) => e.failure_class).sort()).toEqual(['connector_failure', 'policy_block', 'provider_failure', 'workflow_logic_bug']);

        const ndjson = await axonctl('exec', 'list', '--failure-class', 'provider_failure,connector_failure', '--format', 'ndjson');
        const lines = ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l) as ExecutionSummary);
        expect(lines.map((e) => [e.workflow_name, e.status, e.failure_class]).sort()).toEqual([
          ['support-triage', 'failed', 'connector_failure'],
          ['support-triage', 'failed', 'provider_failure'],
        ]);

        const csv = await axonctl('exec', 'list', '--workflow-id', 'refund-agent', '--attention', 'approval_pending', '--format', 'csv');
        const rows = csvRows(csv.stdout);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ workflow_name: 'refund-agent', status: 'running', failure_class: 'approval_pending', attention: 'approval_pending' });
        expect(Number(rows[0]!.total_cost_usd)).toBeGreaterThan(0);

        const yaml = parseYaml((await axonctl('exec', 'list', '--since', '1h', '--type', 'wcp_workflow', '--provider', 'openai', '--format', 'yaml')).stdout) as { executions: ExecutionSummary[]; total: number };
        expect(yaml.total).toBeGreaterThan(0);
        expect(yaml.executions.every((e) => e.execution_type === 'wcp_workflow')).toBe(true);
        const future = JSON.parse((await axonctl('exec', 'list', '--since', '2999-01-01T00:00:00Z', '--format', 'json')).stdout) as { total: number };
        expect(future.total).toBe(0);
        const old = JSON.parse((await axonctl('exec', 'list', '--until', '1d', '--format', 'json')).stdout) as { total: number };
        expect(old.total).toBe(0);

        const searched = JSON.parse((await axonctl('exec', 'list', '--search', 'DROP TABLE', '--format', 'json')).stdout) as { executions: ExecutionSummary[] };
        expect(searched.executions.map((e) => e.workflow_name)).toEqual(['data-ops-agent']);
        const sorted = JSON.parse((await axonctl('exec', 'list', '--sort', 'cost', '--order', 'asc', '--format', 'json')).stdout) as { executions: ExecutionSummary[] };
        const costs = sorted.executions.map((e) => e.total_cost_usd);
        expect(costs).toEqual([...costs].sort((a, b) => a - b));
      });

      it('pages with --limit/--offset and follows every cursor with --all', async () => {
        const page = await axonctl('exec', 'list', '--limit', '2', '--offset', '2');
        expect(page.stdout.trimEnd().split('\n').at(-1)).toBe('Showing 2 of 9 executions (offset 2)');
        const all = await axonctl('exec', 'list', '--all', '--limit', '2', '--format', 'ndjson');
        const ids = all.stdout.trim().split('\n').map((l) => (JSON.parse(l) as ExecutionSummary).request_id);
        expect(ids).toHaveLength(9);
        expect(new Set(ids).size).toBe(9);
        const allCsv = csvRows((await axonctl('exec', 'list', '--all', '--limit', '4', '--format', 'csv')).stdout);
        expect(allCsv.map((r) => r.request_id).sort()).toEqual([...ids].sort());
      });

      it('says so when nothing matches, on stderr', async () => {
        const none = await axonctl('exec', 'list', '--workflow-id', 'no-such-workflow');
        expect(none.code).toBe(0);
        expect(none.stdout).toBe('');
        expect(none.stderr).toContain('No executions match these filters');
      });

      it('exits 2 on a bad flag or value, naming it', async () => {
        const unknown = await axonctl('exec', 'list', '--colour');
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toContain("unknown option '--colour'");
        const format = await axonctl('exec', 'list', '--format', 'xml');
        expect(format.code).toBe(2);
        expect(format.stderr).toContain('Allowed choices are table, json, ndjson, csv, yaml');
        const since = await axonctl('exec', 'list', '--since', 'yesterday');
        expect(since.code).toBe(2);
        expect(since.stderr).toContain('--since must be a duration like 30m, 1h, 7d or an RFC 3339 time');
        const klass = await axonctl('exec', 'list', '--failure-class', 'gremlins');
        expect(klass.code).toBe(2);
        expect(klass.stderr).toContain('failure_class must be one or more of');
        expect((await axonctl('exec', 'get')).code).toBe(2);
      });
    });

    describe('get, steps, timeline, replay, export, cancel', () => {
      let runs: ExecutionSummary[];
      const idOf = (failureClass: string) => runs.find((r) => r.failure_class === failureClass)!.request_id;
      beforeAll(async () => {
        runs = (JSON.parse((await axonctl('exec', 'list', '--format', 'json')).stdout) as { executions: ExecutionSummary[] }).executions;
      });

      it('get prints the summary with the failure, steps with attempts and errors, and policy events', async () => {
        const provider = await axonctl('exec', 'get', idOf('provider_failure'));
        expect(provider.code, provider.stderr).toBe(0);
        expect(provider.stdout).toContain('Execution Summary');
        expect(provider.stdout).toMatch(/Status\s+failed/);
        expect(provider.stdout).toMatch(/Failure\s+provider_failure - /);
        expect(provider.stdout).toMatch(/Tokens\s+\d+/);
        expect(provider.stdout).toMatch(/Cost\s+\$\d+\.\d{4}/);
        expect(provider.stdout).toMatch(/\d+\. \[failed\] .+ \(\d+(ms|\.\ds)\) \[\w+\/[\w.-]+\]/);
        expect(provider.stdout).toMatch(/attempt 1: /);
        expect(provider.stdout).not.toMatch(ANSI);

        const blocked = await axonctl('exec', 'get', idOf('policy_block'));
        expect(blocked.stdout).toContain('Policy Events');
        expect(blocked.stdout).toContain('[block] Block destructive SQL from agents - Destructive SQL is not allowed from agents (step run query)');
        const approval = await axonctl('exec', 'get', idOf('approval_pending'));
        expect(approval.stdout).toContain('Approvals');
        expect(approval.stdout).toMatch(/approval: pending/);

        const json = JSON.parse((await axonctl('exec', 'get', idOf('policy_block'), '--format', 'json')).stdout) as { summary: ExecutionSummary; steps: unknown[] };
        expect(json.summary).toMatchObject({ workflow_name: 'data-ops-agent', failure_class: 'policy_block' });
        expect(json.steps.length).toBeGreaterThan(0);
      });

      it('steps lists the steps; timeline draws one bar per step with marks', async () => {
        const id = idOf('provider_failure');
        const steps = await axonctl('exec', 'steps', id);
        expect(steps.stdout.split('\n')[0]).toBe('Steps');
        expect(steps.stdout).toMatch(/^ {2}1\. \[completed\]/m);
        const stepsJson = JSON.parse((await axonctl('exec', 'steps', id, '--format', 'json')).stdout) as { step_name: string }[];

        const timeline = await axonctl('exec', 'timeline', id);
        expect(timeline.code, timeline.stderr).toBe(0);
        const bars = timeline.stdout.split('\n').filter((l) => /\|[ █RAX]{50}\|/.test(l));
        expect(bars).toHaveLength(stepsJson.length);
        expect(bars.every((b) => b.includes('█') || /[RAX]/.test(b))).toBe(true);
        expect(timeline.stdout).toMatch(/\|[ █AX]*R[ █RAX]*\|/);
        expect(timeline.stdout).toContain('R retry  A approval  X blocked');
        expect((await axonctl('exec', 'timeline', idOf('policy_block'))).stdout).toMatch(/\|[ █RA]*X[ █RAX]*\|/);
        expect((await axonctl('exec', 'timeline', idOf('approval_pending'))).stdout).toMatch(/\|[ █RX]*A[ █RAX]*\|/);
        const events = JSON.parse((await axonctl('exec', 'timeline', id, '--format', 'json')).stdout) as { items: { type: string }[] };
        expect(events.items.map((i) => i.type)).toContain('step.attempt_failed');
      });

      it('replay prints every step in order when not on a terminal; --show-io truncates to 200 characters', async () => {
        const id = idOf('policy_block');
        const stepsJson = JSON.parse((await axonctl('exec', 'steps', id, '--format', 'json')).stdout) as { step_name: string }[];
        const replay = await axonctl('exec', 'replay', id);
        expect(replay.code, replay.stderr).toBe(0);
        expect(replay.stdout).toContain(`Replay of data-ops-agent ${id}`);
        const headers = [...replay.stdout.matchAll(/^Step (\d+)\/(\d+)$/gm)].map((m) => m[1]);
        expect(headers).toEqual(stepsJson.map((_, i) => String(i + 1)));
        expect(replay.stdout).toContain('policy: [block]');
        expect(replay.stdout.trimEnd().endsWith('End of replay.')).toBe(true);
        expect(replay.stdout).not.toContain('input:');
        const io = await axonctl('exec', 'replay', idOf('connector_failure'), '--show-io');
        const inputs = [...io.stdout.matchAll(/^ {2}input: {2}(.*)$/gm)].map((m) => m[1]!);
        expect(inputs.length).toBeGreaterThan(0);
        expect(Math.max(...inputs.map((i) => i.length))).toBeLessThanOrEqual(200);
      });

      it('export writes the run to execution-<id>.json (or -o), with inputs only with --include-io, and prints the bytes', async () => {
        const id = idOf('connector_failure');
        const plain = await axonctl('exec', 'export', id);
        expect(plain.code, plain.stderr).toBe(0);
        const file = join(dir, `execution-${id}.json`);
        const size = statSync(file).size;
        expect(plain.stderr).toContain(`Exported ${size} bytes to execution-${id}.json`);
        const body = JSON.parse(readFileSync(file, 'utf8')) as { format: string; execution: { summary: ExecutionSummary; steps: { input: unknown; policies_triggered: unknown }[] } };
        expect(body.format).toBe('json');
        expect(body.execution.summary.request_id).toBe(id);
        expect(body.execution.steps.every((s) => s.input === null)).toBe(true);

        const target = join(dir, 'with-io.json');
        const withIo = await axonctl('exec', 'export', id, '--include-io', '-o', target);
        expect(withIo.stderr).toContain(`Exported ${statSync(target).size} bytes to ${target}`);
        const full = JSON.parse(readFileSync(target, 'utf8')) as typeof body;
        expect(full.execution.steps.some((s) => s.input !== null)).toBe(true);
        expect(statSync(target).size).toBeGreaterThan(size);

        const piped = await axonctl('exec', 'export', id, '-o', '-');
        expect((JSON.parse(piped.stdout) as typeof body).execution.summary.request_id).toBe(id);
        expect((await axonctl('exec', 'export', 'nope', '-o', join(dir, 'nope.json'))).code).toBe(3);
      });

      it('cancel cancels a running run (reason recorded), and exits 5 when it has already ended', async () => {
        const client = await live.client('operator');
        await client.events.send([{ event_id: 'cancel-me-start', execution_id: 'cancel-me', type: 'execution.started', workflow_name: 'long-job' }] as never);
        const cancelled = await axonctl('exec', 'cancel', 'cancel-me', '--reason', 'runaway loop');
        expect(cancelled.code, cancelled.stderr).toBe(0);
        expect(cancelled.stdout).toContain('Execution cancel-me cancelled (reason: runaway loop)');
        const again = await axonctl('exec', 'cancel', 'cancel-me');
        expect(again.code).toBe(5);
        expect(again.stderr).toMatch(/error: \w+: /);
      });

      it('exits 3 for an unknown run and 4 for bad credentials', async () => {
        const missing = await axonctl('exec', 'get', 'no-such-run');
        expect(missing.code).toBe(3);
        expect(missing.stderr).toContain('EXECUTION_NOT_FOUND');
        const denied = await runAxonctl(['exec', 'list'], { ...env, AXONFLOW_CLIENT_SECRET: 'wrong-secret' });
        expect(denied.code).toBe(4);
        expect(denied.stderr).toContain('axonctl login');
        const viewer = await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
        const forbidden = await runAxonctl(['exec', 'cancel', 'x'], { ...env, AXONFLOW_CLIENT_ID: viewer.credential.clientId, AXONFLOW_CLIENT_SECRET: viewer.clientSecret });
        expect(forbidden.code).toBe(4);
      });
    });
  });
}
