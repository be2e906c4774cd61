/**
 * /api/v1/budgets over HTTP: CRUD and its 400/403/404/409 answers, alerts at 50/80/100% recorded
 * once, every on_exceed action at a WCP gate (the budget recorded on the step like a policy match),
 * organization budgets across tenants, and AxonFlow's budget check. Spend is real: gated steps
 * completed with a cost, summed from the usage projection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';

type Headers = Record<string, string>;

for (const harness of storeHarnesses()) {
  describe(`budgets API [${harness.kind}]`, () => {
    let app: TestApp;
    let viewer: Headers;
    let operator: Headers;
    let step = 0;

    async function bearer(role: 'viewer' | 'operator' | 'admin', orgId = 'default', tenantId = 'default'): Promise<Headers> {
      const issued = await app.credentials.create({ scope: { orgId, tenantId }, role });
      return { authorization: `Bearer ${issued.clientSecret}` };
    }

    async function createBudget(payload: Record<string, unknown>, headers?: Headers) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/budgets', payload, ...(headers ? { headers } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }

    async function workflow(name: string, headers?: Headers): Promise<string> {
      return (await app.inject({ method: 'POST', url: '/api/v1/workflows', payload: { workflow_name: name }, ...(headers ? { headers } : {}) })).json().workflow_id;
    }

    async function gate(wf: string, extra: Record<string, unknown> = {}, headers?: Headers) {
      const res = await app.inject({ method: 'POST', url: `/api/v1/workflows/${wf}/steps/s${++step}/gate`, payload: { step_type: 'llm_call', provider: 'openai', model: 'gpt-4o', ...extra }, ...(headers ? { headers } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      return { stepId: `s${step}`, body: res.json() };
    }

    /** A gated, completed step that cost `usd`. */
    async function spend(wf: string, usd: number, headers?: Headers) {
      const { stepId, body } = await gate(wf, {}, headers);
      expect(body.decision).toBe('allow');
      const done = await app.inject({ method: 'POST', url: `/api/v1/workflows/${wf}/steps/${stepId}/complete`, payload: { cost_usd: usd }, ...(headers ? { headers } : {}) });
      expect(done.statusCode, done.body).toBeLessThan(300);
    }

    const status = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/budgets/${id}/status`, headers: viewer })).json();
    const alerts = async (id: string) => (await app.inject({ method: 'GET', url: `/api/v1/budgets/${id}/alerts`, headers: viewer })).json();

    beforeAll(async () => {
      app = await startTestApp(harness);
      viewer = await bearer('viewer');
      operator = await bearer('operator');
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    it('creates with defaults, reads, lists, changes and deletes; a taken id is 409', async () => {
      const created = await createBudget({ id: 'support-monthly', name: 'Support monthly', scope: 'workflow', scope_id: 'support', limit_usd: 40, period: 'monthly' });
      expect(created).toMatchObject({
        id: 'support-monthly',
        name: 'Support monthly',
        scope: 'workflow',
        scope_id: 'support',
        limit_usd: 40,
        period: 'monthly',
        on_exceed: 'warn',
        alert_thresholds: [50, 80, 100],
        enabled: true,
        org_id: 'default',
        tenant_id: 'default',
        created_by: 'axf_bootstrap_admin',
      });
      const duplicate = await app.inject({ method: 'POST', url: '/api/v1/budgets', payload: { id: 'support-monthly', name: 'again', scope: 'tenant', limit_usd: 1, period: 'daily' } });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toMatchObject({ code: 'BUDGET_ALREADY_EXISTS', details: { budgetId: 'support-monthly' } });

      const generated = await createBudget({ name: 'Whole tenant', scope: 'tenant', limit_usd: 1000, period: 'yearly', on_exceed: 'block', alert_thresholds: [100, 90, 90], enabled: false });
      expect(generated.id).toMatch(/^bud_/);
      expect(generated).toMatchObject({ scope_id: 'default', alert_thresholds: [90, 100], enabled: false });

      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/support-monthly', headers: viewer })).json()).toEqual(created);
      const list = (await app.inject({ method: 'GET', url: '/api/v1/budgets?scope=workflow', headers: viewer })).json();
      expect(list).toMatchObject({ total: 1, limit: 50, offset: 0 });
      expect(list.budgets[0].id).toBe('support-monthly');
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets?enabled=false' })).json().budgets.map((b: { id: string }) => b.id)).toEqual([generated.id]);

      const changed = await app.inject({ method: 'PUT', url: '/api/v1/budgets/support-monthly', payload: { limit_usd: 45.5, on_exceed: 'block', alert_thresholds: [75] } });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ id: 'support-monthly', name: 'Support monthly', limit_usd: 45.5, on_exceed: 'block', alert_thresholds: [75], scope_id: 'support' });

      expect((await app.inject({ method: 'DELETE', url: '/api/v1/budgets/support-monthly' })).statusCode).toBe(204);
      expect((await app.inject({ method: 'DELETE', url: `/api/v1/budgets/${generated.id}` })).statusCode).toBe(204);
      const gone = await app.inject({ method: 'GET', url: '/api/v1/budgets/support-monthly' });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().code).toBe('BUDGET_NOT_FOUND');
      expect((await app.inject({ method: 'PUT', url: '/api/v1/budgets/support-monthly', payload: { limit_usd: 1 } })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/budgets/support-monthly' })).statusCode).toBe(404);
      const audit = await app.store.listAudit({ orgId: 'default', tenantId: 'default' }, { targetType: 'budget', targetId: 'support-monthly', limit: 10 });
      expect(audit.map((a) => a.action).sort()).toEqual(['budget.create', 'budget.delete', 'budget.update']);
    });

    it("answers 404 for another tenant's budget, everywhere; admins reach it by naming the tenant", async () => {
      await createBudget({ id: 'acme-only', name: 'Acme', scope: 'tenant', limit_usd: 5, period: 'monthly', tenant_id: 'acme' });
      const acmeViewer = await bearer('viewer', 'default', 'acme');
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/acme-only', headers: acmeViewer })).statusCode).toBe(200);
      for (const url of ['/api/v1/budgets/acme-only', '/api/v1/budgets/acme-only/status', '/api/v1/budgets/acme-only/alerts']) {
        const res = await app.inject({ method: 'GET', url, headers: viewer });
        expect(res.statusCode, url).toBe(404);
        expect(res.json().code).toBe('BUDGET_NOT_FOUND');
        expect((await app.inject({ method: 'GET', url })).statusCode, `admin of default: ${url}`).toBe(404);
      }
      expect((await app.inject({ method: 'PUT', url: '/api/v1/budgets/acme-only', payload: { limit_usd: 1 } })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: '/api/v1/budgets/acme-only' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/acme-only?tenant_id=acme' })).json().tenant_id).toBe('acme');
      // A non-admin cannot name another tenant; a stranger org cannot reach it at all.
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/acme-only?tenant_id=acme', headers: viewer })).statusCode).toBe(403);
      const stranger = await bearer('admin', 'other-org', 'acme');
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/acme-only', headers: stranger })).statusCode).toBe(404);
    });

    it('refuses bad input with 400 naming the field, and writes by non-admins with 403', async () => {
      const base = { name: 'x', scope: 'workflow', scope_id: 'wf', limit_usd: 10, period: 'monthly' };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...base, limit_usd: 0 }, 'limit_usd'],
        [{ ...base, limit_usd: -5 }, 'limit_usd'],
        [{ ...base, scope: 'team' }, 'scope'],
        [{ ...base, period: 'hourly' }, 'period'],
        [{ ...base, on_exceed: 'downgrade' }, 'on_exceed'],
        [{ ...base, alert_thresholds: [0] }, 'alert_thresholds.0'],
        [{ ...base, alert_thresholds: [50, 1001] }, 'alert_thresholds.1'],
        [{ ...base, scope_id: undefined }, 'scope_id'],
        [{ ...base, scope: 'tenant', scope_id: 'someone-else' }, 'scope_id'],
        [{ ...base, scope: 'organization', scope_id: 'other-org' }, 'scope_id'],
        [{ ...base, id: 'has space' }, 'id'],
        [{ ...base, name: '' }, 'name'],
      ];
      for (const [payload, field] of cases) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/budgets', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
        expect(res.json().details.issues.map((i: { field: string }) => i.field), JSON.stringify(payload)).toContain(field);
      }
      await createBudget({ id: 'fixed-scope', ...base });
      const scopeChange = await app.inject({ method: 'PUT', url: '/api/v1/budgets/fixed-scope', payload: { scope: 'tenant' } });
      expect(scopeChange.statusCode).toBe(400);
      expect((await app.inject({ method: 'PUT', url: '/api/v1/budgets/fixed-scope', payload: { limit_usd: 0 } })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets?limit=0' })).statusCode).toBe(400);
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/fixed-scope/alerts?limit=500' })).statusCode).toBe(400);
      for (const [method, url] of [['POST', '/api/v1/budgets'], ['PUT', '/api/v1/budgets/fixed-scope'], ['DELETE', '/api/v1/budgets/fixed-scope']] as const) {
        const res = await app.inject({ method, url, headers: operator, ...(method === 'DELETE' ? {} : { payload: base }) });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json()).toMatchObject({ code: 'FORBIDDEN', details: { action: 'manage budgets' } });
      }
      await app.inject({ method: 'DELETE', url: '/api/v1/budgets/fixed-scope' });
    });

    it('records an alert when spend reaches 50, 80 and 100% of the limit, once each', async () => {
      await createBudget({ id: 'thresholds', name: 'Thresholds', scope: 'workflow', scope_id: 'thresholds-wf', limit_usd: 10, period: 'monthly', on_exceed: 'warn' });
      const wf = await workflow('thresholds-wf');
      await spend(wf, 4);
      expect(await status('thresholds')).toMatchObject({ used_usd: 4, remaining_usd: 6, percentage: 40, is_exceeded: false, is_blocked: false });
      expect(await alerts('thresholds')).toEqual({ alerts: [], count: 0 });

      await spend(wf, 1.5);
      // The next gate sees 55% and records the 50% alert; reading the status again adds nothing.
      await gate(wf);
      await status('thresholds');
      const fifty = await alerts('thresholds');
      expect(fifty.count).toBe(1);
      expect(fifty.alerts[0]).toMatchObject({ budget_id: 'thresholds', threshold: 50, alert_type: 'threshold_reached', percentage_reached: 55, amount_usd: 5.5, limit_usd: 10, acknowledged: false });
      expect(fifty.alerts[0].message).toBe("Budget 'Thresholds' reached 50% of its limit: $5.50 of $10.00 (55%) used this monthly period");

      await spend(wf, 2.5);
      expect(await status('thresholds')).toMatchObject({ used_usd: 8, percentage: 80, is_exceeded: false });
      expect((await alerts('thresholds')).alerts.map((a: { threshold: number }) => a.threshold)).toEqual([80, 50]);

      await spend(wf, 2.5);
      const over = await status('thresholds');
      expect(over).toMatchObject({ used_usd: 10.5, remaining_usd: 0, percentage: 105, is_exceeded: true, is_blocked: false });
      expect(Date.parse(over.period_end)).toBeGreaterThan(Date.parse(over.period_start));
      await status('thresholds');
      await gate(wf);
      const all = await alerts('thresholds');
      expect(all.count).toBe(3);
      expect(all.alerts.map((a: { threshold: number; alert_type: string }) => [a.threshold, a.alert_type])).toEqual([
        [100, 'budget_exceeded'],
        [80, 'threshold_reached'],
        [50, 'threshold_reached'],
      ]);
      expect(all.alerts[0].period_start).toBe(over.period_start);
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/thresholds/alerts?limit=1' })).json().count).toBe(1);
    });

    it('blocks at the gate when a block budget is exceeded, with the budget in policies_matched', async () => {
      await createBudget({ id: 'blk', name: 'Block budget', description: 'hard stop', scope: 'workflow', scope_id: 'wf-block', limit_usd: 1, period: 'monthly', on_exceed: 'block' });
      const wf = await workflow('wf-block', operator);
      const first = await gate(wf, {}, operator);
      expect(first.body.decision).toBe('allow');
      expect(first.body.policies_evaluated).toContainEqual(expect.objectContaining({ policy_id: 'budget:blk', action: 'block' }));
      expect(first.body.policies_matched).toEqual([]);
      await app.inject({ method: 'POST', url: `/api/v1/workflows/${wf}/steps/${first.stepId}/complete`, headers: operator, payload: { cost_usd: 1.2 } });

      const blocked = (await gate(wf, {}, operator)).body;
      expect(blocked.decision).toBe('block');
      expect(blocked.reason).toBe("Budget 'Block budget' used $1.20 of $1.00 (120%) this monthly period");
      expect(blocked.policy_ids).toEqual(['budget:blk']);
      expect(blocked.policies_matched).toEqual([
        {
          policy_id: 'budget:blk',
          policy_name: 'Block budget',
          action: 'block',
          risk_level: 'high',
          reason: "Budget 'Block budget' used $1.20 of $1.00 (120%) this monthly period",
          matched_rule: 'monthly spend >= $1.00',
          policy_description: 'hard stop',
        },
      ]);
      const run = (await app.inject({ method: 'GET', url: `/api/v1/workflows/${wf}` })).json();
      expect(run).toMatchObject({ failure_class: 'budget_exceeded' });
      expect(await status('blk')).toMatchObject({ is_exceeded: true, is_blocked: true });
      // Other workflows are not under this budget.
      const elsewhere = (await gate(await workflow('wf-unrelated'))).body;
      expect(elsewhere.decision).toBe('allow');
      expect(elsewhere.policies_evaluated.map((p: { policy_id: string }) => p.policy_id)).not.toContain('budget:blk');
      // Disabled, it no longer applies.
      await app.inject({ method: 'PUT', url: '/api/v1/budgets/blk', payload: { enabled: false } });
      expect((await gate(wf, {}, operator)).body).toMatchObject({ decision: 'allow', policies_evaluated: [] });
    });

    it('allows at the gate with the match recorded when a warn budget is exceeded', async () => {
      await createBudget({ id: 'wrn', name: 'Warn budget', scope: 'workflow', scope_id: 'wf-warn', limit_usd: 1, period: 'monthly', on_exceed: 'warn' });
      const wf = await workflow('wf-warn');
      await spend(wf, 1.5);
      const warned = await gate(wf);
      expect(warned.body.decision).toBe('allow');
      expect(warned.body.policies_matched).toEqual([expect.objectContaining({ policy_id: 'budget:wrn', action: 'warn', risk_level: 'medium', reason: "Budget 'Warn budget' used $1.50 of $1.00 (150%) this monthly period" })]);
      // Recorded on the step: the replay API shows it among the policies the step triggered.
      const steps = (await app.inject({ method: 'GET', url: `/api/v1/executions/${wf}/steps` })).json();
      const recorded = steps.find((s: { step_id?: string; step_name?: string }) => s.step_id === warned.stepId || s.step_name === warned.stepId);
      expect(JSON.stringify(recorded)).toContain('budget:wrn');
    });

    it('asks for approval at the gate when a require_approval budget is exceeded', async () => {
      await createBudget({ id: 'apr', name: 'Approval budget', scope: 'workflow', scope_id: 'wf-approve', limit_usd: 1, period: 'monthly', on_exceed: 'require_approval' });
      const wf = await workflow('wf-approve');
      await spend(wf, 2);
      const held = (await gate(wf)).body;
      expect(held.decision).toBe('require_approval');
      expect(held.approval_id).toBeDefined();
      expect(held.policies_matched).toEqual([expect.objectContaining({ policy_id: 'budget:apr', action: 'require_approval', risk_level: 'medium' })]);
    });

    it("counts the gate's declared cost_usd toward the limit", async () => {
      await createBudget({ id: 'dec', name: 'Declared', scope: 'workflow', scope_id: 'wf-declared', limit_usd: 5, period: 'monthly', on_exceed: 'block' });
      const wf = await workflow('wf-declared');
      expect((await gate(wf, { cost_usd: 4.99 })).body.decision).toBe('allow');
      const blocked = (await gate(wf, { cost_usd: 6 })).body;
      expect(blocked.decision).toBe('block');
      expect(blocked.reason).toBe("Budget 'Declared' used $0.00 of $5.00 (0%) this monthly period; this step's declared $6.00 brings it to $6.00 (120%)");
    });

    it('applies agent and provider budgets to gates with that agent or provider', async () => {
      await createBudget({ id: 'prov', name: 'Anthropic spend', scope: 'provider', scope_id: 'anthropic', limit_usd: 0.5, period: 'daily', on_exceed: 'warn' });
      await createBudget({ id: 'agent', name: 'Planner spend', scope: 'agent', scope_id: 'planner', limit_usd: 100, period: 'weekly', on_exceed: 'warn' });
      const wf = await workflow('wf-provider');
      const openai = (await gate(wf)).body;
      expect(openai.policies_evaluated.map((p: { policy_id: string }) => p.policy_id)).not.toContain('budget:prov');
      const { stepId } = await gate(wf, { provider: 'anthropic', model: 'claude-sonnet-4' });
      await app.inject({ method: 'POST', url: `/api/v1/workflows/${wf}/steps/${stepId}/complete`, payload: { cost_usd: 0.75 } });
      const anthropic = (await gate(wf, { provider: 'anthropic', model: 'claude-sonnet-4' })).body;
      expect(anthropic.policies_matched).toEqual([expect.objectContaining({ policy_id: 'budget:prov', action: 'warn' })]);
      // The agent budget applies when the run names its agent (metadata.agent_id).
      const planned = (await app.inject({ method: 'POST', url: '/api/v1/workflows', payload: { workflow_name: 'wf-agent', metadata: { agent_id: 'planner' } } })).json().workflow_id;
      expect((await gate(planned)).body.policies_evaluated.map((p: { policy_id: string }) => p.policy_id)).toContain('budget:agent');
      expect((await gate(wf)).body.policies_evaluated.map((p: { policy_id: string }) => p.policy_id)).not.toContain('budget:agent');
    });

    it("applies an organization budget to every tenant of its org, counting all of them", async () => {
      const orgAdmin = await bearer('admin', 'org-b', 'hq');
      const tenantA = await bearer('operator', 'org-b', 'team-a');
      const tenantB = await bearer('operator', 'org-b', 'team-b');
      await createBudget({ id: 'org-cap', name: 'Org cap', scope: 'organization', limit_usd: 2, period: 'monthly', on_exceed: 'block' }, orgAdmin);
      await spend(await workflow('any', tenantA), 1.25, tenantA);
      await spend(await workflow('other', tenantB), 1, tenantB);
      const blocked = (await gate(await workflow('third', tenantA), {}, tenantA)).body;
      expect(blocked.decision).toBe('block');
      expect(blocked.policies_matched[0]).toMatchObject({ policy_id: 'budget:org-cap', reason: "Budget 'Org cap' used $2.25 of $2.00 (112%) this monthly period" });
      expect((await app.inject({ method: 'GET', url: '/api/v1/budgets/org-cap/status', headers: orgAdmin })).json()).toMatchObject({ used_usd: 2.25, is_blocked: true });
      // The default org is untouched.
      expect((await gate(await workflow('third'))).body.policies_evaluated.map((p: { policy_id: string }) => p.policy_id)).not.toContain('budget:org-cap');
    });

    it('answers the AxonFlow budget check: allowed, or the most restrictive exceeded budget', async () => {
      const check = async (payload: Record<string, unknown>) => {
        const res = await app.inject({ method: 'POST', url: '/api/v1/budgets/check', headers: viewer, payload });
        expect(res.statusCode, res.body).toBe(200);
        return res.json();
      };
      expect(await check({})).toEqual({ allowed: true, budgets_checked: 0 });
      await createBudget({ id: 'chk', name: 'Check budget', scope: 'workflow', scope_id: 'wf-check', limit_usd: 3, period: 'monthly', on_exceed: 'block' });
      expect(await check({ workflow_id: 'wf-check', org_id: 'ignored', team_id: 'ignored' })).toEqual({ allowed: true, budgets_checked: 1 });
      expect(await check({ workflow: 'wf-check', estimated_cost_usd: 3 })).toMatchObject({ allowed: false, action: 'block', budget_id: 'chk', used_usd: 0, limit_usd: 3, percentage: 0 });
      await spend(await workflow('wf-check'), 3.3);
      expect(await check({ workflow: 'wf-check' })).toEqual({
        allowed: false,
        action: 'block',
        budget_id: 'chk',
        budget_name: 'Check budget',
        used_usd: 3.3,
        limit_usd: 3,
        percentage: 110,
        message: "Budget 'Check budget' used $3.30 of $3.00 (110%) this monthly period",
        budgets_checked: 1,
      });
      // A warn budget alone leaves the spend allowed, and says so.
      expect(await check({ workflow: 'wf-warn' })).toMatchObject({ allowed: true, action: 'warn', budget_id: 'wrn' });
      const bad = await app.inject({ method: 'POST', url: '/api/v1/budgets/check', payload: { estimated_cost_usd: -1 } });
      expect(bad.statusCode).toBe(400);
    });
  });
}
