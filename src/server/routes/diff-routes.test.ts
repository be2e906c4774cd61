/**
 * GET /api/v1/executions/{a}/diff/{b} through the SDK against a live server on each store, on
 * demo runs of the support-triage crew (example policies loaded): a completed run against one that
 * failed on the provider, a run against itself, scope, bad ids, and the step cap.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../core/events/event-catalogue.js';
import { DIFF_STEP_LIMIT } from '../../core/executions/diff-runs.js';
import { failingRun } from '../../demo/demo-runner.js';
import { supportTriage } from '../../demo/scenarios/support-triage.js';
import { seeded } from '../../demo/simulated-services.js';
import { AxonFlowClient, NotFoundError, ValidationError } from '../../sdk/index.js';
import { ev } from '../../test-support/event-drafts.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { loadPolicyFiles } from '../policies/load-policy-files.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/policies', import.meta.url));
const SCOPE = { orgId: 'default', tenantId: 'default' };

for (const harness of storeHarnesses()) {
  describe(`run diff [${harness.kind}]`, () => {
    let live: LiveApp;
    let viewer: AxonFlowClient;
    let completed: string;
    let failed: string;

    beforeAll(async () => {
      live = await startLiveApp(harness, { filePolicies: loadPolicyFiles(EXAMPLES) });
      const operator = await live.client('operator');
      viewer = await live.client('viewer');
      await supportTriage(operator, { random: seeded(3), scale: 0.02 });
      await failingRun(operator, { random: seeded(4), scale: 0.02 }, 'provider_failure');
      const runs = (await viewer.executions.list({ workflow: 'support-triage', sort: 'started_at', order: 'asc' })).executions;
      completed = runs.find((r) => r.status_detail === 'completed')!.request_id;
      failed = runs.find((r) => r.failure_class === 'provider_failure')!.request_id;
    }, 60_000);

    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('names the failing step as the first divergence of a failed run from a completed one', async () => {
      const diff = await viewer.executions.diff(completed, failed);
      expect(diff.a).toMatchObject({ execution_id: completed, workflow_name: 'support-triage', status: 'completed', total_steps: 4, steps_compared: 4, truncated: false });
      expect(diff.b).toMatchObject({ execution_id: failed, status: 'failed', failure_class: 'provider_failure', total_steps: 3 });
      expect(diff.same_trajectory).toBe(false);
      expect(diff.first_divergence).toEqual({ row: 2, index_a: 2, index_b: 2, kinds: ['status'], reason: 'step "draft reply": status completed → failed' });
      expect(diff.steps.map((r) => [r.match, r.a?.step_name ?? null, r.b?.step_name ?? null])).toEqual([
        ['matched', 'triage ticket', 'triage ticket'],
        ['matched', 'search help centre', 'search help centre'],
        ['matched', 'draft reply', 'draft reply'],
        ['only_a', 'review reply', null],
      ]);
      const draft = diff.steps[2]!;
      expect(draft.a).toMatchObject({ status: 'completed', decision: 'allow', provider: 'openai', model: 'gpt-4o' });
      expect(draft.b).toMatchObject({ status: 'failed', error_message: expect.stringContaining('429 Too Many Requests') });
      expect(draft.changes).toEqual(expect.arrayContaining(['status', 'output', 'error']));
      expect(draft.output).toMatchObject({ changed: true, paths: ['$'] });
      expect(draft.deltas!.tokens_out).toBe(draft.b!.tokens_out - draft.a!.tokens_out);
      expect(diff.steps[3]).toMatchObject({ match: 'only_a', index_a: 3, index_b: 3, changes: [] });
      expect(diff.counts).toMatchObject({ matched: 3, only_a: 1, only_b: 0 });
      expect(diff.summary.status).toEqual({ a: 'completed', b: 'failed', changed: true });
      expect(diff.summary.failure_class).toEqual({ a: null, b: 'provider_failure', changed: true });
      expect(diff.summary.steps).toEqual({ a: 4, b: 3, delta: -1 });
      const [runA, runB] = [(await viewer.executions.get(completed)).summary, (await viewer.executions.get(failed)).summary];
      expect(diff.summary.tokens).toEqual({ a: runA.total_tokens, b: runB.total_tokens, delta: runB.total_tokens - runA.total_tokens });
      expect(diff.summary.cost_usd.delta).toBeCloseTo(runB.total_cost_usd - runA.total_cost_usd, 9);
      expect(diff.summary.duration_ms.delta).toBe(runB.duration_ms! - runA.duration_ms!);
      expect(diff).toMatchObject({ truncated: false, step_limit: 5000 });

      // The other way round, the same step diverges and the review step is only in b.
      const reverse = await viewer.executions.diff(failed, completed);
      expect(reverse.first_divergence).toMatchObject({ row: 2, kinds: ['status'], reason: 'step "draft reply": status failed → completed' });
      expect(reverse.steps[3]).toMatchObject({ match: 'only_b', index_a: 3, index_b: 3 });
    });

    it('reports the inputs that changed between two tickets, as JSON paths', async () => {
      const diff = await viewer.executions.diff(completed, failed);
      const [a, b] = [(await viewer.executions.step(completed, 0)).input, (await viewer.executions.step(failed, 0)).input];
      // Seeds 3 and 4 pick two different tickets (both with contact data the example policy masks).
      expect(a).not.toEqual(b);
      expect(diff.steps[0]!.input).toEqual({ changed: true, paths: ['$.input.ticket'], more: false });
      expect(diff.steps[0]!.changes).toContain('input');
      expect(diff.first_data_change).toEqual({ row: 0, index_a: 0, index_b: 0, fields: expect.arrayContaining(['input']) });
    });

    it('finds a run identical to itself', async () => {
      const diff = await viewer.executions.diff(completed, completed);
      expect(diff.same_trajectory).toBe(true);
      expect(diff.first_divergence).toBeNull();
      expect(diff.first_data_change).toBeNull();
      expect(diff.steps.every((r) => r.match === 'matched' && r.changes.length === 0)).toBe(true);
      expect(diff.summary.cost_usd.delta).toBe(0);
    });

    it('answers 404 for a run of another tenant or one that does not exist, and 400 for a malformed id', async () => {
      const neighbour = await live.client('admin', 'neighbour');
      await expect(neighbour.executions.diff(completed, failed)).rejects.toMatchObject({ status: 404, code: 'EXECUTION_NOT_FOUND' });
      const theirs = await neighbour.workflows.start({ name: 'support-triage' });
      await expect(viewer.executions.diff(completed, theirs.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(viewer.executions.diff(theirs.id, completed)).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND', details: { executionId: theirs.id } });
      await expect(viewer.executions.diff(completed, 'wf_missing')).rejects.toMatchObject({ status: 404, code: 'EXECUTION_NOT_FOUND' });
      await expect(viewer.executions.diff(completed, 'bad id with spaces')).rejects.toBeInstanceOf(ValidationError);
      const response = await fetch(`${live.url}/api/v1/executions/${completed}/diff/${failed}`);
      expect(response.status).toBe(401);
    });

    it(`compares the first ${DIFF_STEP_LIMIT} steps of a longer run and says it was truncated`, async () => {
      const drafts: EventDraft[] = [ev.created('long-run')];
      for (let i = 0; i < DIFF_STEP_LIMIT + 3; i++) drafts.push(ev.stepStarted(`s-${i}`, `step ${i % 7}`), ev.stepCompleted(`s-${i}`));
      await live.store.append(SCOPE, { executionId: 'long-run-1', decide: () => drafts });
      await live.store.append(SCOPE, { executionId: 'long-run-2', decide: () => drafts.slice(0, 1 + 2 * 10) });
      const diff = await viewer.executions.diff('long-run-1', 'long-run-2');
      expect(diff.truncated).toBe(true);
      expect(diff.a).toMatchObject({ total_steps: DIFF_STEP_LIMIT + 3, steps_compared: DIFF_STEP_LIMIT, truncated: true });
      expect(diff.b).toMatchObject({ total_steps: 10, steps_compared: 10, truncated: false });
      expect(diff.steps).toHaveLength(DIFF_STEP_LIMIT);
      expect(diff.counts).toEqual({ matched: 10, changed: 0, only_a: DIFF_STEP_LIMIT - 10, only_b: 0 });
      expect(diff.first_divergence).toMatchObject({ row: 10, index_a: 10, index_b: 10, kinds: ['only_in_a'] });
    }, 60_000);
  });
}
