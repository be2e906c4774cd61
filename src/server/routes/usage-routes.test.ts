/**
 * /api/v1/usage over HTTP: totals and every breakdown on reported LLM calls, the default window
 * (this UTC month), explicit windows, tenant rules, and 400s naming the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

const FEB = 'start_time=2026-02-01T00:00:00Z&end_time=2026-03-01T00:00:00Z';

for (const harness of storeHarnesses()) {
  describe(`usage API [${harness.kind}]`, () => {
    let app: TestApp;
    let acmeOperator: Record<string, string>;
    let viewer: Record<string, string>;

    async function credential(role: 'viewer' | 'operator' | 'admin', tenantId = 'default') {
      const issued = await app.credentials.create({ scope: { orgId: 'default', tenantId }, role });
      return { authorization: `Bearer ${issued.clientSecret}` };
    }

    /** One reported run: a step of `agent` with one LLM call of `cost` at `at` (now when absent). */
    async function report(headers: Record<string, string> | undefined, id: string, workflow: string, agent: string | undefined, provider: string, model: string, cost: number, tokens: [number, number], at?: string) {
      const events = [
        { event_id: `${id}-start`, execution_id: id, type: 'execution.started', workflow_name: workflow, ...(at ? { at } : {}) },
        { event_id: `${id}-step`, execution_id: id, type: 'step.started', step_id: 's1', step_type: 'llm_call', ...(agent ? { agent_id: agent } : {}), provider, model, ...(at ? { at } : {}) },
        { event_id: `${id}-call`, execution_id: id, type: 'llm.call', step_id: 's1', provider, model, tokens_in: tokens[0], tokens_out: tokens[1], latency_ms: 100, status: 'ok', cost_usd: cost, ...(at ? { at } : {}) },
      ];
      const res = await app.inject({ method: 'POST', url: '/api/v1/events', payload: { events }, ...(headers ? { headers } : {}) });
      expect(res.json().accepted, res.body).toBe(3);
    }

    beforeAll(async () => {
      app = await startTestApp(harness);
      acmeOperator = await credential('operator', 'acme');
      viewer = await credential('viewer');
      await report(undefined, 'u1', 'support', 'triage', 'openai', 'gpt-4o', 0.5, [1000, 500], '2026-02-03T10:00:00.000Z');
      await report(undefined, 'u2', 'support', 'triage', 'openai', 'gpt-4o-mini', 0.1, [400, 100], '2026-02-10T10:00:00.000Z');
      await report(undefined, 'u3', 'refund', 'payer', 'anthropic', 'claude-sonnet-4', 1.4, [2000, 600], '2026-02-28T23:59:59.999Z');
      await report(undefined, 'u4', 'refund', undefined, 'anthropic', 'claude-sonnet-4', 9, [10, 10], '2026-03-01T00:00:00.000Z');
      await report(acmeOperator, 'u5', 'support', 'triage', 'openai', 'gpt-4o', 3, [300, 300], '2026-02-15T00:00:00.000Z');
      // This month, for the default window.
      await report(undefined, 'u6', 'support', 'triage', 'openai', 'gpt-4o', 0.25, [100, 50]);
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    it('totals the current UTC month by default', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/usage', headers: viewer });
      expect(res.statusCode, res.body).toBe(200);
      const now = new Date();
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
      const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
      expect(res.json()).toEqual({ period: 'monthly', period_start: start, period_end: end, cost_usd: 0.25, tokens_in: 100, tokens_out: 50, total_tokens: 150, request_count: 1, tenant_id: 'default' });
    });

    it('totals an explicit window, narrowed by provider, model, agent and workflow', async () => {
      const usage = async (query: string) => (await app.inject({ method: 'GET', url: `/api/v1/usage?${FEB}${query}` })).json();
      expect(await usage('')).toMatchObject({ period_start: '2026-02-01T00:00:00.000Z', period_end: '2026-03-01T00:00:00.000Z', cost_usd: 2, tokens_in: 3400, tokens_out: 1200, request_count: 3 });
      expect(await usage('&provider=openai')).toMatchObject({ cost_usd: 0.6, request_count: 2 });
      expect(await usage('&model=gpt-4o')).toMatchObject({ cost_usd: 0.5, request_count: 1 });
      expect(await usage('&agent_id=payer')).toMatchObject({ cost_usd: 1.4, request_count: 1 });
      expect(await usage('&workflow=support&provider=openai')).toMatchObject({ cost_usd: 0.6, request_count: 2 });
      // An admin may read another tenant of the org.
      expect(await usage('&tenant_id=acme')).toMatchObject({ cost_usd: 3, request_count: 1, tenant_id: 'acme' });
    });

    it('breaks usage down by workflow, provider, model and agent, most expensive first, with shares', async () => {
      const items = async (groupBy: string) => {
        const body = (await app.inject({ method: 'GET', url: `/api/v1/usage/breakdown?group_by=${groupBy}&${FEB}`, headers: viewer })).json();
        expect(body).toMatchObject({ group_by: groupBy, total_cost_usd: 2, total_request_count: 3 });
        return body.items.map((i: { group_value: string; cost_usd: number; percentage: number; request_count: number }) => [i.group_value, i.cost_usd, i.percentage, i.request_count]);
      };
      expect(await items('workflow')).toEqual([
        ['refund', 1.4, 70, 1],
        ['support', 0.6, 30, 2],
      ]);
      expect(await items('provider')).toEqual([
        ['anthropic', 1.4, 70, 1],
        ['openai', 0.6, 30, 2],
      ]);
      expect(await items('model')).toEqual([
        ['claude-sonnet-4', 1.4, 70, 1],
        ['gpt-4o', 0.5, 25, 1],
        ['gpt-4o-mini', 0.1, 5, 1],
      ]);
      expect(await items('agent')).toEqual([
        ['payer', 1.4, 70, 1],
        ['triage', 0.6, 30, 2],
      ]);
      const first = (await app.inject({ method: 'GET', url: `/api/v1/usage/breakdown?group_by=model&${FEB}` })).json().items[0];
      expect(first).toEqual({ group_by: 'model', group_value: 'claude-sonnet-4', cost_usd: 1.4, tokens_in: 2000, tokens_out: 600, request_count: 1, percentage: 70 });
    });

    it('breaks usage down by tenant across the org for admins only', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/usage/breakdown?group_by=tenant&${FEB}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ total_cost_usd: 5, total_request_count: 4 });
      expect(res.json().items.map((i: { group_value: string; cost_usd: number; percentage: number }) => [i.group_value, i.cost_usd, i.percentage])).toEqual([
        ['acme', 3, 60],
        ['default', 2, 40],
      ]);
      const denied = await app.inject({ method: 'GET', url: `/api/v1/usage/breakdown?group_by=tenant&${FEB}`, headers: viewer });
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toMatchObject({ code: 'FORBIDDEN', details: { required: 'admin' } });
    });

    it('answers an empty window with zeros and no items', async () => {
      const body = (await app.inject({ method: 'GET', url: '/api/v1/usage/breakdown?group_by=model&start_time=2020-01-01T00:00:00Z&end_time=2020-01-02T00:00:00Z' })).json();
      expect(body).toMatchObject({ total_cost_usd: 0, total_request_count: 0, items: [] });
    });

    it('answers 400 naming the parameter for an unknown group_by or period, a bad time or an empty window', async () => {
      const cases: [string, string][] = [
        ['/api/v1/usage/breakdown?group_by=team', 'group_by'],
        ['/api/v1/usage/breakdown?group_by=provider&period=hourly', 'period'],
        ['/api/v1/usage?period=fortnightly', 'period'],
        ['/api/v1/usage?start_time=yesterday', 'start_time'],
        ['/api/v1/usage?start_time=2026-02-02T00:00:00Z&end_time=2026-02-01T00:00:00Z', 'end_time'],
        ['/api/v1/usage?team_id=t1', 'team_id'],
      ];
      for (const [url, field] of cases) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
        expect(res.json().details.issues.map((i: { field: string }) => i.field), url).toContain(field);
      }
    });

    it('dates a reported call by its UTC time, whatever offset the client wrote', async () => {
      const tz = await credential('operator', 'tz');
      // 01:00 on March 1st at +02:00 is 23:00 UTC on February 28th.
      await report(tz, 'tz1', 'offset', undefined, 'openai', 'gpt-4o', 0.7, [1, 1], '2026-03-01T01:00:00+02:00');
      const feb = (await app.inject({ method: 'GET', url: `/api/v1/usage?${FEB}&tenant_id=tz` })).json();
      expect(feb).toMatchObject({ cost_usd: 0.7, request_count: 1 });
      const lastDay = (await app.inject({ method: 'GET', url: '/api/v1/usage?start_time=2026-02-28T22:59:59Z&end_time=2026-02-28T23:00:01Z&tenant_id=tz' })).json();
      expect(lastDay).toMatchObject({ cost_usd: 0.7, request_count: 1 });
    });

    it("keeps a non-admin in its own tenant: naming another is 403", async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/usage?tenant_id=acme', headers: viewer });
      expect(res.statusCode).toBe(403);
    });
  });
}
