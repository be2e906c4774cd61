/** Every WCP route through the SDK, on both stores, including each 409 AxonFlow clients rely on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxonFlowError, type AxonFlowClient } from './index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const SCOPE = { orgId: 'default', tenantId: 'default' };

async function failure(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<AxonFlowError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (AxonFlowError.is(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

for (const harness of storeHarnesses()) {
  describe(`WCP through the SDK [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;

    beforeAll(async () => {
      live = await startLiveApp(harness, { decisions: { 'db.drop_table': 'block', 'payments.transfer': 'require_approval' } });
      client = await live.client('operator');
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('creates a workflow with AxonFlow’s response fields and refuses bad ones', async () => {
      const created = await client.workflows.create({ workflow_name: 'support-triage', source: 'langgraph', trace_id: 'ls-run-1', metadata: { ticket: 42 } });
      expect(created).toMatchObject({ workflow_name: 'support-triage', source: 'langgraph', status: 'in_progress', trace_id: 'ls-run-1' });
      expect(created.workflow_id).toMatch(/^wf_/);
      expect((await failure(client.workflows.create({ workflow_name: 'x', trace_id: 't'.repeat(256) }))).code).toBe('INVALID_TRACE_ID');
      const missing = await failure(client.workflows.create({} as never));
      expect([missing.status, missing.code]).toEqual([400, 'VALIDATION_FAILED']);
      const viewer = await live.client('viewer');
      expect((await failure(viewer.workflows.create({ workflow_name: 'x' }))).status).toBe(403);
    });

    it('gates a step, completes it, and tells a retry what happened before (retry_context)', async () => {
      const { workflow_id: id } = await client.workflows.create({ workflow_name: 'research' });
      const first = await client.workflows.gate(id, 'plan', { step_type: 'llm_call', step_name: 'plan', step_input: { q: 'pricing' }, provider: 'openai', model: 'gpt-4o' });
      expect(first).toMatchObject({ decision: 'allow', step_id: 'plan', decision_id: `dec_${id}_plan`, cached: false, decision_source: 'fresh', policy_ids: [] });
      expect(first.retry_context).toMatchObject({ gate_count: 1, completion_count: 0, prior_completion_status: 'none', prior_output_available: false });
      const retried = await client.workflows.gate(id, 'plan', { step_type: 'llm_call', step_name: 'plan', step_input: { q: 'pricing' } });
      expect(retried).toMatchObject({ decision: 'allow', cached: true, decision_source: 'cached' });
      expect(retried.retry_context).toMatchObject({ gate_count: 2, prior_completion_status: 'gated_not_completed', last_decision: 'allow' });
      await client.workflows.completeStep(id, 'plan', { output: { answer: 'tiered' }, tokens_in: 1000, tokens_out: 500 });
      const after = await client.workflows.gate(id, 'plan', { step_type: 'llm_call', step_input: { q: 'pricing' } }, { includePriorOutput: true });
      expect(after.retry_context).toMatchObject({ gate_count: 3, completion_count: 1, prior_completion_status: 'completed', prior_output_available: true, prior_output: { answer: 'tiered' } });
      const status = await client.workflows.get(id);
      // Priced from the table: gpt-4o is $0.0025 in / $0.01 out per 1K tokens.
      expect(status.steps?.[0]).toMatchObject({ step_id: 'plan', status: 'completed', decision: 'allow', tokens_in: 1000, tokens_out: 500, cost_usd: 0.0075, provider: 'openai', model: 'gpt-4o' });
      expect(status).toMatchObject({ status: 'in_progress', tokens_in: 1000, cost_usd: 0.0075 });
    });

    it('answers STEP_INPUT_MISMATCH and IDEMPOTENCY_KEY_MISMATCH as AxonFlow does (nested, with ids), and re-evaluates on request', async () => {
      const { workflow_id: id } = await client.workflows.create({ workflow_name: 'refunds' });
      await client.workflows.gate(id, 'lookup', { step_type: 'tool_call', step_input: { order: 1 }, idempotency_key: 'k-1' });
      const changed = await failure(client.workflows.gate(id, 'lookup', { step_type: 'tool_call', step_input: { order: 2 } }));
      expect([changed.status, changed.code]).toEqual([409, 'STEP_INPUT_MISMATCH']);
      expect(changed.details).toMatchObject({ workflow_id: id, step_id: 'lookup' });
      const key = await failure(client.workflows.gate(id, 'lookup', { step_type: 'tool_call', step_input: { order: 1 }, idempotency_key: 'k-2' }));
      expect([key.status, key.code]).toEqual([409, 'IDEMPOTENCY_KEY_MISMATCH']);
      expect(key.details).toEqual({ workflow_id: id, step_id: 'lookup', expected_idempotency_key: 'k-1', received_idempotency_key: 'k-2' });
      const completeKey = await failure(client.workflows.completeStep(id, 'lookup', { idempotency_key: 'k-9' }));
      expect(completeKey.code).toBe('IDEMPOTENCY_KEY_MISMATCH');
      const fresh = await client.workflows.gate(id, 'lookup', { step_type: 'tool_call', step_input: { order: 2 }, retry_policy: 'reevaluate' });
      expect(fresh).toMatchObject({ decision: 'allow', decision_source: 'fresh' });
      expect((await failure(client.workflows.gate(id, 'x', { step_type: 'tool_call', tool_context: { tool_type: 'api' } }))).code).toBe('INVALID_TOOL_CONTEXT');
    });

    it('blocks a step by policy; the step cannot be completed and the run shows policy_block', async () => {
      const { workflow_id: id } = await client.workflows.create({ workflow_name: 'cleanup' });
      const gate = await client.workflows.gate(id, 'drop', { step_type: 'tool_call', tool_context: { tool_name: 'db.drop_table', tool_type: 'function', tool_input: { table: 'users' } } });
      expect(gate).toMatchObject({ decision: 'block', reason: 'db.drop_table is block', policy_ids: ['pol-block'] });
      expect(gate.policies_matched[0]).toMatchObject({ policy_id: 'pol-block', policy_name: 'test block', action: 'block', risk_level: 'high' });
      expect(gate.policies_evaluated).toHaveLength(1);
      expect((await failure(client.workflows.completeStep(id, 'drop'))).code).toBe('STEP_BLOCKED');
      expect((await failure(client.workflows.completeStep(id, 'never-gated'))).code).toBe('STEP_NOT_FOUND');
      expect(await client.workflows.get(id)).toMatchObject({ attention: 'blocked', failure_class: 'policy_block', failure_reason: 'db.drop_table is block' });
    });

    it('holds a step for approval: APPROVAL_PENDING on other steps, completion and resume until a reviewer decides', async () => {
      const { workflow_id: id } = await client.workflows.create({ workflow_name: 'payouts' });
      const held = await client.workflows.gate(id, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer', tool_input: { amount: 5000 } } });
      expect(held).toMatchObject({ decision: 'require_approval', approval_status: 'pending' });
      expect(held.approval_id).toMatch(/^apr_/);
      expect(held.approval_url).toBe(`/api/v1/workflows/${id}/steps/pay/approve`);
      for (const attempt of [
        () => client.workflows.gate(id, 'next', { step_type: 'llm_call' }),
        () => client.workflows.completeStep(id, 'pay'),
        () => client.workflows.complete(id),
        () => client.workflows.resume(id),
      ]) {
        const error = await failure(attempt);
        expect([error.status, error.code]).toEqual([409, 'APPROVAL_PENDING']);
      }
      const polled = await client.workflows.gate(id, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer', tool_input: { amount: 5000 } } });
      expect(polled).toMatchObject({ decision: 'require_approval', cached: true, approval_id: held.approval_id });
      await live.app.approvals.decide(SCOPE, held.approval_id!, 'approved', 'finance-lead', 'within quarterly limit');
      const approved = await client.workflows.gate(id, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer', tool_input: { amount: 5000 } } });
      expect(approved).toMatchObject({ decision: 'allow', approval_status: 'approved', reason: 'Approved by finance-lead: within quarterly limit' });
      expect(await client.workflows.resume(id)).toMatchObject({ workflow_id: id, status: 'in_progress' });
      await client.workflows.completeStep(id, 'pay', { output: { transfer: 'tx-1' } });
      const status = await client.workflows.get(id);
      expect(status.steps?.[0]).toMatchObject({ approval_status: 'approved', approved_by: 'finance-lead', status: 'completed' });
      expect(await client.workflows.complete(id)).toMatchObject({ status: 'completed', message: 'Workflow completed' });
    });

    it('answers WORKFLOW_TERMINAL after the end, and aborts a run when its approval is rejected', async () => {
      const { workflow_id: done } = await client.workflows.create({ workflow_name: 'short' });
      await client.workflows.complete(done);
      for (const attempt of [
        () => client.workflows.gate(done, 's', { step_type: 'llm_call' }),
        () => client.workflows.complete(done),
        () => client.workflows.fail(done, 'x'),
        () => client.workflows.abort(done),
      ]) {
        const error = await failure(attempt);
        expect([error.status, error.code]).toEqual([409, 'WORKFLOW_TERMINAL']);
      }
      const { workflow_id: id } = await client.workflows.create({ workflow_name: 'payouts' });
      const held = await client.workflows.gate(id, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer' } });
      await live.app.approvals.decide(SCOPE, held.approval_id!, 'rejected', 'finance-lead', 'vendor not on the allow list');
      expect(await client.workflows.get(id)).toMatchObject({ status: 'aborted', failure_class: 'policy_block' });
      expect((await failure(client.workflows.gate(id, 'pay', { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer' } }))).code).toBe('WORKFLOW_TERMINAL');
    });

    it('fails and aborts with reasons, lists with filters, and lists checkpoints', async () => {
      const trace = `trace-${Date.now()}`;
      const a = await client.workflows.create({ workflow_name: 'list-me', source: 'crewai', trace_id: trace });
      const b = await client.workflows.create({ workflow_name: 'list-me', source: 'crewai', trace_id: trace });
      const c = await client.workflows.create({ workflow_name: 'list-me', source: 'langchain', trace_id: trace });
      expect(await client.workflows.fail(a.workflow_id, 'model returned invalid JSON')).toEqual({ workflow_id: a.workflow_id, status: 'failed', message: 'Workflow failed', reason: 'model returned invalid JSON' });
      expect(await client.workflows.abort(b.workflow_id)).toMatchObject({ status: 'aborted', reason: 'Aborted by user' });
      const byTrace = await client.workflows.list({ trace_id: trace });
      expect(byTrace.total).toBe(3);
      expect((await client.workflows.list({ trace_id: trace, status: 'aborted' })).workflows.map((w) => w.workflow_id)).toEqual([b.workflow_id]);
      expect((await client.workflows.list({ trace_id: trace, source: 'langchain' })).workflows.map((w) => w.workflow_id)).toEqual([c.workflow_id]);
      const page = await client.workflows.list({ trace_id: trace, limit: 2, offset: 0 });
      expect([page.workflows.length, page.has_more, page.limit]).toEqual([2, true, 2]);
      expect(page.workflows[0]!.steps).toBeUndefined();

      await client.workflows.gate(c.workflow_id, 'one', { step_type: 'llm_call' });
      await client.workflows.completeStep(c.workflow_id, 'one');
      await client.workflows.gate(c.workflow_id, 'two', { step_type: 'tool_call' });
      const checkpoints = await client.workflows.checkpoints(c.workflow_id);
      expect(checkpoints).toMatchObject({ workflow_id: c.workflow_id, count: 1, checkpoints: [{ step_id: 'one', step_index: 0, step_type: 'llm_call' }] });
    });

    it('hides workflows of other tenants and reported runs from WCP reads (404)', async () => {
      const other = await live.client('operator', 'other-tenant');
      const mine = await client.workflows.create({ workflow_name: 'private' });
      for (const attempt of [
        () => other.workflows.get(mine.workflow_id),
        () => other.workflows.gate(mine.workflow_id, 's', { step_type: 'llm_call' }),
        () => other.workflows.checkpoints(mine.workflow_id),
      ]) {
        const error = await failure(attempt);
        expect([error.status, error.code]).toEqual([404, 'WORKFLOW_NOT_FOUND']);
      }
      await client.events.send([{ type: 'execution.started', event_id: 'e1', execution_id: 'reported-run-1', workflow_name: 'reported' }]);
      expect((await failure(client.workflows.get('reported-run-1'))).code).toBe('WORKFLOW_NOT_FOUND');
      expect((await other.workflows.list()).total).toBe(0);
    });
  });
}
