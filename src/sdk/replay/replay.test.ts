/**
 * Deterministic replay against a live server on both stores (example policies loaded, so the
 * support workflow's contact data is stored masked): runs recorded with the workflow helper, then
 * replayed with the same code (deterministic), and with code changed in one place (the exact step
 * and kind). Replay must never call a step function and never write to the server.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFiles } from '../../server/policies/load-policy-files.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { AxonFlowClient, ConnectorError, NotFoundError, StepBlockedError, type WorkflowFunction } from '../index.js';
import { ReplayedStepError } from './replay-errors.js';
import type { WorkflowRun } from '../workflow-run.js';
import type { WorkflowSteps } from '../workflow-steps.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/policies', import.meta.url));
const SCOPE = { orgId: 'default', tenantId: 'default' };

/** A support desk: each knob changes the code in one place, as a developer might. */
interface Knobs {
  tone?: string;
  renameSearch?: boolean;
  searchAsConnector?: boolean;
  stopBeforeReview?: boolean;
  notifyAfterReview?: boolean;
  kbDown?: boolean;
}
interface Ticket {
  readonly ticket: string;
  readonly customer: string;
}

function supportDesk(knobs: Knobs = {}, calls = { count: 0 }): WorkflowFunction<Ticket, { reply: string }> {
  const live = <T>(value: T) => async () => {
    calls.count++;
    return value;
  };
  return async (run, { ticket, customer }) => {
    try {
      const triage = await run.step({ name: 'triage ticket', provider: 'openai', model: 'gpt-4o-mini', input: { ticket } }, live({ intent: 'refund', contact: customer, priority: 'p2' }));
      const articles = await run.step(
        { name: knobs.renameSearch ? 'search docs' : 'search kb', type: knobs.searchAsConnector ? 'connector_call' : undefined, tool: { name: 'kb.search', input: { query: triage.intent, limit: 3 } } },
        async () => {
          calls.count++;
          if (knobs.kbDown) throw new ConnectorError('kb: 504 gateway timeout');
          return [{ id: 'kb-7', title: 'Refunds' }];
        },
      );
      const draft = await run.step({ name: 'draft reply', provider: 'openai', model: 'gpt-4o', input: { triage, articles, tone: knobs.tone ?? 'friendly' } }, live({ reply: `Hello ${triage.contact}, your refund is on its way.` }));
      if (!knobs.stopBeforeReview) await run.step({ name: 'review reply', provider: 'openai', model: 'gpt-4o-mini', input: draft }, live({ approved: true }));
      if (knobs.notifyAfterReview) await run.step({ name: 'notify customer', tool: { name: 'email.send', input: { to: customer } } }, live('sent'));
      await run.complete(draft);
      return draft;
    } catch (error) {
      await run.fail(error);
      throw error;
    }
  };
}

const TICKET: Ticket = { ticket: 'Please refund order 1182 and confirm to ana.lopez@example.com', customer: 'ana.lopez@example.com' };

for (const harness of storeHarnesses()) {
  describe(`replay [${harness.kind}]`, () => {
    let live: LiveApp;
    let recorder: AxonFlowClient;
    let replayer: AxonFlowClient;
    let requests: string[];
    let recorded: string;

    async function record(workflow: WorkflowFunction<Ticket, unknown>, input: Ticket = TICKET): Promise<string> {
      const run = await recorder.workflows.start({ name: 'support-triage', input });
      await Promise.resolve(workflow(run, input)).catch(() => undefined);
      return run.id;
    }

    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
      recorder = await live.client('operator');
      const viewer = await live.app.credentials.create({ scope: SCOPE, role: 'viewer' });
      requests = [];
      const counting: typeof fetch = (input, init) => {
        requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        return fetch(input, init);
      };
      replayer = new AxonFlowClient({ endpoint: live.url, clientId: viewer.credential.clientId, clientSecret: viewer.clientSecret, fetch: counting });
      recorded = await record(supportDesk());
    }, 60_000);

    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('replays unchanged code as deterministic, with the recorded outputs, calling no step and writing nothing', async () => {
      // The recording is masked: the ticket's email in the input, the contact in the outputs.
      const stored = await replayer.executions.get(recorded);
      expect(stored.steps[0]!.input).toEqual({ ticket: 'Please refund order 1182 and confirm to [REDACTED:email]' });
      expect(stored.steps[0]!.output).toMatchObject({ contact: '[REDACTED:email]' });
      const calls = { count: 0 };
      requests.length = 0;
      const report = await replayer.replay(recorded, supportDesk({}, calls));
      expect(report).toMatchObject({ deterministic: true, executionId: recorded, steps: 4, recordedSteps: 4 });
      expect(calls.count).toBe(0);
      expect(requests.filter((r) => !r.startsWith('GET '))).toEqual([]);
      expect(requests).toContain(`GET /api/v1/executions/${recorded}/events`);
      // The code got the recorded (masked) outputs: the draft says so, and the run ended as recorded.
      expect(report.result).toEqual({ reply: 'Hello [REDACTED:email], your refund is on its way.' });
      expect(report.ending).toEqual({ how: 'completed', output: report.result });
      expect(report.notes).toEqual(expect.arrayContaining([expect.stringContaining('step 0 (triage ticket): the recorded output was masked')]));
      // Replaying changed nothing on the server.
      expect(await replayer.executions.get(recorded)).toEqual(stored);
    });

    it('reports the exact step and kind when one step’s input changed', async () => {
      const calls = { count: 0 };
      const report = await replayer.replay(recorded, supportDesk({ tone: 'formal' }, calls));
      expect(report.deterministic).toBe(false);
      if (report.deterministic) return;
      expect(report.divergence).toMatchObject({ index: 2, kind: 'input', paths: ['$.input.tone'], recorded: { name: 'draft reply', type: 'llm_call', input: { tone: 'friendly' } }, actual: { name: 'draft reply', input: { tone: 'formal' } } });
      expect(report.steps).toBe(3);
      expect(report.error).toBeUndefined();
      expect(report.ending).toEqual({ how: 'failed', error: expect.objectContaining({ name: 'ReplayDivergenceError' }) });
      expect(calls.count).toBe(0);
    });

    it('reports a renamed step, a changed step type, a step too many and a step too few', async () => {
      const renamed = await replayer.replay(recorded, supportDesk({ renameSearch: true }));
      expect(renamed).toMatchObject({ deterministic: false, divergence: { index: 1, kind: 'name', recorded: { name: 'search kb' }, actual: { name: 'search docs' } } });
      const retyped = await replayer.replay(recorded, supportDesk({ searchAsConnector: true }));
      expect(retyped).toMatchObject({ deterministic: false, divergence: { index: 1, kind: 'type', recorded: { type: 'tool_call' }, actual: { type: 'connector_call' } } });
      const extra = await replayer.replay(recorded, supportDesk({ notifyAfterReview: true }));
      expect(extra).toMatchObject({ deterministic: false, steps: 5, divergence: { index: 4, kind: 'extra_step', actual: { name: 'notify customer', type: 'tool_call', toolInput: { to: TICKET.customer } } } });
      const missing = await replayer.replay(recorded, supportDesk({ stopBeforeReview: true }));
      expect(missing).toMatchObject({ deterministic: false, steps: 3, divergence: { index: 3, kind: 'missing_step', recorded: { name: 'review reply', stepId: 'review-reply-4' } }, ending: { how: 'completed' } });
    });

    it('does not count masked values: another email is no divergence, other words around it are', async () => {
      const otherEmail = await replayer.replay(recorded, supportDesk(), { input: { ticket: 'Please refund order 1182 and confirm to ben@example.org', customer: 'ben@example.org' } });
      expect(otherEmail.deterministic).toBe(true);
      const otherWords = await replayer.replay(recorded, supportDesk(), { input: { ticket: 'Please refund order 1183 and confirm to ana.lopez@example.com', customer: TICKET.customer } });
      expect(otherWords).toMatchObject({ deterministic: false, divergence: { index: 0, kind: 'input', paths: ['$.input.ticket'] } });
    });

    it('throws a recorded failure into the code as the step threw it then, so its error path replays too', async () => {
      const failed = await record(supportDesk({ kbDown: true }));
      expect((await replayer.executions.get(failed)).summary).toMatchObject({ status_detail: 'failed', failure_class: 'connector_failure' });
      const calls = { count: 0 };
      const report = await replayer.replay(failed, supportDesk({}, calls));
      expect(report).toMatchObject({ deterministic: true, steps: 2, recordedSteps: 2 });
      expect(report.error).toBeInstanceOf(ConnectorError);
      expect((report.error as Error).message).toBe('kb: 504 gateway timeout');
      expect(report.ending).toMatchObject({ how: 'failed' });
      expect(calls.count).toBe(0);
    });

    it('replays a policy block as StepBlockedError with the matched policy', async () => {
      const cleanup: WorkflowFunction<{ table: string }> = async (run, { table }) => {
        await run.step({ name: 'count rows', tool: { name: 'db.query', input: { sql: `SELECT count(*) FROM ${table}` } } }, () => 42);
        await run.step({ name: 'drop table', tool: { name: 'db.query', input: { sql: `DROP TABLE ${table}` } } }, () => 'dropped');
      };
      const run = await recorder.workflows.start({ name: 'data-ops', input: { table: 'orders' } });
      await expect(cleanup(run, { table: 'orders' })).rejects.toBeInstanceOf(StepBlockedError);
      await run.abort('blocked');
      const report = await replayer.replay(run.id, cleanup);
      expect(report).toMatchObject({ deterministic: true, steps: 2 });
      expect(report.error).toBeInstanceOf(StepBlockedError);
      expect(report.error).toMatchObject({ stepId: 'drop-table-2', policies: [{ policy_id: 'block-destructive-sql', action: 'block' }] });
      expect((report.error as Error).message).toContain('Destructive SQL is not allowed from agents');
    });

    it('pairs steps the code starts together whatever order the server recorded them in', async () => {
      const fanOut: WorkflowFunction<{ topics: string[] }> = async (run, { topics }) => {
        const found = await Promise.all(topics.map((topic) => run.step({ name: `search ${topic}`, tool: { name: 'web.search', input: { topic } } }, () => `${topic} results`)));
        await run.step({ name: 'summarise', input: { found } }, () => 'summary');
        await run.complete();
      };
      // The first search's gate reaches the server last, so it is recorded as step 2.
      const credential = await live.app.credentials.create({ scope: SCOPE, role: 'operator' });
      const slowFirstGate: typeof fetch = async (input, init) => {
        if (String(input).includes('/steps/search-pricing-1/gate')) await new Promise((resolve) => setTimeout(resolve, 150));
        return fetch(input, init);
      };
      const slow = new AxonFlowClient({ endpoint: live.url, clientId: credential.credential.clientId, clientSecret: credential.clientSecret, fetch: slowFirstGate });
      const input = { topics: ['pricing', 'billing', 'refunds'] };
      const run = await slow.workflows.start({ name: 'research-agent', input });
      await fanOut(run, input);
      expect((await replayer.executions.get(run.id)).steps.map((s) => s.step_name)).toEqual(['search billing', 'search refunds', 'search pricing', 'summarise']);
      const report = await replayer.replay(run.id, fanOut);
      expect(report).toMatchObject({ deterministic: true, steps: 4 });
      expect(report.ending).toEqual({ how: 'completed', output: undefined });
    });

    it('calls the code with the recorded input unless given one, and names an unknown or foreign run not found', async () => {
      // Started without an input: the code got it from the application, so replay needs it too.
      const run = await recorder.workflows.start({ name: 'support-triage' });
      await supportDesk()(run, TICKET);
      const withInput = await replayer.replay(run.id, supportDesk(), { input: TICKET });
      expect(withInput).toMatchObject({ deterministic: true, steps: 4 });
      const without = await replayer.replay(run.id, supportDesk());
      expect(without).toMatchObject({ deterministic: false, steps: 0, divergence: { index: 0, kind: 'missing_step', recorded: { name: 'triage ticket' } } });
      expect(without.error).toBeInstanceOf(TypeError);
      await expect(replayer.replay('wf_missing', supportDesk())).rejects.toBeInstanceOf(NotFoundError);
      const neighbour = await live.client('operator', 'neighbour');
      await expect(neighbour.replay(recorded, supportDesk())).rejects.toMatchObject({ status: 404, code: 'EXECUTION_NOT_FOUND' });
    });

    it('gives WorkflowRun and ReplayRun the same surface', () => {
      const asSteps = (run: WorkflowRun): WorkflowSteps => run;
      expect(typeof asSteps).toBe('function');
      expect(new ReplayedStepError('s-1', { message: 'boom', type: 'TypeError', source: 'step' })).toMatchObject({ name: 'TypeError', stepId: 's-1', source: 'step', recorded: true });
    });
  });
}
