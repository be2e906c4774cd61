/**
 * /api/v1/pricing over HTTP: effective prices with their source (built-in, the deployment's file,
 * the org's overrides), and an override changing the cost of the next completed step and of
 * reported LLM calls, for its org only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { Store } from '../../core/ports/store.js';
import type { CredentialService } from '../../services/credential-service.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import type { FastifyInstance, InjectOptions } from 'fastify';

const ADMIN_SECRET = 'test-admin-secret-0123456789abcdef';
const FILE_PRICES = { providers: { mistral: { '*': { inputPer1k: 0.001, outputPer1k: 0.003 } }, openai: { 'gpt-4.1': { inputPer1k: 0.004, outputPer1k: 0.012 } } } };

for (const harness of storeHarnesses()) {
  describe(`pricing API [${harness.kind}]`, () => {
    let server: FastifyInstance;
    let store: Store;
    let credentials: CredentialService;
    const inject = (opts: InjectOptions) => server.inject({ ...opts, headers: { authorization: `Bearer ${ADMIN_SECRET}`, ...opts.headers } });

    beforeAll(async () => {
      store = harness.location().open();
      await store.migrate();
      ({ server, credentials } = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 30_000 }, version: 'test', filePrices: FILE_PRICES }));
      await credentials.ensureBootstrapAdmin(ADMIN_SECRET);
    });
    afterAll(async () => {
      await server.close();
      await store.close();
      await harness.cleanup();
    });

    async function bearer(role: 'viewer' | 'operator', orgId = 'default') {
      const issued = await credentials.create({ scope: { orgId, tenantId: 'default' }, role });
      return { authorization: `Bearer ${issued.clientSecret}` };
    }

    /** Gates and completes one step that reports tokens but no cost; returns the cost charged. */
    async function completedStepCost(model: string, headers?: Record<string, string>): Promise<number> {
      const wf = (await inject({ method: 'POST', url: '/api/v1/workflows', payload: { workflow_name: 'priced' }, headers })).json().workflow_id;
      const gate = await inject({ method: 'POST', url: `/api/v1/workflows/${wf}/steps/s1/gate`, payload: { step_type: 'llm_call', provider: 'openai', model }, headers });
      expect(gate.json().decision, gate.body).toBe('allow');
      const done = await inject({ method: 'POST', url: `/api/v1/workflows/${wf}/steps/s1/complete`, payload: { tokens_in: 1000, tokens_out: 1000 }, headers });
      expect(done.statusCode, done.body).toBeLessThan(300);
      return (await inject({ method: 'GET', url: `/api/v1/workflows/${wf}`, headers })).json().cost_usd;
    }

    it('lists every effective price with its source, to any caller, and filters by provider', async () => {
      const res = await inject({ method: 'GET', url: '/api/v1/pricing', headers: await bearer('viewer') });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.count).toBe(body.prices.length);
      expect(body.prices).toContainEqual({ provider: 'openai', model: 'gpt-4o', input_per_1k: 0.0025, output_per_1k: 0.01, source: 'built_in' });
      expect(body.prices).toContainEqual({ provider: 'openai', model: 'gpt-4.1', input_per_1k: 0.004, output_per_1k: 0.012, source: 'file' });
      expect(body.prices).toContainEqual({ provider: 'mistral', model: '*', input_per_1k: 0.001, output_per_1k: 0.003, source: 'file' });
      const anthropic = (await inject({ method: 'GET', url: '/api/v1/pricing?provider=Anthropic' })).json();
      expect(anthropic.prices.map((p: { model: string }) => p.model)).toEqual(['*', 'claude-3-5-haiku', 'claude-opus-4', 'claude-sonnet-4']);
    });

    it('resolves the price a model is charged: exact, by prefix, or the provider fallback', async () => {
      const resolved = async (q: string) => (await inject({ method: 'GET', url: `/api/v1/pricing?${q}` })).json().resolved;
      expect(await resolved('provider=openai&model=gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o', priced_as: 'gpt-4o', matched: 'exact', input_per_1k: 0.0025, output_per_1k: 0.01, source: 'built_in' });
      expect(await resolved('provider=openai&model=gpt-4o-mini-2024-07-18')).toMatchObject({ priced_as: 'gpt-4o-mini', matched: 'prefix' });
      expect(await resolved('provider=mistral&model=mistral-large')).toMatchObject({ priced_as: '*', matched: 'provider_default', source: 'file' });
      const missing = await inject({ method: 'GET', url: '/api/v1/pricing?provider=cohere&model=command-r' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'PRICE_NOT_FOUND', details: { provider: 'cohere', model: 'command-r' } });
      const modelOnly = await inject({ method: 'GET', url: '/api/v1/pricing?model=gpt-4o' });
      expect(modelOnly.statusCode).toBe(400);
      expect(modelOnly.json().details.issues.map((i: { field: string }) => i.field)).toContain('provider');
    });

    it('prices the next completed step, and reported LLM calls, from an override; deleting it restores the old price', async () => {
      expect(await completedStepCost('gpt-4o')).toBe(0.0125);
      const put = await inject({ method: 'PUT', url: '/api/v1/pricing', payload: { providers: { OpenAI: { 'GPT-4o': { input_per_1k: 1, output_per_1k: 2 } } } } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json().prices).toContainEqual({ provider: 'openai', model: 'gpt-4o', input_per_1k: 1, output_per_1k: 2, source: 'override' });
      expect(await completedStepCost('gpt-4o')).toBe(3);
      // Dated snapshots resolve to the override too (longest prefix).
      expect(await completedStepCost('gpt-4o-2024-08-06')).toBe(3);

      const reported = await inject({
        method: 'POST',
        url: '/api/v1/events',
        payload: {
          events: [
            { event_id: 'e1', execution_id: 'rep-1', type: 'execution.started', workflow_name: 'reported' },
            { event_id: 'e2', execution_id: 'rep-1', type: 'llm.call', provider: 'openai', model: 'gpt-4o', tokens_in: 500, tokens_out: 250, latency_ms: 10, status: 'ok' },
          ],
        },
      });
      expect(reported.json().accepted).toBe(2);
      expect((await inject({ method: 'GET', url: '/api/v1/executions/rep-1' })).json().summary.total_cost_usd).toBe(1);

      // Another org is charged from its own table.
      const stranger = await bearer('operator', 'other-org');
      expect(await completedStepCost('gpt-4o', stranger)).toBe(0.0125);

      const removed = await inject({ method: 'DELETE', url: '/api/v1/pricing?provider=openai&model=GPT-4o' });
      expect(removed.statusCode).toBe(204);
      expect(await completedStepCost('gpt-4o')).toBe(0.0125);
      const again = await inject({ method: 'DELETE', url: '/api/v1/pricing?provider=openai&model=gpt-4o' });
      expect(again.statusCode).toBe(404);
      expect(again.json().code).toBe('PRICE_OVERRIDE_NOT_FOUND');
    });

    it('lets an override win over the file, and records who changed prices', async () => {
      await inject({ method: 'PUT', url: '/api/v1/pricing', payload: { providers: { openai: { 'gpt-4.1': { input_per_1k: 0.5, output_per_1k: 0.5, cached_input_per_1k: 0.1 } } } } });
      const resolved = (await inject({ method: 'GET', url: '/api/v1/pricing?provider=openai&model=gpt-4.1' })).json().resolved;
      expect(resolved).toMatchObject({ source: 'override', input_per_1k: 0.5, cached_input_per_1k: 0.1 });
      await inject({ method: 'DELETE', url: '/api/v1/pricing?provider=openai&model=gpt-4.1' });
      expect((await inject({ method: 'GET', url: '/api/v1/pricing?provider=openai&model=gpt-4.1' })).json().resolved.source).toBe('file');
      const audit = await store.listAudit({ orgId: 'default', tenantId: 'default' }, { targetType: 'pricing', limit: 10 });
      expect(audit.map((a) => a.action)).toContain('pricing.override_delete');
      expect(audit.every((a) => a.actor === 'axf_bootstrap_admin')).toBe(true);
    });

    it('refuses writes from non-admins and malformed prices', async () => {
      const operator = await bearer('operator');
      const denied = await inject({ method: 'PUT', url: '/api/v1/pricing', headers: operator, payload: { providers: { openai: { x: { input_per_1k: 1, output_per_1k: 1 } } } } });
      expect(denied.statusCode).toBe(403);
      expect((await inject({ method: 'DELETE', url: '/api/v1/pricing?provider=openai&model=x', headers: operator })).statusCode).toBe(403);
      const bad: [unknown, string][] = [
        [{ providers: { openai: { 'gpt-4o': { input_per_1k: -1, output_per_1k: 1 } } } }, 'providers.openai.gpt-4o.input_per_1k'],
        [{ providers: { openai: { 'gpt-4o': { input_per_1k: 1 } } } }, 'providers.openai.gpt-4o.output_per_1k'],
        [{ providers: {} }, 'providers'],
        [{ providers: { openai: {} } }, 'providers.openai'],
        [{ providers: { 'open ai': { m: { input_per_1k: 1, output_per_1k: 1 } } } }, 'providers'],
      ];
      for (const [payload, field] of bad) {
        const res = await inject({ method: 'PUT', url: '/api/v1/pricing', payload: payload as object });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().details.issues.map((i: { field: string }) => i.field).join(' '), JSON.stringify(payload)).toContain(field);
      }
    });
  });
}
