/**
 * Tenant isolation, exhaustively (issue 11). Tenant A (org `default`, tenant `tenant-a`) creates one
 * object of every kind through the API: a WCP run with a completed step and a step waiting for
 * approval, a reported run with an LLM call, a webhook with a delivery, a policy, a budget, a fired
 * alert, a price override, a credential, a re-run target, and the audit records they leave. Then
 * two admins probe every operation of the served /openapi.json and the live streams:
 *
 * - `same-org`: the admin of tenant `tenant-b` of the same org;
 * - `other-org`: the admin of a tenant that is also called `tenant-a`, in another org, so a query
 *   that forgot the org would leak to it.
 *
 * Every path parameter is filled with A's ids (PATH_KINDS says which kind each one names; a route
 * with a parameter missing there fails the test, so a route added later cannot skip it): 404 with a
 * `*_NOT_FOUND` code. Operations without an id are called as they are, and with A's ids and names
 * in their filters: the answer must contain none of A's identifiers (the explicit ones, and every
 * id A itself sees in the list answers). Streams are read with Last-Event-ID 0 and a stream token.
 * Webhooks of the probing tenants must receive none of A's events. Every non-public operation
 * answers 401 with no credential and with a wrong one. Finally A's objects are as A left them.
 *
 * By design (decisions 0003, 0009): an admin reaches the other tenants of its own org only by naming
 * `tenant_id` (not done here), and policies and price overrides belong to the org, so the same-org
 * admin sees A's policy; a same-org viewer must not (it is scoped to tenant-a). `/metrics` is per
 * deployment (docs/security.md): behind its token, and carrying no object ids.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Operation, example, operationsOf } from '../test-support/openapi-routes.js';
import { approvalPolicies } from '../test-support/approval-policies.js';
import { idsIn, markersIn } from '../test-support/json-ids.js';
import { startLiveApp, type LiveApp } from '../test-support/live-app.js';
import { openSse } from '../test-support/sse-reader.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';

type Kind = 'execution' | 'step' | 'stepIndex' | 'approval' | 'webhook' | 'delivery' | 'budget' | 'alert' | 'credential' | 'policy' | 'rerunTarget';

/**
 * Every path parameter of the API, keyed by the path segment before it, and the kind of object it
 * names. A parameter missing here fails the test: add it, and an object of its kind to seedTenantA.
 */
const PATH_KINDS: Readonly<Record<string, Kind>> = {
  'executions/{id}': 'execution',
  'executions/{a}': 'execution',
  'diff/{b}': 'execution',
  'workflows/{id}': 'execution',
  'steps/{step_id}': 'step',
  'steps/{index}': 'stepIndex',
  'approvals/{id}': 'approval',
  'webhooks/{id}': 'webhook',
  'deliveries/{delivery_id}': 'delivery',
  'budgets/{id}': 'budget',
  'alerts/{id}': 'alert',
  'credentials/{client_id}': 'credential',
  'policies/{id}': 'policy',
  'rerun-targets/{workflow_name}': 'rerunTarget',
};

/** Belong to the org, not a tenant (decision 0009): the same-org admin reaches them by design. */
const ORG_OWNED: ReadonlySet<Kind> = new Set(['policy']);
/** Named by the caller: a PUT creates the caller's own object of that name, which is not A's. */
const NAMED_BY_CALLER: ReadonlySet<Kind> = new Set(['policy', 'rerunTarget']);

/** Bodies that pass validation, so a probe reaches the lookup; the rest use the schema's minimal example. */
const PROBE_BODIES: Readonly<Record<string, unknown>> = {
  'PUT /api/v1/webhooks/{id}': { url: 'http://127.0.0.1:9/hijacked', enabled: false },
  'PUT /api/v1/budgets/{id}': { limit_usd: 1 },
  'PUT /api/v1/policies/{id}': { name: 'hijacked', when: 'true', action: 'block', reason: 'hijacked' },
  'PUT /api/v1/rerun-targets/{workflow_name}': { url: 'http://127.0.0.1:9/hijacked' },
};

/** Tenant and org names are shared by design (the other org's tenant is also `tenant-a`): never markers. */
const SCOPE_NAMES = ['default', 'tenant-a', 'tenant-b'];

const METRICS_TOKEN = 'isolation-metrics-token-0123456789';
/** How long a stream that answered 200 is read: its snapshot and replay come at once. */
const PROBE_STREAM_MS = 400;

interface Doc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: any }[]; responses?: Record<string, { content?: Record<string, unknown> }> }>>;
}

interface Who {
  readonly name: string;
  readonly clientId: string;
  readonly secret: string;
  readonly headers: Record<string, string>;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** What tenant A owns, by kind, and the strings that must appear nowhere else. */
interface TenantA {
  readonly ids: Record<Kind, string[]>;
  readonly names: { workflow: string; trace: string; email: string; agent: string; model: string; priceModel: string; policy: string; otherPolicy: string };
  /** Every id A's own answers showed, beyond the explicit ones. */
  harvested: Set<string>;
}

const opKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

function paramKeys(path: string): { param: string; key: string }[] {
  const segments = path.split('/');
  return segments.flatMap((segment, i) => (/^\{\w+\}$/.test(segment) ? [{ param: segment.slice(1, -1), key: `${segments[i - 1]}/${segment}` }] : []));
}

function isStream(doc: Doc, op: Operation): boolean {
  return Boolean(doc.paths[op.path]?.[op.method.toLowerCase()]?.responses?.['200']?.content?.['text/event-stream']);
}

function requiredQuery(doc: Doc, op: Operation): Record<string, string> {
  const params = doc.paths[op.path]?.[op.method.toLowerCase()]?.parameters ?? [];
  return Object.fromEntries(params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(example(doc as never, p.schema ?? {}) ?? 'x')]));
}

/** The values of a query parameter's enum (every export format), or [undefined] when it has none. */
function formatsOf(doc: Doc, op: Operation): (string | undefined)[] {
  const format = op.queryParams.find((q) => q.name === 'format');
  const values = format?.schema.enum ?? [];
  return values.length > 0 ? (values as string[]) : [undefined];
}

function urlOf(path: string, values: Record<string, string | undefined>, query: Record<string, string | undefined> = {}): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]!));
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return search ? `${filled}?${search}` : filled;
}

function codeOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text);
    return typeof body.error === 'object' && body.error !== null ? body.error.code : body.code;
  } catch {
    return undefined;
  }
}

for (const harness of storeHarnesses()) {
  describe(`tenant isolation on every operation [${harness.kind}]`, () => {
    const sfx = randomBytes(4).toString('hex');
    let live: LiveApp;
    let doc: Doc;
    let operations: Operation[];
    const receivers: Record<string, WebhookReceiver> = {};
    let a: Who;
    let sameOrg: Who;
    let otherOrg: Who;
    let sameOrgViewer: Who;
    let tenantA: TenantA;
    /** Each prober's own objects, for routes with two ids (one of A's beside one of the caller's). */
    const own = new Map<string, Partial<Record<Kind, string[]>>>();

    async function credential(name: string, orgId: string, tenantId: string, role: 'admin' | 'viewer'): Promise<Who> {
      const issued = await live.app.credentials.create({ scope: { orgId, tenantId }, role, name });
      return { name, clientId: issued.credential.clientId, secret: issued.clientSecret, headers: { authorization: `Bearer ${issued.clientSecret}` } };
    }

    async function call(who: { headers: Record<string, string> } | undefined, method: string, url: string, body?: unknown): Promise<Answer> {
      const res = await live.app.server.inject({
        method: method as 'GET',
        url,
        headers: { ...(who?.headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.statusCode, text: res.body };
    }

    async function ok(who: Who, method: string, url: string, body?: unknown): Promise<any> {
      const res = await call(who, method, url, body);
      if (res.status >= 300) throw new Error(`${who.name} ${method} ${url}: ${res.status} ${res.text.slice(0, 300)}`);
      return res.text ? JSON.parse(res.text) : undefined;
    }

    /** A live stream read for a moment (streams never end by themselves). */
    async function stream(url: string, headers: Record<string, string>): Promise<Answer> {
      const sse = await openSse(`${live.url}${url}`, headers);
      if (sse.body !== undefined) return { status: sse.status, text: sse.body };
      await new Promise((resolve) => setTimeout(resolve, PROBE_STREAM_MS));
      sse.close();
      await sse.ended;
      return { status: sse.status, text: JSON.stringify(sse.messages) };
    }

    /** Tenant A's objects, each made through the API as A would make it. */
    async function seedTenantA(): Promise<TenantA> {
      const names = {
        workflow: `refunds-a-${sfx}`,
        trace: `trace-a-${sfx}`,
        email: `alice.${sfx}@tenant-a.example`,
        agent: `agent-a-${sfx}`,
        model: `model-a-${sfx}`,
        priceModel: `priced-a-${sfx}`,
        policy: `policy-a-${sfx}`,
        /** Probed only by creating a policy of that id elsewhere. */
        otherPolicy: `policy-a2-${sfx}`,
      };
      // First, so it sees every event A writes after it.
      const webhook = await ok(a, 'POST', '/api/v1/webhooks', { url: `${receivers.a!.url}`, secret: `whsec-a-${sfx}-0123456789`, description: `hook of ${names.email}` });
      const lookup = `lookup-a-${sfx}`;
      const pay = `pay-a-${sfx}`;
      const wcp = await ok(a, 'POST', '/api/v1/workflows', { workflow_name: names.workflow, trace_id: names.trace, metadata: { owner: names.email }, input: { customer: names.email } });
      const w: string = wcp.workflow_id;
      await ok(a, 'POST', `/api/v1/workflows/${w}/steps/${lookup}/gate`, { step_type: 'tool_call', step_name: 'lookup', step_input: { email: names.email } });
      await ok(a, 'POST', `/api/v1/workflows/${w}/steps/${lookup}/complete`, { output: { customer: names.email, card: '4111 1111 1111 1111' } });
      const held = await ok(a, 'POST', `/api/v1/workflows/${w}/steps/${pay}/gate`, { step_type: 'tool_call', tool_context: { tool_name: 'payments.transfer', tool_input: { amount: 900, to: names.email } } });
      expect(held.decision).toBe('require_approval');

      const r = `run-a-${sfx}`;
      const step = `draft-a-${sfx}`;
      const ingest = await ok(a, 'POST', '/api/v1/events', {
        events: [
          { type: 'execution.started', event_id: `${r}-1`, execution_id: r, workflow_name: names.workflow, trace_id: names.trace },
          { type: 'step.started', event_id: `${r}-2`, execution_id: r, step_id: step, agent_id: names.agent, provider: 'openai', model: names.model, input: { ticket: names.email } },
          { type: 'llm.call', event_id: `${r}-3`, execution_id: r, step_id: step, provider: 'openai', model: names.model, tokens_in: 120, tokens_out: 30, latency_ms: 200, status: 'ok', cost_usd: 0.01 },
          { type: 'connector.call', event_id: `${r}-4`, execution_id: r, step_id: step, connector: `crm-a-${sfx}`, operation: 'lookup', latency_ms: 20, status: 'error', error: 'timeout' },
          { type: 'step.completed', event_id: `${r}-5`, execution_id: r, step_id: step, output: { reply: `Dear ${names.email}` } },
          { type: 'execution.completed', event_id: `${r}-6`, execution_id: r, output: { sent: true } },
        ],
      });
      expect(ingest.accepted).toBe(6);

      const delivery = await ok(a, 'POST', `/api/v1/webhooks/${webhook.id}/test`);
      for (const id of [names.policy, names.otherPolicy]) await ok(a, 'POST', '/api/v1/policies', { id, name: `Policy of ${sfx}`, when: 'false', action: 'block', reason: 'never', scope: { tenant_id: 'tenant-a' } });
      const budget = await ok(a, 'POST', '/api/v1/budgets', { name: `budget-a-${sfx}`, scope: 'workflow', scope_id: names.workflow, limit_usd: 1000, period: 'monthly' });
      await ok(a, 'PUT', '/api/v1/alerts/rules', { pending_approvals: { max_pending: 0 }, connector_errors: { min_errors: 1, window_minutes: 60 } });
      await live.app.alertEvaluator.evaluate();
      const alerts = await ok(a, 'GET', '/api/v1/alerts');
      expect(alerts.alerts.length).toBeGreaterThan(0);
      await ok(a, 'PUT', '/api/v1/pricing', { providers: { openai: { [names.priceModel]: { input_per_1k: 0.5, output_per_1k: 1.5 } } } });
      const viewer = await ok(a, 'POST', '/api/v1/credentials', { role: 'viewer', name: `viewer-a-${sfx}` });
      await ok(a, 'PUT', `/api/v1/rerun-targets/${names.workflow}`, { url: `${receivers.a!.url}/rerun`, secret: `rerun-secret-a-${sfx}` });

      return {
        ids: {
          execution: [w, r],
          step: [pay, lookup],
          stepIndex: ['0', '1'],
          approval: [held.approval_id],
          webhook: [webhook.id],
          delivery: [delivery.id],
          budget: [budget.id],
          alert: alerts.alerts.map((x: { id: string }) => x.id),
          credential: [viewer.client_id, a.clientId],
          policy: [names.policy],
          rerunTarget: [names.workflow],
        },
        names,
        harvested: new Set(),
      };
    }

    /** Ids a tenant's own list answers show; `baseline` (what a fresh tenant sees) is left out. */
    async function harvest(who: Who, baseline: ReadonlySet<string>): Promise<Set<string>> {
      const found = new Set<string>();
      for (const op of operations.filter((o) => o.method === 'GET' && o.pathParams.length === 0 && !isStream(doc, o))) {
        const res = await call(who, 'GET', urlOf(op.path, {}, requiredQuery(doc, op)));
        if (res.status < 300) for (const line of res.text.startsWith('{') ? res.text.split('\n') : []) if (line.trim()) idsIn(JSON.parse(line), found);
      }
      for (const id of baseline) found.delete(id);
      return found;
    }

    /**
     * What must not appear in an answer to `who` from `path`: all of A's ids and names, less what `who`
     * may see by design (the same org's policies and prices, with who wrote them).
     */
    function markersFor(who: Who, except: readonly string[] = [], path = ''): string[] {
      const { ids, names, harvested } = tenantA;
      const orgOwnedRoute = /^\/api\/v1\/(policies|pricing)\b/.test(path);
      const orgVisible = who === sameOrg && orgOwnedRoute ? [names.policy, names.otherPolicy, names.priceModel, a.clientId] : [];
      const all = new Set<string>([
        ...Object.entries(ids).flatMap(([kind, values]) => (kind === 'stepIndex' ? [] : values)),
        ...Object.values(names),
        ...harvested,
      ]);
      for (const value of [...orgVisible, ...except, ...SCOPE_NAMES]) all.delete(value);
      // Names shorter than an id could occur by chance; every marker here carries the run's suffix or is a generated id.
      return [...all].filter((m) => m.length >= 8);
    }

    beforeAll(async () => {
      receivers.a = await startWebhookReceiver();
      receivers['same-org'] = await startWebhookReceiver();
      receivers['other-org'] = await startWebhookReceiver();
      // Failed attempts are not limited here: this test sends a wrong credential to every route on purpose.
      live = await startLiveApp(harness, {
        filePolicies: approvalPolicies(),
        webhooks: { tickMs: 50 },
        metrics: { token: METRICS_TOKEN },
        rateLimits: { requests: { max: 100_000, windowMs: 60_000 }, authFailures: 'off' },
      });
      doc = (await live.app.server.inject({ method: 'GET', url: '/openapi.json' })).json();
      operations = operationsOf(doc as never);
      a = await credential('a', 'default', 'tenant-a', 'admin');
      sameOrg = await credential('same-org', 'default', 'tenant-b', 'admin');
      otherOrg = await credential('other-org', `globex-${sfx}`, 'tenant-a', 'admin');
      sameOrgViewer = await credential('same-org-viewer', 'default', 'tenant-b', 'viewer');
      const fresh = await credential('baseline', `baseline-${sfx}`, 'baseline', 'admin');
      const baseline = await harvest(fresh, new Set());

      // The probers' own objects (before A's events, so their webhooks would see them if they leaked).
      for (const who of [sameOrg, otherOrg]) {
        const run = `run-${who.name}-${sfx}`;
        await ok(who, 'POST', '/api/v1/events', { events: [{ type: 'execution.started', event_id: `${run}-1`, execution_id: run, workflow_name: `own-${who.name}` }] });
        const hook = await ok(who, 'POST', '/api/v1/webhooks', { url: receivers[who.name]!.url });
        const delivery = await ok(who, 'POST', `/api/v1/webhooks/${hook.id}/test`);
        own.set(who.name, { execution: [run], webhook: [hook.id], delivery: [delivery.id] });
      }
      tenantA = await seedTenantA();
      tenantA.harvested = await harvest(a, baseline);
    }, 120_000);

    afterAll(async () => {
      await live?.close();
      for (const receiver of Object.values(receivers)) await receiver.close();
      await harness.cleanup();
    });

    it('covers every operation: each path parameter names a kind of object A has', () => {
      expect(operations.length).toBeGreaterThan(60);
      const unmapped = operations.flatMap((op) => paramKeys(op.path).filter((p) => !PATH_KINDS[p.key]).map((p) => `${opKey(op)} {${p.param}} (key ${p.key})`));
      expect(unmapped, 'path parameters with no entry in PATH_KINDS: add them, with an object of that kind in seedTenantA').toEqual([]);
      for (const kind of new Set(Object.values(PATH_KINDS))) expect(tenantA.ids[kind].length, `A has no ${kind}`).toBeGreaterThan(0);
      expect(tenantA.harvested.size).toBeGreaterThan(5);
    });

    it('lists, searches, exports and counts none of A objects, also when filtering by A ids and names', async () => {
      const failures: string[] = [];
      const probeValues: Record<string, string[]> = {
        workflow_id: [tenantA.ids.execution[0]!],
        execution_id: tenantA.ids.execution,
        target_id: tenantA.ids.execution,
        trace_id: [tenantA.names.trace],
        workflow: [tenantA.names.workflow],
        search: [tenantA.names.email],
        agent: [tenantA.names.agent],
        agent_id: [tenantA.names.agent],
        model: [tenantA.names.model],
        policy_id: [tenantA.names.policy],
        scope_id: [tenantA.names.workflow],
        actor: [a.clientId],
        metadata: [`owner=${tenantA.names.email}`],
        cursor: [],
      };
      for (const op of operations.filter((o) => o.pathParams.length === 0 && !o.isPublic)) {
        for (const who of [sameOrg, otherOrg]) {
          const queries: Record<string, string | undefined>[] = formatsOf(doc, op).map((format) => ({ ...requiredQuery(doc, op), format }));
          for (const q of op.queryParams) for (const value of probeValues[q.name] ?? []) queries.push({ ...requiredQuery(doc, op), [q.name]: value });
          for (const query of queries) {
            const url = urlOf(op.path, {}, query);
            const body = op.body ? (PROBE_BODIES[opKey(op)] ?? op.body.example) : undefined;
            const variants: { label: string; run: () => Promise<Answer> }[] = isStream(doc, op)
              ? [
                  { label: 'stream Last-Event-ID 0', run: () => stream(url, { ...who.headers, 'last-event-id': '0' }) },
                  { label: 'stream from now', run: () => stream(url, who.headers) },
                ]
              : [{ label: 'call', run: () => call(who, op.method, url, body) }];
            for (const variant of variants) {
              const res = await variant.run();
              const what = `${who.name} ${op.method} ${url} (${variant.label}): ${res.status}`;
              if (res.status >= 500) failures.push(`${what}: ${res.text.slice(0, 200)}`);
              const leaked = markersIn(res.text, markersFor(who, Object.values(query).filter((v): v is string => v !== undefined), op.path));
              if (leaked.length > 0) failures.push(`${what}: shows A's ${leaked.join(', ')}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('answers 404 to every operation called with A ids, for an admin of the same org and of another org', async () => {
      const failures: string[] = [];
      let probes = 0;
      // PUTs last: on caller-named objects they create the caller's own, which later GETs would find.
      const ordered = [...operations.filter((o) => o.method !== 'PUT'), ...operations.filter((o) => o.method === 'PUT')];
      for (const op of ordered.filter((o) => o.pathParams.length > 0 && !o.isPublic)) {
        const params = paramKeys(op.path).map((p) => ({ ...p, kind: PATH_KINDS[p.key]! }));
        for (const who of [sameOrg, otherOrg, sameOrgViewer]) {
          const orgOwned = params.some((p) => ORG_OWNED.has(p.kind));
          // The same-org admin reaches org-owned objects by design; its viewer only probes those.
          if (who === sameOrg && orgOwned) continue;
          if (who === sameOrgViewer && !orgOwned) continue;
          const combos: Record<string, string | undefined>[] = [{}];
          for (const p of params) {
            const next: Record<string, string | undefined>[] = [];
            for (const combo of combos) for (const value of tenantA.ids[p.kind]) next.push({ ...combo, [p.param]: value });
            combos.splice(0, combos.length, ...next);
          }
          // Two ids: one of A's beside one of the caller's own, for each side.
          if (params.length > 1) {
            for (const target of params) {
              const mine = params.filter((p) => p !== target).map((p) => [p.param, own.get(who.name)?.[p.kind]?.[0]] as const);
              if (mine.every(([, v]) => v !== undefined)) combos.push({ ...Object.fromEntries(mine), [target.param]: tenantA.ids[target.kind][0]! });
            }
          }
          for (const values of combos) {
            for (const format of formatsOf(doc, op)) {
              const url = urlOf(op.path, values, { ...requiredQuery(doc, op), format });
              const body = op.body ? (PROBE_BODIES[opKey(op)] ?? op.body.example) : undefined;
              const variants: { label: string; run: () => Promise<Answer> }[] = isStream(doc, op)
                ? [
                    { label: 'stream', run: () => stream(url, who.headers) },
                    { label: 'stream Last-Event-ID 0', run: () => stream(url, { ...who.headers, 'last-event-id': '0' }) },
                  ]
                : [{ label: 'call', run: () => call(who, op.method, url, body) }];
              for (const variant of variants) {
                probes++;
                const res = await variant.run();
                const what = `${who.name} ${op.method} ${url} (${variant.label}): ${res.status} ${res.text.slice(0, 200)}`;
                const namedPut = op.method === 'PUT' && params.some((p) => NAMED_BY_CALLER.has(p.kind));
                const allowed = who === sameOrgViewer ? [403, 404] : namedPut ? [200, 201, 404] : [404];
                if (!allowed.includes(res.status)) failures.push(`${what}: expected ${allowed.join(' or ')}`);
                else if (res.status === 404 && !/_NOT_FOUND$/.test(codeOf(res.text) ?? '') ) failures.push(`${what}: a 404 without a *_NOT_FOUND code`);
                else if (res.status === 404 && codeOf(res.text) === 'ROUTE_NOT_FOUND') failures.push(`${what}: the route did not match`);
                const leaked = res.status < 300 ? markersIn(res.text, markersFor(who, Object.values(values).filter((v): v is string => v !== undefined), op.path)) : [];
                if (leaked.length > 0) failures.push(`${what}: shows A's ${leaked.join(', ')}`);
              }
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(probes).toBeGreaterThan(100);
    });

    it('refuses A stream to the others with their credential, Last-Event-ID or stream token', async () => {
      for (const who of [sameOrg, otherOrg]) {
        const { token } = await ok(who, 'POST', '/api/v1/stream-tokens', {});
        for (const id of tenantA.ids.execution) {
          const base = `/api/v1/unified/executions/${id}/stream`;
          for (const [url, headers] of [
            [base, who.headers],
            [base, { ...who.headers, 'last-event-id': '1' }],
            [`${base}?stream_token=${encodeURIComponent(token)}`, {}],
            [`${base}?stream_token=${encodeURIComponent(token)}&last_event_id=0`, {}],
          ] as const) {
            const res = await stream(url, headers);
            expect([res.status, codeOf(res.text)], `${who.name} ${url}`).toEqual([404, 'EXECUTION_NOT_FOUND']);
          }
        }
        // The list stream from the start of the log, while A writes: only the caller's own runs.
        const listening = stream(`/api/v1/unified/executions/stream?stream_token=${encodeURIComponent(token)}&last_event_id=0`, {});
        await new Promise((resolve) => setTimeout(resolve, 100));
        const run = `run-a-late-${sfx}-${who.name}`;
        await ok(a, 'POST', '/api/v1/events', { events: [{ type: 'execution.started', event_id: `${run}-1`, execution_id: run, workflow_name: tenantA.names.workflow }] });
        const seen = await listening;
        expect(seen.status).toBe(200);
        expect(markersIn(seen.text, [...markersFor(who), run])).toEqual([]);
        expect(seen.text).toContain(own.get(who.name)!.execution![0]);
      }
    });

    it('delivers none of A events to the webhooks of other tenants', async () => {
      const deadline = Date.now() + 10_000;
      while (receivers.a!.received.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receivers.a!.received.length).toBeGreaterThanOrEqual(3);
      expect(receivers.a!.received.map((r) => r.body).join('\n')).toContain(tenantA.ids.execution[0]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const who of [sameOrg, otherOrg]) {
        const bodies = receivers[who.name]!.received.map((r) => r.body).join('\n');
        expect(receivers[who.name]!.received.length).toBeGreaterThan(0);
        expect(markersIn(bodies, markersFor(who)), who.name).toEqual([]);
      }
    });

    it('answers 401 to every non-public operation without a credential and with a wrong one', async () => {
      // A's real client id with a wrong secret costs a scrypt verification; unknown ids are refused before it.
      const wrong: Record<string, string>[] = [
        { authorization: `Bearer axfs_${randomBytes(32).toString('base64url')}` },
        { authorization: `Basic ${Buffer.from(`axf_unknown_${sfx}:not-the-secret-${sfx}`).toString('base64')}` },
        { 'x-client-id': `axf_unknown_${sfx}`, 'x-client-secret': `not-the-secret-${sfx}` },
        { authorization: `Bearer axfs_${randomBytes(32).toString('base64url')}` },
        { authorization: `Basic ${Buffer.from(`axf_unknown_${sfx}:not-the-secret-${sfx}`).toString('base64')}` },
        { 'x-client-id': a.clientId, 'x-client-secret': `not-the-secret-${sfx}` },
        { authorization: `Bearer axfs_${randomBytes(32).toString('base64url')}` },
        { authorization: `Basic ${Buffer.from(`${a.clientId}:not-the-secret-${sfx}`).toString('base64')}` },
        { 'x-client-id': `axf_unknown_${sfx}`, 'x-client-secret': `not-the-secret-${sfx}` },
      ];
      const failures: string[] = [];
      for (const [i, op] of operations.filter((o) => !o.isPublic).entries()) {
        const values = Object.fromEntries(paramKeys(op.path).map((p) => [p.param, tenantA.ids[PATH_KINDS[p.key]!][0]!]));
        const url = urlOf(op.path, values, requiredQuery(doc, op));
        const body = op.body ? (PROBE_BODIES[opKey(op)] ?? op.body.example) : undefined;
        const tokenised = op.queryParams.some((q) => q.name === 'stream_token') ? [`${url}${url.includes('?') ? '&' : '?'}stream_token=forged.${sfx}`] : [];
        const attempts: [string, Record<string, string>, string][] = [
          ['no credential', {}, url],
          ['a wrong credential', wrong[i % wrong.length]!, url],
          ...tokenised.map((t): [string, Record<string, string>, string] => ['a forged stream token', {}, t]),
        ];
        for (const [label, headers, target] of attempts) {
          const res = isStream(doc, op) ? await stream(target, headers) : await call({ headers }, op.method, target, body);
          if (res.status !== 401 || codeOf(res.text) !== 'UNAUTHORIZED') failures.push(`${op.method} ${target} with ${label}: ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('serves /metrics to its token only, per deployment, with no object ids of any tenant', async () => {
      for (const headers of [{}, sameOrg.headers, a.headers, { authorization: `Bearer ${METRICS_TOKEN}x` }]) {
        expect((await call({ headers }, 'GET', '/metrics')).status).toBe(401);
      }
      const scrape = await call({ headers: { authorization: `Bearer ${METRICS_TOKEN}` } }, 'GET', '/metrics');
      expect(scrape.status).toBe(200);
      expect(scrape.text).toContain('axonflow_runs_started_total');
      // Label values are names (workflow, policy, model, connector), deployment-wide by design; ids never are.
      const names = new Set([...Object.values(tenantA.names), tenantA.ids.rerunTarget[0]!]);
      expect(markersIn(scrape.text, markersFor(otherOrg).filter((m) => !names.has(m)))).toEqual([]);
      for (const path of ['/healthz', '/readyz']) expect(markersIn((await call(otherOrg, 'GET', path)).text, markersFor(otherOrg))).toEqual([]);
    });

    it('keeps A ids unusable in bodies: bulk decisions, ingestion into A run ids, ids A chose', async () => {
      for (const who of [sameOrg, otherOrg]) {
        const approval = tenantA.ids.approval[0]!;
        const bulk = await call(who, 'POST', '/api/v1/approvals/bulk', { action: 'approve', ids: [approval], comment: 'approving another tenant' });
        expect(markersIn(bulk.text, markersFor(who, [approval])), bulk.text).toEqual([]);
        const byFilter = await call(who, 'POST', '/api/v1/approvals/bulk', { action: 'reject', filter: { workflow: tenantA.names.workflow }, reason: 'rejecting another tenant' });
        expect(byFilter.status, byFilter.text).toBeLessThan(300);
        expect(JSON.parse(byFilter.text).count).toBe(0);
        // An execution id is unique per tenant: A's is free in every other tenant, and writing it touches only the caller's.
        const w = tenantA.ids.execution[1]!;
        const ingest = await call(who, 'POST', '/api/v1/events', { events: [{ type: 'execution.started', event_id: `${w}-1`, execution_id: w, workflow_name: 'not-a' }] });
        expect(ingest.status, ingest.text).toBeLessThan(300);
        expect(JSON.parse(ingest.text).results[0].status).toBe('accepted');
        // Ids A chose are not an oracle: the same id is free elsewhere (no 409 saying it exists).
        const budget = await call(who, 'POST', '/api/v1/budgets', { id: tenantA.ids.budget[0], name: 'mine', scope: 'tenant', limit_usd: 5, period: 'daily' });
        expect(budget.status, budget.text).toBe(201);
        const check = await call(who, 'POST', '/api/v1/budgets/check', { workflow: tenantA.names.workflow, estimated_cost_usd: 1 });
        expect(markersIn(check.text, markersFor(who, [tenantA.names.workflow, tenantA.ids.budget[0]!])), check.text).toEqual([]);
      }
      const policy = await call(otherOrg, 'POST', '/api/v1/policies', { id: tenantA.names.otherPolicy, name: 'mine', when: 'false', action: 'log', reason: 'mine' });
      expect(policy.status, policy.text).toBe(201);
    });

    it('leaves A objects as A made them', async () => {
      const [w, r] = tenantA.ids.execution as [string, string];
      const run = await ok(a, 'GET', `/api/v1/workflows/${w}`);
      expect(run.status).toBe('in_progress');
      expect((await ok(a, 'GET', `/api/v1/approvals/${tenantA.ids.approval[0]}`)).status).toBe('pending');
      expect((await ok(a, 'GET', `/api/v1/executions/${r}`)).summary.status).toBe('completed');
      const events = await ok(a, 'GET', `/api/v1/executions/${w}/events?limit=1000`);
      expect(events.events.map((e: { type: string }) => e.type)).not.toEqual(expect.arrayContaining(['execution.cancel_requested']));
      const hook = await ok(a, 'GET', `/api/v1/webhooks/${tenantA.ids.webhook[0]}`);
      expect([hook.url, hook.enabled]).toEqual([receivers.a!.url, true]);
      const deliveries = await ok(a, 'GET', `/api/v1/webhooks/${tenantA.ids.webhook[0]}/deliveries?limit=500`);
      expect(deliveries.deliveries.filter((d: { event: string }) => d.event === 'webhook.test')).toHaveLength(1);
      expect((await ok(a, 'GET', `/api/v1/budgets/${tenantA.ids.budget[0]}`)).limit_usd).toBe(1000);
      const policy = await ok(a, 'GET', `/api/v1/policies/${tenantA.names.policy}`);
      expect([policy.version, policy.policy.name]).toEqual([1, `Policy of ${sfx}`]);
      expect((await ok(a, 'GET', `/api/v1/credentials/${tenantA.ids.credential[0]}`)).revoked_at ?? null).toBeNull();
      expect((await ok(a, 'GET', `/api/v1/rerun-targets/${tenantA.names.workflow}`)).url).toBe(`${receivers.a!.url}/rerun`);
      expect((await ok(a, 'GET', `/api/v1/alerts/${tenantA.ids.alert[0]}`)).id).toBe(tenantA.ids.alert[0]);
    });
  });
}
