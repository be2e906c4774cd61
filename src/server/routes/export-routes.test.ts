/**
 * Exports over HTTP on both stores, each format read back: json byte for byte AxonFlow's body,
 * ndjson (every event, seq order), csv (RFC 4180, one row per step), the html review report
 * (sections, escaping, no payloads), the signed bundle (extracted, hashes and signature checked),
 * the bulk NDJSON export (cursor continuation, filters, the end line), the signing key, every
 * export in the audit chain, and 403 / 404 / 400 answers.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../core/events/event-catalogue.js';
import type { Scope } from '../../core/identity/scope.js';
import { verifyBundle } from '../../sdk/verify-bundle.js';
import { ev } from '../../test-support/event-drafts.js';
import { parseCsv } from '../../test-support/parse-csv.js';
import { storeHarnesses } from '../../test-support/store-harness.js';
import { readTarGz } from '../../test-support/tar-gz.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { STEP_CSV_COLUMNS } from '../exports/steps-csv.js';
import { presentExport } from '../presenters/replay-presenter.js';

type Headers = Record<string, string>;
const SCOPE: Scope = { orgId: 'default', tenantId: 'default' };
const SCRIPT_NAME = '<script>alert("owned")</script>';
const CSV_NAME = 'triage, "urgent"\nsecond line';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

function gated(stepId: string, name: string, decision: 'allow' | 'block' | 'require_approval', extra: Record<string, unknown> = {}): EventDraft {
  return {
    type: 'step.gated',
    data: {
      stepId,
      name,
      stepType: 'tool_call',
      decision,
      reason: decision === 'allow' ? 'allowed' : decision === 'block' ? 'refund over the limit' : 'refunds need review',
      policiesEvaluated: [
        { policyId: 'pii-mask', policyName: 'PII mask', action: 'redact' },
        { policyId: 'refund-limit', policyName: 'Refund limit', action: 'block' },
      ],
      policiesMatched:
        decision === 'allow'
          ? [{ policyId: 'pii-mask', policyName: 'PII mask', action: 'redact', reason: 'email address in the input' }]
          : [{ policyId: 'refund-limit', policyName: 'Refund limit', action: decision, reason: decision === 'block' ? 'amount 9000 > 500' : 'amount needs a second pair of eyes' }],
      redactions: decision === 'allow' ? [{ path: '$.customer.email', type: 'email', policyId: 'pii-mask', field: 'input' }] : [],
      ...extra,
    },
  } as EventDraft;
}

const started = (stepId: string): EventDraft => ({ type: 'step.started', data: { stepId } }) as EventDraft;

/** A failed run with a redaction, an approval, a block, a retried connector step and hostile names. */
function reviewRunDrafts(): EventDraft[] {
  return [
    ev.created('refund-agent', { input: { ticket: 'T-1' }, traceId: 'trace-exp' }),
    gated('s1', CSV_NAME, 'allow', { input: { customer: { email: '[REDACTED:email]' }, note: 'secret-input-marker' } }),
    started('s1'),
    ev.provider('s1', 1200, 300, 0.0123),
    ev.stepCompleted('s1', { output: { answer: 'secret-output-marker' } }),
    gated('s2', SCRIPT_NAME, 'require_approval'),
    ev.approvalRequested('ap-1', 's2'),
    ev.approvalDecided('ap-1', 's2', 'approved'),
    started('s2'),
    ev.stepCompleted('s2'),
    gated('s3', FORMULA_NAME, 'block'),
    { type: 'step.started', data: { stepId: 's4', name: 'lookup crm', stepType: 'connector_call' } } as EventDraft,
    ev.attemptFailed('s4', 1, 'connector'),
    ev.connector('s4', 'error'),
    ev.stepFailed('s4', 'connector'),
    ev.failed('s4'),
  ];
}

for (const harness of storeHarnesses()) {
  describe(`exports [${harness.kind}]`, () => {
    let app: TestApp;
    let operator: Headers;
    let viewer: Headers;
    let otherTenant: Headers;
    let publicKeyPem: string;

    async function bearer(role: 'viewer' | 'operator' | 'admin', tenantId = 'default'): Promise<Headers> {
      const issued = await app.credentials.create({ scope: { orgId: 'default', tenantId }, role });
      return { authorization: `Bearer ${issued.clientSecret}` };
    }

    const get = (url: string, headers: Headers = operator) => app.inject({ method: 'GET', url, headers });

    beforeAll(async () => {
      app = await startTestApp(harness);
      operator = await bearer('operator');
      viewer = await bearer('viewer');
      otherTenant = await bearer('admin', 'elsewhere');
      await app.store.append(SCOPE, { executionId: 'exp-1', decide: reviewRunDrafts });
      await app.store.append(SCOPE, { executionId: 'empty-1', decide: () => [ev.created('quiet-agent')] });
      const key = await get('/api/v1/audit/signing-key', viewer);
      expect(key.statusCode, key.body).toBe(200);
      publicKeyPem = key.json().public_key_pem;
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    it('keeps json the default, byte for byte the AxonFlow body, for a run with steps and one without', async () => {
      for (const id of ['exp-1', 'empty-1']) {
        for (const query of ['', '?format=json', '?include_input=false&include_policies=false']) {
          const res = await get(`/api/v1/executions/${id}/export${query}`);
          expect(res.statusCode, res.body).toBe(200);
          expect(res.headers['content-type']).toBe('application/json');
          expect(res.headers['content-disposition']).toBe(`attachment; filename=execution-${id}.json`);
          const body = res.json();
          const execution = (await app.store.getExecution(SCOPE, id))!;
          const parts = { input: !query.includes('include_input=false'), output: true, policies: !query.includes('include_policies=false') };
          const expected = presentExport(execution, await app.store.listSteps(SCOPE, id), parts, body.exported_at);
          expect(res.body).toBe(`${JSON.stringify(expected, null, 2)}\n`);
        }
      }
      const body = (await get('/api/v1/executions/exp-1/export')).json();
      expect(body.format).toBe('json');
      expect(body.execution.steps.map((s: { step_name: string }) => s.step_name)).toEqual([CSV_NAME, SCRIPT_NAME, FORMULA_NAME, 'lookup crm']);
    });

    it('exports every event of the run as NDJSON, in seq order', async () => {
      const res = await get('/api/v1/executions/exp-1/export?format=ndjson');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson');
      expect(res.headers['content-disposition']).toBe('attachment; filename=execution-exp-1.events.ndjson');
      expect(res.body.endsWith('\n')).toBe(true);
      const lines = res.body.trimEnd().split('\n').map((line) => JSON.parse(line));
      const stored = await app.store.readEvents(SCOPE, { executionId: 'exp-1' });
      expect(lines).toHaveLength(stored.length);
      expect(lines.map((l) => l.seq)).toEqual(stored.map((e) => e.seq));
      expect(lines.every((l, i) => i === 0 || l.seq > lines[i - 1].seq)).toBe(true);
      expect(lines[0]).toMatchObject({ type: 'execution.created', execution_id: 'exp-1', data: { name: 'refund-agent', trace_id: 'trace-exp' } });
      expect(lines.at(-1)).toMatchObject({ type: 'execution.failed' });
      expect(lines.find((l) => l.type === 'approval.decided').data).toMatchObject({ by: 'reviewer@example.com', comment: 'checked the refund amount' });
      // A run with one event is one line.
      expect((await get('/api/v1/executions/empty-1/export?format=ndjson')).body.trimEnd().split('\n')).toHaveLength(1);
    });

    it('exports one CSV row per step that an RFC 4180 reader reads back, formulas defused', async () => {
      const res = await get('/api/v1/executions/exp-1/export?format=csv');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual([...STEP_CSV_COLUMNS]);
      expect(rows).toHaveLength(4);
      const records = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]])));
      expect(records.map((r) => r.index)).toEqual(['0', '1', '2', '3']);
      expect(records[0]).toMatchObject({ step_id: 's1', name: CSV_NAME, type: 'tool_call', status: 'completed', decision: 'allow', provider: 'openai', model: 'gpt-4o', tokens_in: '1200', tokens_out: '300', cost_usd: '0.0123', latency_ms: '420' });
      expect(records[1]).toMatchObject({ name: SCRIPT_NAME, decision: 'require_approval', approval_status: 'approved', status: 'completed' });
      expect(records[2]).toMatchObject({ name: `'${FORMULA_NAME}`, decision: 'block', status: 'blocked' });
      expect(records[3]).toMatchObject({ name: 'lookup crm', status: 'failed', error: 's4 failed', attempts: '2', latency_ms: '80' });
      const steps = await app.store.listSteps(SCOPE, 'exp-1');
      expect(records.map((r) => r.started_at)).toEqual(steps.map((s) => s.startedAt ?? s.gatedAt ?? ''));
      // No steps: the header alone.
      expect(parseCsv((await get('/api/v1/executions/empty-1/export?format=csv')).body)).toEqual([[...STEP_CSV_COLUMNS]]);
    });

    it('renders a self-contained review report with every section, every value escaped and no payloads', async () => {
      const res = await get('/api/v1/executions/exp-1/export?format=html');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      const html = res.body;
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html.trimEnd().endsWith('</html>')).toBe(true);
      // Self-contained: no script at all, nothing fetched, print styles inline.
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).toContain('@media print');
      expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
      // The injected step name is text, escaped.
      expect(html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
      for (const id of ['summary', 'failure', 'timeline', 'steps', 'policy-decisions', 'approvals', 'redactions', 'audit']) expect(html).toContain(`<section id="${id}">`);
      const section = (id: string) => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));
      expect(section('failure')).toContain('connector_failure');
      expect(section('steps')).toContain('lookup crm');
      expect(section('steps')).toContain('attempt 1 failed');
      expect((section('timeline').match(/class="wf-row"/g) ?? []).length).toBe(4);
      expect(section('policy-decisions')).toContain('Refund limit');
      expect(section('policy-decisions')).toContain('amount 9000 &gt; 500');
      expect(section('policy-decisions')).toContain('email address in the input');
      expect(section('approvals')).toContain('reviewer@example.com');
      expect(section('approvals')).toContain('checked the refund amount');
      expect(section('redactions')).toContain('$.customer.email');
      expect(section('redactions')).toContain('email');
      expect(section('audit')).toContain('execution.export');
      // Inputs and outputs are not in a review report (masked or not).
      expect(html).not.toContain('secret-input-marker');
      expect(html).not.toContain('secret-output-marker');
      expect(html).not.toContain('[REDACTED:email]');
    });

    it('builds a signed evidence bundle: every member listed with its sha256, the same bytes as the single formats', async () => {
      const res = await get('/api/v1/executions/exp-1/export?format=bundle');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/gzip');
      expect(res.headers['content-disposition']).toBe('attachment; filename=execution-exp-1.bundle.tar.gz');
      const bytes = res.rawPayload;
      const members = await readTarGz(bytes);
      expect(members.map((m) => m.name)).toEqual(['manifest.json', 'signature.json', 'execution.json', 'events.ndjson', 'steps.csv', 'report.html', 'audit.json']);
      const file = (name: string) => members.find((m) => m.name === name)!.data;
      const manifest = JSON.parse(file('manifest.json').toString());
      expect(manifest).toMatchObject({ bundle: 'axonflow-evidence-bundle', version: 1, execution_id: 'exp-1', workflow_name: 'refund-agent', org_id: 'default', tenant_id: 'default' });
      const { createHash } = await import('node:crypto');
      for (const entry of manifest.files) {
        expect(file(entry.name).length).toBe(entry.size);
        expect(createHash('sha256').update(file(entry.name)).digest('hex')).toBe(entry.sha256);
      }
      const signature = JSON.parse(file('signature.json').toString());
      expect(signature.signed_file).toBe('manifest.json');
      expect(verify(null, file('manifest.json'), createPublicKey(publicKeyPem), Buffer.from(signature.signature, 'base64'))).toBe(true);
      expect(signature.key_id).toBe(manifest.signature.key_id);

      // The members are the single-format exports (the same snapshot, nothing new appended since).
      expect(file('events.ndjson').toString()).toBe((await get('/api/v1/executions/exp-1/export?format=ndjson')).body);
      expect(file('steps.csv').toString()).toBe((await get('/api/v1/executions/exp-1/export?format=csv')).body);
      const json = (await get('/api/v1/executions/exp-1/export')).json();
      expect(JSON.parse(file('execution.json').toString())).toEqual({ ...json, exported_at: manifest.exported_at });
      expect(file('report.html').toString()).toContain('&lt;script&gt;');
      const audit = JSON.parse(file('audit.json').toString());
      expect(audit.execution_id).toBe('exp-1');
      expect(audit.records[0]).toMatchObject({ action: 'execution.export', execution_id: 'exp-1', details: { format: 'bundle' } });
      expect(audit.records.every((r: { seq: number; hash: string }) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
      expect(audit.records.map((r: { seq: number }) => r.seq)).toEqual([...audit.records.map((r: { seq: number }) => r.seq)].sort((a: number, b: number) => b - a));

      const checked = await verifyBundle(bytes, publicKeyPem);
      expect(checked.problems).toEqual([]);
      expect(checked.ok).toBe(true);
      expect(checked.keyId).toBe(manifest.signature.key_id);
    });

    it('records every export in the audit chain with its format', async () => {
      const before = (await app.store.searchAudit(SCOPE, { executionId: 'empty-1', action: 'execution.export', limit: 100 })).records.length;
      for (const format of ['json', 'ndjson', 'csv', 'html', 'bundle']) expect((await get(`/api/v1/executions/empty-1/export?format=${format}`)).statusCode).toBe(200);
      const records = (await app.store.searchAudit(SCOPE, { executionId: 'empty-1', action: 'execution.export', limit: 100 })).records;
      expect(records.length - before).toBe(5);
      expect(records.slice(0, 5).map((r) => r.details.format)).toEqual(['bundle', 'html', 'csv', 'ndjson', 'json']);
      expect(records[0]).toMatchObject({ targetType: 'execution', targetId: 'empty-1' });
    });

    it('refuses viewers (403), another tenant’s run (404), an unknown run (404) and an unknown format (400)', async () => {
      for (const format of ['json', 'ndjson', 'csv', 'html', 'bundle']) {
        const forbidden = await get(`/api/v1/executions/exp-1/export?format=${format}`, viewer);
        expect(forbidden.statusCode).toBe(403);
        expect(forbidden.json().code).toBe('FORBIDDEN');
        const hidden = await get(`/api/v1/executions/exp-1/export?format=${format}`, otherTenant);
        expect(hidden.statusCode).toBe(404);
        expect(hidden.json().code).toBe('EXECUTION_NOT_FOUND');
        expect((await get(`/api/v1/executions/nope/export?format=${format}`)).statusCode).toBe(404);
      }
      const bad = await get('/api/v1/executions/exp-1/export?format=pdf');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
      expect((await get('/api/v1/executions/export?limit=100001')).json().code).toBe('VALIDATION_FAILED');
      expect((await get('/api/v1/executions/export', viewer)).statusCode).toBe(403);
    });

    it('serves the signing key to any role, the same key on every read, as PEM and JWK', async () => {
      const a = (await get('/api/v1/audit/signing-key', viewer)).json();
      const b = (await get('/api/v1/audit/signing-key', operator)).json();
      expect(a).toEqual(b);
      expect(a.algorithm).toBe('ed25519');
      expect(a.key_id).toMatch(/^[0-9a-f]{16}$/);
      expect(a.public_key_jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      expect(createPublicKey({ key: a.public_key_jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' })).toBe(a.public_key_pem);
      expect((await app.server.inject({ method: 'GET', url: '/api/v1/audit/signing-key' })).statusCode).toBe(401);
    });

    describe('bulk export', () => {
      const BULK = { orgId: 'default', tenantId: 'bulk' };
      let bulkAdmin: Headers;

      const lines = (body: string) => body.trimEnd().split('\n').map((line) => JSON.parse(line));

      beforeAll(async () => {
        bulkAdmin = await bearer('operator', 'bulk');
        for (let i = 0; i < 7; i++) {
          const at = `2026-05-01T10:0${i}:00.000Z`;
          const steps: EventDraft[] = [];
          for (let s = 0; s <= i % 3; s++) steps.push(ev.stepStarted(`r${i}-s${s}`, `step ${s}`, { at }), ev.stepCompleted(`r${i}-s${s}`, { at }));
          await app.store.append(BULK, { executionId: `bulk-${i}`, decide: () => [ev.created(i % 2 === 0 ? 'even-agent' : 'odd-agent', { at }), ...steps, i === 3 ? ev.failed(undefined, { at }) : ev.completed({ at })] });
        }
      });

      it('streams one line per run (summary and steps), newest first, then the end line', async () => {
        const res = await get('/api/v1/executions/export', bulkAdmin);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toBe('application/x-ndjson');
        const all = lines(res.body);
        const runs = all.slice(0, -1);
        expect(runs.map((r) => r.summary.request_id)).toEqual(['bulk-6', 'bulk-5', 'bulk-4', 'bulk-3', 'bulk-2', 'bulk-1', 'bulk-0']);
        expect(runs.every((r) => r.type === 'execution')).toBe(true);
        expect(runs.map((r) => r.steps.length)).toEqual([1, 3, 2, 1, 3, 2, 1]);
        expect(runs[1].steps.map((s: { step_id: string }) => s.step_id)).toEqual(['r5-s0', 'r5-s1', 'r5-s2']);
        expect(all.at(-1)).toMatchObject({ type: 'export_end', count: 7, total: 7, truncated: false });
        expect(all.at(-1).next_cursor).toBeUndefined();
      });

      it('stops at limit and continues from next_cursor, with events instead of steps when asked', async () => {
        const first = lines((await get('/api/v1/executions/export?limit=3&events=true&sort=started_at&order=asc', bulkAdmin)).body);
        expect(first.slice(0, -1).map((r) => r.summary.request_id)).toEqual(['bulk-0', 'bulk-1', 'bulk-2']);
        const end = first.at(-1);
        expect(end).toMatchObject({ type: 'export_end', count: 3, total: 7, truncated: true });
        const events = first[1].events;
        expect(events.map((e: { type: string }) => e.type)).toEqual(['execution.created', 'step.started', 'step.completed', 'step.started', 'step.completed', 'execution.completed']);
        expect(events.every((e: { seq: number }, i: number) => i === 0 || e.seq > events[i - 1].seq)).toBe(true);
        const rest = lines((await get(`/api/v1/executions/export?limit=3&events=true&sort=started_at&order=asc&cursor=${encodeURIComponent(end.next_cursor)}`, bulkAdmin)).body);
        expect(rest.slice(0, -1).map((r) => r.summary.request_id)).toEqual(['bulk-3', 'bulk-4', 'bulk-5']);
        const last = lines((await get(`/api/v1/executions/export?limit=3&sort=started_at&order=asc&cursor=${encodeURIComponent(rest.at(-1).next_cursor)}`, bulkAdmin)).body);
        expect(last.map((r) => r.summary?.request_id ?? r.type)).toEqual(['bulk-6', 'export_end']);
        expect(last.at(-1).truncated).toBe(false);
      });

      it('applies the list filters, stays in the caller’s tenant, records the export, refuses a bad cursor', async () => {
        const failed = lines((await get('/api/v1/executions/export?status=failed', bulkAdmin)).body);
        expect(failed.map((r) => r.summary?.request_id ?? r.type)).toEqual(['bulk-3', 'export_end']);
        const odd = lines((await get('/api/v1/executions/export?workflow=odd-agent', bulkAdmin)).body);
        expect(odd.slice(0, -1).map((r) => r.summary.request_id)).toEqual(['bulk-5', 'bulk-3', 'bulk-1']);
        // The default tenant's runs are not in the bulk tenant's export, nor the other way round.
        const mine = lines((await get('/api/v1/executions/export')).body);
        expect(mine.slice(0, -1).map((r) => r.summary.request_id).sort()).toEqual(['empty-1', 'exp-1']);
        const audit = await app.store.searchAudit(BULK, { action: 'executions.export', limit: 10 });
        expect(audit.records[0]).toMatchObject({ action: 'executions.export', details: { format: 'ndjson', query: { workflow: 'odd-agent' } } });
        const bad = await get('/api/v1/executions/export?cursor=not-a-cursor', bulkAdmin);
        expect(bad.statusCode).toBe(400);
      });
    });
  });
}
