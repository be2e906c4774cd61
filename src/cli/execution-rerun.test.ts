/**
 * `axonctl rerun-targets` and `axonctl executions rerun` as users run them, against a live server
 * on both stores and an application whose handler is the SDK's: set prints the secret once, list
 * and get only its hint; rerun prints what the target answered (exit 0), a refusing target exits
 * 1, no target or a running run 5, an unknown run 3, a short reason or bad overrides 2, a viewer 4.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRerunHandler, type AxonFlowClient, type PutRerunTargetResponse, type RerunRequest, type RerunResponse } from '../sdk/index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { runAxonctl } from '../test-support/run-axonctl.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import { parseFromStep, parseInputOverrides } from './execution-rerun.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };
const ANSI = /\u001b\[/;

describe('rerun flag parsing', () => {
  it('reads --from-step as an index when it is digits, else as a step id', () => {
    expect(parseFromStep('2')).toBe(2);
    expect(parseFromStep('draft-reply-3')).toBe('draft-reply-3');
    expect(parseFromStep(undefined)).toBeUndefined();
    expect(() => parseFromStep(' ')).toThrow(/--from-step/);
  });

  it('reads --input-overrides as a JSON object or @file, and refuses anything else', () => {
    expect(parseInputOverrides('{"amount": 700}')).toEqual({ amount: 700 });
    const file = join(mkdtempSync(join(tmpdir(), 'axonctl-rerun-')), 'overrides.yaml');
    writeFileSync(file, 'amount: 700\ncurrency: EUR\n');
    expect(parseInputOverrides(`@${file}`)).toEqual({ amount: 700, currency: 'EUR' });
    for (const bad of ['[1]', '7', 'null', '{nope']) expect(() => parseInputOverrides(bad), bad).toThrow(/--input-overrides/);
  });
});

for (const harness of storeHarnesses()) {
  describe(`axonctl re-runs [${harness.kind}]`, () => {
    let live: LiveApp;
    let server: Server;
    let appUrl: string;
    let refusing: WebhookReceiver;
    const received: RerunRequest[] = [];
    let operator: AxonFlowClient;
    let adminEnv: Record<string, string>;
    let operatorEnv: Record<string, string>;
    let viewerEnv: Record<string, string>;
    let secret: string;

    async function finishedRun(name: string): Promise<string> {
      const run = await operator.workflows.start({ name, input: { ticket: 4711 } });
      await run.step({ name: 'triage', id: 'triage' }, async () => 'billing');
      await run.step({ name: 'draft reply', id: 'draft-reply' }, async () => 'hello');
      await run.complete();
      return run.id;
    }

    beforeAll(async () => {
      live = await startLiveApp(harness);
      operator = await live.client('operator');
      const issue = async (role: 'admin' | 'operator' | 'viewer') => {
        const issued = await live.app.credentials.create({ scope: SCOPE, role });
        return { AXONFLOW_ENDPOINT: live.url, AXONFLOW_CLIENT_ID: issued.credential.clientId, AXONFLOW_CLIENT_SECRET: issued.clientSecret };
      };
      adminEnv = await issue('admin');
      operatorEnv = await issue('operator');
      viewerEnv = await issue('viewer');
      // The application's secret is learnt from `set` below; the handler reads it when called.
      const appClient = await live.client('operator');
      server = createServer((req, res) =>
        createRerunHandler({
          secret,
          onRerun: async (rerun) => {
            received.push(rerun);
            const run = await appClient.workflows.start(rerun.startOptions);
            return { executionId: run.id };
          },
        })(req, res),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/reruns`;
      refusing = await startWebhookReceiver(() => 503);
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await refusing.close();
      await live.close();
      await harness.cleanup();
    });

    it('rerun-targets set prints a generated secret once; list and get show its hint; delete removes it', async () => {
      const set = await runAxonctl(['rerun-targets', 'set', 'support-triage', '--url', appUrl, '--description', 'support app', '--format', 'json'], adminEnv);
      expect(set.code, set.stderr).toBe(0);
      const created = JSON.parse(set.stdout) as PutRerunTargetResponse;
      expect(created).toMatchObject({ workflow_name: 'support-triage', url: appUrl, description: 'support app' });
      secret = created.secret!;
      expect(secret).toMatch(/^rrsec_/);
      expect(set.stderr).toContain('Store the secret now: it is not shown again');
      expect(set.stderr).not.toContain(secret);

      const replace = await runAxonctl(['rerun-targets', 'set', 'support-triage', '--url', appUrl], adminEnv);
      expect(replace.code, replace.stderr).toBe(0);
      expect(replace.stdout).toMatch(/^ {2}Secret +…[\w-]{4} \(only its last characters/m);
      expect(replace.stderr).not.toContain('Store the secret now');

      const list = await runAxonctl(['rerun-targets', 'list'], operatorEnv);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout.split('\n')[0]!.split(/\s{2,}/)).toEqual(['WORKFLOW', 'URL', 'SECRET', 'UPDATED', 'DESCRIPTION']);
      expect(list.stdout).toMatch(/^support-triage\s+http:\/\/127\.0\.0\.1:\d+\/reruns\s+…[\w-]{4}\s+/m);
      expect(list.stdout).not.toContain(secret);
      expect(list.stdout).not.toMatch(ANSI);
      const get = await runAxonctl(['rerun-targets', 'get', 'support-triage'], operatorEnv);
      expect(get.stdout).toContain('Re-run target of support-triage');
      expect(get.stdout).not.toContain(secret);

      expect((await runAxonctl(['rerun-targets', 'set', 'other', '--url', appUrl], operatorEnv)).code).toBe(4);
      expect((await runAxonctl(['rerun-targets', 'set', 'other', '--url', 'ftp://x'], adminEnv)).code).toBe(2);
      expect((await runAxonctl(['rerun-targets', 'set', 'throwaway', '--url', appUrl], adminEnv)).code).toBe(0);
      const deleted = await runAxonctl(['rerun-targets', 'delete', 'throwaway'], adminEnv);
      expect([deleted.code, deleted.stdout.trim()]).toEqual([0, 'rerun-target/throwaway deleted']);
      expect((await runAxonctl(['rerun-targets', 'get', 'throwaway'], adminEnv)).code).toBe(3);
    });

    it('executions rerun prints the target’s answer, and the application starts the new run', async () => {
      const id = await finishedRun('support-triage');
      const res = await runAxonctl(['executions', 'rerun', id, '--reason', 'new prompt for the writer', '--from-step', 'draft-reply', '--input-overrides', '{"tone":"formal"}'], operatorEnv);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(new RegExp(`^Re-run rr_\\w+ of ${id} \\(support-triage\\) requested by axf_\\w+$`, 'm'));
      expect(res.stdout).toMatch(/^ {2}Reason +new prompt for the writer$/m);
      expect(res.stdout).toMatch(/^ {2}From step +#1 draft reply \(draft-reply\)$/m);
      expect(res.stdout).toMatch(/^ {2}Target +http:\/\/127\.0\.0\.1:\d+\/reruns: accepted \(HTTP 202, \d+ms\)$/m);
      expect(received.at(-1)).toMatchObject({ executionId: id, fromStep: { stepId: 'draft-reply' }, effectiveInput: { ticket: 4711, tone: 'formal' } });

      const asJson = await runAxonctl(['exec', 'rerun', id, '--reason', 'second try, from the start', '--format', 'json'], operatorEnv);
      expect(asJson.code, asJson.stderr).toBe(0);
      const answer = JSON.parse(asJson.stdout) as RerunResponse;
      expect(answer).toMatchObject({ execution_id: id, delivery: { status: 'delivered', response_status: 202 } });
      expect(answer.from_step).toBeUndefined();
      const detail = await operator.executions.get(id);
      expect(detail.reruns?.map((r) => [r.reason, r.execution_id !== undefined])).toEqual([
        ['new prompt for the writer', true],
        ['second try, from the start', true],
      ]);
    });

    it('exits 1 when the target does not accept, 5 without a target or while running, 3 for no such run, 2 for bad input, 4 for a viewer', async () => {
      const id = await finishedRun('support-triage');
      const args = (extra: string[] = []) => ['exec', 'rerun', id, '--reason', 'a reason long enough', ...extra];

      expect((await runAxonctl(['rerun-targets', 'set', 'refused-wf', '--url', refusing.url], adminEnv)).code).toBe(0);
      const refusedRun = await finishedRun('refused-wf');
      const refused = await runAxonctl(['exec', 'rerun', refusedRun, '--reason', 'the target is down right now'], operatorEnv);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/Target +http:\/\/127\.0\.0\.1:\d+\/hooks\/axonflow: not accepted \(HTTP 503, \d+ms\)$/m);
      expect(refused.stderr).toContain('did not accept re-run rr_');

      const noTarget = await finishedRun('no-target-wf');
      const missing = await runAxonctl(['exec', 'rerun', noTarget, '--reason', 'a reason long enough'], operatorEnv);
      expect(missing.code).toBe(5);
      expect(missing.stderr).toContain('no re-run target');
      const running = await operator.workflows.start({ name: 'support-triage' });
      const busy = await runAxonctl(['exec', 'rerun', running.id, '--reason', 'a reason long enough'], operatorEnv);
      expect(busy.code).toBe(5);
      expect(busy.stderr).toContain('still running');

      expect((await runAxonctl(['exec', 'rerun', 'wf_nope', '--reason', 'a reason long enough'], operatorEnv)).code).toBe(3);
      const short = await runAxonctl(['exec', 'rerun', id, '--reason', 'too short'], operatorEnv);
      expect(short.code).toBe(2);
      expect(short.stderr).toContain('--reason must be at least 10 characters');
      expect((await runAxonctl(['exec', 'rerun', id], operatorEnv)).code).toBe(2);
      expect((await runAxonctl(args(['--input-overrides', '[1,2]']), operatorEnv)).code).toBe(2);
      expect((await runAxonctl(args(['--from-step', '9']), operatorEnv)).code).toBe(2);
      expect((await runAxonctl(args(), viewerEnv)).code).toBe(4);
    });
  });
}
