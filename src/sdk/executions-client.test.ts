/**
 * The replay/export and unified execution APIs through the SDK, on both stores: AxonFlow's field
 * names on both surfaces, the shared filters over HTTP, cursors, count, timeline, export, delete,
 * cancel, and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxonFlowError, type AxonFlowClient, type IngestEvent } from './index.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

async function failure(call: () => Promise<unknown>): Promise<AxonFlowError> {
  try {
    await call();
  } catch (error) {
    if (AxonFlowError.is(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function run(id: string, name: string, minute: number, extra: { provider?: string; text?: string; fail?: 'provider' | 'connector'; cost?: number; metadata?: Record<string, string> } = {}): IngestEvent[] {
  const at = (s: number) => `2026-03-01T09:${String(minute).padStart(2, '0')}:${String(s).padStart(2, '0')}.000Z`;
  const events: IngestEvent[] = [
    { type: 'execution.started', event_id: `${id}-0`, execution_id: id, workflow_name: name, source: 'crewai', metadata: extra.metadata, at: at(0) },
    { type: 'step.started', event_id: `${id}-1`, execution_id: id, step_id: 'draft', step_name: 'draft reply', step_type: 'llm_call', input: { text: extra.text ?? 'hello' }, agent_id: 'writer', at: at(1) },
    { type: 'llm.call', event_id: `${id}-2`, execution_id: id, step_id: 'draft', provider: extra.provider ?? 'openai', model: 'gpt-4o', tokens_in: 1000, tokens_out: 100, latency_ms: 800, status: extra.fail === 'provider' ? 'error' : 'ok', error: extra.fail === 'provider' ? '503 upstream' : undefined, cost_usd: extra.cost ?? 0.01, at: at(2) },
  ];
  if (extra.fail === 'connector') events.push({ type: 'connector.call', event_id: `${id}-3`, execution_id: id, step_id: 'draft', connector: 'crm', operation: 'get', latency_ms: 3000, status: 'error', error: 'timeout', at: at(3) });
  if (extra.fail) {
    events.push({ type: 'step.failed', event_id: `${id}-4`, execution_id: id, step_id: 'draft', error: { message: `${extra.fail} broke`, source: extra.fail }, at: at(4) });
    events.push({ type: 'execution.failed', event_id: `${id}-5`, execution_id: id, error: { message: 'run failed', source: extra.fail }, step_id: 'draft', at: at(5) });
  } else {
    events.push({ type: 'step.completed', event_id: `${id}-4`, execution_id: id, step_id: 'draft', output: { reply: 'done' }, at: at(4) });
    events.push({ type: 'execution.completed', event_id: `${id}-5`, execution_id: id, at: at(5) });
  }
  return events;
}

for (const harness of storeHarnesses()) {
  describe(`execution APIs [${harness.kind}]`, () => {
    let live: LiveApp;
    let client: AxonFlowClient;

    beforeAll(async () => {
      live = await startLiveApp(harness, { decisions: { 'payments.transfer': 'require_approval' } });
      client = await live.client('operator');
      const answer = await client.events.send([
        ...run('ok-1', 'support-triage', 1, { metadata: { tier: 'gold' }, cost: 0.2 }),
        ...run('prov-1', 'support-triage', 2, { fail: 'provider', provider: 'anthropic', text: 'Bitte die Rückerstattung prüfen' }),
        ...run('conn-1', 'research-agent', 3, { fail: 'connector', cost: 0.05 }),
        ...run('ok-2', 'research-agent', 4, { text: '注文の返金', cost: 0.5 }),
      ]);
      expect(answer.rejected).toBe(0);
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('lists runs with AxonFlow’s replay field names, newest first, exact statuses kept in status_detail', async () => {
      const list = await client.executions.list();
      expect(list).toMatchObject({ total: 4, limit: 50, offset: 0, has_more: false });
      expect(list.executions.map((e) => e.request_id)).toEqual(['ok-2', 'conn-1', 'prov-1', 'ok-1']);
      expect(Object.keys(list.executions[0]!)).toEqual(
        expect.arrayContaining(['request_id', 'workflow_name', 'status', 'total_steps', 'completed_steps', 'started_at', 'completed_at', 'duration_ms', 'total_tokens', 'total_cost_usd', 'org_id', 'tenant_id', 'created_at', 'updated_at']),
      );
      expect(list.executions[2]).toMatchObject({ request_id: 'prov-1', status: 'failed', status_detail: 'failed', failure_class: 'provider_failure', duration_ms: 5000, total_tokens: 1100 });
      expect((await client.executions.list({ status: 'failed' })).executions.map((e) => e.request_id)).toEqual(['conn-1', 'prov-1']);
      expect((await client.executions.list({ workflow_id: 'research-agent' })).total).toBe(2);
    });

    it('applies every filter over HTTP, refusing unknown and malformed ones by name', async () => {
      const ids = async (query: Record<string, string | number>) => (await client.executions.list(query)).executions.map((e) => e.request_id);
      expect(await ids({ failure_class: 'provider_failure,connector_failure' })).toEqual(['conn-1', 'prov-1']);
      expect(await ids({ provider: 'anthropic' })).toEqual(['prov-1']);
      expect(await ids({ model: 'gpt-4o', agent: 'writer', source: 'crewai' })).toHaveLength(4);
      expect(await ids({ metadata: 'tier=gold' })).toEqual(['ok-1']);
      expect(await ids({ search: 'rückerstattung' })).toEqual(['prov-1']);
      expect(await ids({ search: '返金' })).toEqual(['ok-2']);
      expect(await ids({ search: '注文の返金' })).toEqual(['ok-2']);
      expect(await ids({ min_cost_usd: 0.1, max_cost_usd: 0.3 })).toEqual(['ok-1']);
      expect(await ids({ start_time: '2026-03-01T11:02:00+02:00', end_time: '2026-03-01T09:03:00Z' })).toEqual(['conn-1', 'prov-1']);
      expect(await ids({ sort: 'cost', order: 'asc' })).toEqual(['prov-1', 'conn-1', 'ok-1', 'ok-2']);
      expect(await client.executions.count({ status: 'completed' })).toBe(2);
      for (const [query, field] of [
        [{ colour: 'red' }, 'colour'],
        [{ attention: 'bored' }, 'attention'],
        [{ status: 'done' }, 'status'],
        [{ metadata: 'no-equals' }, 'metadata'],
        [{ search: 'a' }, 'search'],
        [{ limit: 5000 }, 'limit'],
        [{ sort: 'name' }, 'sort'],
      ] as const) {
        const error = await failure(() => client.executions.list(query));
        expect([error.status, error.code], JSON.stringify(query)).toEqual([400, 'VALIDATION_FAILED']);
        expect(JSON.stringify(error.details)).toContain(field);
      }
    });

    it('pages with next_cursor through every run exactly once', async () => {
      const seen: string[] = [];
      for await (const summary of client.executions.all({ limit: 1, sort: 'started_at', order: 'asc' })) seen.push(summary.request_id);
      expect(seen).toEqual(['ok-1', 'prov-1', 'conn-1', 'ok-2']);
      const first = await client.executions.list({ limit: 3 });
      expect(first).toMatchObject({ has_more: true });
      expect(first.next_cursor).toBeTypeOf('string');
    });

    it('reads one run, its steps, one step and its timeline with AxonFlow’s field names and every signal filled', async () => {
      const { summary, steps } = await client.executions.get('conn-1');
      expect(summary).toMatchObject({ request_id: 'conn-1', status: 'failed', failure_class: 'connector_failure', failure_step: 'draft' });
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({
        id: 1,
        request_id: 'conn-1',
        step_index: 0,
        step_name: 'draft reply',
        status: 'failed',
        input: { text: 'hello' },
        provider: 'openai',
        model: 'gpt-4o',
        tokens_in: 1000,
        tokens_out: 100,
        cost_usd: 0.05,
        error_message: 'connector broke',
        agent_id: 'writer',
        policies_checked: [],
      });
      expect(steps[0]!.connector_calls[0]).toMatchObject({ connector: 'crm', latency_ms: 3000, outcome: 'error' });
      expect(await client.executions.steps('conn-1')).toEqual(steps);
      expect(await client.executions.step('conn-1', 0)).toEqual(steps[0]);
      expect((await failure(() => client.executions.step('conn-1', 7))).code).toBe('STEP_NOT_FOUND');
      expect((await failure(() => client.http.request('GET', '/api/v1/executions/conn-1/steps/first'))).status).toBe(400);
      const timeline = await client.executions.timeline('conn-1');
      expect(timeline).toEqual([expect.objectContaining({ step_index: 0, step_name: 'draft reply', status: 'failed', has_error: true, has_approval: false, duration_ms: 3000 })]);
      const events = await client.executions.eventTimeline('conn-1');
      expect(events.items.map((i) => [i.type, i.offset_ms])).toEqual([
        ['execution.created', 0],
        ['step.started', 1000],
        ['provider.called', 2000],
        ['connector.called', 3000],
        ['step.failed', 4000],
        ['execution.failed', 5000],
      ]);
      expect(events.items[3]).toMatchObject({ step_id: 'draft', step_index: 0, duration_ms: 3000, summary: 'crm.get failed: timeout in 3000 ms' });
    });

    it('exports a run as pretty JSON, leaving out what is asked, as a download', async () => {
      const response = await fetch(`${live.url}/api/v1/executions/ok-1/export?include_input=false`, { headers: { authorization: `Bearer ${await secretOf(live, 'operator')}` } });
      expect(response.headers.get('content-disposition')).toBe('attachment; filename=execution-ok-1.json');
      const text = await response.text();
      expect(text).toContain('\n  "exported_at"');
      const body = JSON.parse(text);
      expect(body).toMatchObject({ format: 'json', execution: { summary: { request_id: 'ok-1', input_summary: null }, steps: [{ input: null, output: { reply: 'done' } }] } });
      const all = await client.executions.export('ok-1');
      expect(all.execution.steps[0]).toMatchObject({ input: { text: 'hello' }, policies_checked: [] });
      expect((await failure(() => client.http.request('GET', '/api/v1/executions/ok-1/export', { query: { format: 'pdf' } }))).code).toBe('VALIDATION_FAILED');
      const viewer = await live.client('viewer');
      expect((await failure(() => viewer.executions.export('ok-1'))).status).toBe(403);
    });

    it('serves the unified surface: ExecutionStatus with progress, Go duration and steps, nested errors', async () => {
      const list = await client.unified.list({ status: 'completed' });
      expect(list).toMatchObject({ total: 2, limit: 20, has_more: false });
      expect(list.executions[0]!.steps).toBeUndefined();
      const status = await client.unified.get('ok-1');
      expect(status).toMatchObject({ execution_id: 'ok-1', execution_type: 'reported', name: 'support-triage', status: 'completed', progress_percent: 100, duration: '5s', actual_cost_usd: 0.2, total_steps: 1 });
      expect((status.steps as Record<string, unknown>[])[0]).toMatchObject({ step_id: 'draft', step_index: 0, step_type: 'llm_call', status: 'completed', duration: '3s', policies_matched: [], cost_usd: 0.2 });
      const missing = await fetch(`${live.url}/api/v1/unified/executions/nope`, { headers: { authorization: `Bearer ${await secretOf(live, 'operator')}` } });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'EXECUTION_NOT_FOUND' } });
    });

    it('cancels a running run through the unified API; a second cancel is a 409', async () => {
      const runHandle = await client.workflows.start({ name: 'long-report' });
      const viewer = await live.client('viewer');
      expect((await failure(() => viewer.unified.cancel(runHandle.id, 'no'))).status).toBe(403);
      const cancelled = await client.unified.cancel(runHandle.id, 'customer withdrew');
      expect(cancelled).toMatchObject({ execution_id: runHandle.id, status: 'cancelled', failure_class: 'cancelled', failure_reason: 'customer withdrew' });
      const again = await failure(() => client.unified.cancel(runHandle.id));
      expect([again.status, again.code]).toEqual([409, 'EXECUTION_TERMINAL']);
      runHandle.detach();
    });

    it('deletes a run for admins only, records it in the audit log, and it is gone', async () => {
      await client.events.send(run('doomed', 'tmp', 9));
      expect((await failure(() => client.executions.delete('doomed'))).status).toBe(403);
      const admin = await live.client('admin');
      await admin.executions.delete('doomed', 'test data');
      expect((await failure(() => client.executions.get('doomed'))).code).toBe('EXECUTION_NOT_FOUND');
      expect((await failure(() => admin.executions.delete('doomed'))).status).toBe(404);
      const audit = await live.store.listAudit({ orgId: 'default', tenantId: 'default' }, { targetId: 'doomed', limit: 5 });
      expect(audit).toEqual([expect.objectContaining({ action: 'execution.deleted', targetType: 'execution', details: expect.objectContaining({ reason: 'test data', workflow_name: 'tmp' }) })]);
    });

    it('answers 404 for another tenant’s run on every read, and lets an admin read other tenants of its org', async () => {
      const other = await live.client('operator', 'elsewhere');
      for (const call of [() => other.executions.get('ok-1'), () => other.executions.steps('ok-1'), () => other.executions.timeline('ok-1'), () => other.executions.export('ok-1'), () => other.unified.get('ok-1'), () => other.unified.cancel('ok-2')]) {
        expect((await failure(call)).status).toBe(404);
      }
      expect((await other.executions.list()).total).toBe(0);
      const admin = await live.client('admin', 'elsewhere');
      expect((await admin.executions.list({ tenant_id: 'default', status: 'completed' })).total).toBe(2);
      expect((await failure(() => other.executions.list({ tenant_id: 'default' }))).status).toBe(403);
    });
  });
}

/** A raw secret for requests the SDK does not make (headers, pretty-printed bodies). */
async function secretOf(live: LiveApp, role: 'operator'): Promise<string> {
  return (await live.app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role })).clientSecret;
}

describe('stuck runs', () => {
  const [harness] = storeHarnesses();
  let live: LiveApp;
  beforeAll(async () => {
    live = await startLiveApp(harness!, { stuckAfterMs: 300 });
  });
  afterAll(async () => {
    await live.close();
    await harness!.cleanup();
  });

  it('marks a run with no progress for longer than the configured time as stuck, and filters on it', async () => {
    const client = await live.client('operator');
    await client.events.send([
      { type: 'execution.started', event_id: 'st-0', execution_id: 'quiet', workflow_name: 'nightly-sync' },
      { type: 'step.started', event_id: 'st-1', execution_id: 'quiet', step_id: 'pull' },
      { type: 'execution.started', event_id: 'st-2', execution_id: 'finished', workflow_name: 'nightly-sync' },
      { type: 'execution.completed', event_id: 'st-3', execution_id: 'finished' },
    ]);
    expect((await client.executions.list({ attention: 'stuck' })).total).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const stuck = await client.executions.list({ attention: 'stuck' });
    expect(stuck.executions.map((e) => [e.request_id, e.attention, e.failure_class])).toEqual([['quiet', 'stuck', 'workflow_logic_bug']]);
    expect(stuck.executions[0]!.failure_reason).toMatch(/^No progress for \d+ min \(last event at /);
    expect(await client.unified.get('quiet')).toMatchObject({ attention: 'stuck', failure_class: 'workflow_logic_bug' });
    expect((await client.executions.list({ failure_class: 'workflow_logic_bug' })).executions.map((e) => e.request_id)).toEqual(['quiet']);
  });
});
