/**
 * Secrets and detected PII never reach the logs (decision 0016, docs/security.md). The built
 * `axonflow serve` runs at log level trace (every line any level writes), on each store, with its
 * output captured to a file; traffic then uses every credential form (Bearer, Basic, X-Client-ID and
 * X-Client-Secret), wrong secrets, stream tokens in the query and in the cookie (also on URLs no route
 * matches), webhook and re-run target secrets, the metrics token, a header the HTTP parser refuses,
 * and step inputs, outputs and errors carrying an email address, a card number and an SSN. The
 * captured text is then searched for each of them: none may appear.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dbLocation, storeKinds } from '../test-support/server-processes.js';
import { spawnServer } from '../test-support/spawn-server.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';

const logDir = mkdtempSync(join(tmpdir(), 'axonflow-logs-'));

afterAll(() => rmSync(logDir, { recursive: true, force: true }));

for (const kind of storeKinds()) {
  describe(`what the server logs [${kind}]`, () => {
    it('holds no credential, token, webhook secret or detected PII of the traffic it served', async () => {
      const rand = () => randomBytes(12).toString('hex');
      const admin = `bootstrap-secret-${rand()}`;
      const metricsToken = `metrics-token-${rand()}`;
      const webhookSecret = `whsec-${rand()}`;
      const rerunSecret = `rerun-secret-${rand()}`;
      const wrong = [`axfs_wrong${rand()}`, `wrong-basic-${rand()}`, `wrong-header-${rand()}`];
      const pii = { email: `jane.${rand().slice(0, 6)}@example.com`, card: '4111 1111 1111 1111', cardDigits: '4111111111111111', ssn: '078-05-1120' };
      const location = dbLocation(kind);
      const receiver = await startWebhookReceiver();
      const server = await spawnServer({ AXONFLOW_DB: location.url, AXONFLOW_BOOTSTRAP_SECRET: admin, AXONFLOW_METRICS_TOKEN: metricsToken }, ['--log-level', 'trace']);
      const secrets: string[] = [admin, metricsToken, webhookSecret, rerunSecret, ...wrong];
      try {
        const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
          const res = await fetch(`${server.url}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body) });
          const text = await res.text();
          return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : undefined };
        };
        const bearer = { authorization: `Bearer ${admin}` };
        const basic = { authorization: `Basic ${Buffer.from(`axf_bootstrap_admin:${admin}`).toString('base64')}` };
        secrets.push(basic.authorization.slice('Basic '.length));
        expect((await call('GET', '/api/v1/whoami', bearer)).status).toBe(200);
        expect((await call('GET', '/api/v1/executions', basic)).status).toBe(200);
        const created = await call('POST', '/api/v1/credentials', { 'x-client-id': 'axf_bootstrap_admin', 'x-client-secret': admin }, { role: 'admin', name: 'log test' });
        expect(created.status).toBe(201);
        const operator = { 'x-client-id': created.json.client_id as string, 'x-client-secret': created.json.client_secret as string };
        secrets.push(operator['x-client-secret']);

        const wrongForms: Record<string, string>[] = [{ authorization: `Bearer ${wrong[0]}` }, { authorization: `Basic ${Buffer.from(`axf_bootstrap_admin:${wrong[1]}`).toString('base64')}` }, { 'x-client-id': 'axf_bootstrap_admin', 'x-client-secret': wrong[2]! }];
        for (const headers of wrongForms) {
          expect((await call('GET', '/api/v1/whoami', headers)).status).toBe(401);
        }

        const wf = await call('POST', '/api/v1/workflows', operator, { workflow_name: 'log-test', input: { customer: pii.email } });
        const id = wf.json.workflow_id as string;
        await call('POST', `/api/v1/workflows/${id}/steps/lookup/gate`, operator, { step_type: 'tool_call', step_input: { email: pii.email, card: pii.card, ssn: pii.ssn }, tool_context: { tool_name: 'crm.lookup', tool_input: { q: pii.cardDigits } } });
        await call('POST', `/api/v1/workflows/${id}/steps/lookup/complete`, operator, { output: { email: pii.email, ssn: pii.ssn } });
        const run = `log-run-${rand()}`;
        const ingested = await call('POST', '/api/v1/events', operator, {
          events: [
            { type: 'execution.started', event_id: `${run}-1`, execution_id: run, workflow_name: 'log-test', input: { email: pii.email } },
            { type: 'step.started', event_id: `${run}-2`, execution_id: run, step_id: 's1', input: { card: pii.card } },
            { type: 'step.failed', event_id: `${run}-3`, execution_id: run, step_id: 's1', error: { message: `card ${pii.cardDigits} of ${pii.email} declined (ssn ${pii.ssn})` } },
            { type: 'execution.failed', event_id: `${run}-4`, execution_id: run, error: { message: `failed for ${pii.email}` } },
          ],
        });
        expect(ingested.json.accepted).toBe(4);
        // A body that is not JSON, holding PII: the error answer may quote it; the log must not.
        expect((await call('POST', '/api/v1/workflows', operator, `{"workflow_name": "${pii.email}" ${pii.ssn}`)).status).toBe(400);

        const token = (await call('POST', '/api/v1/stream-tokens', operator, {})).json.token as string;
        secrets.push(token);
        const abort = new AbortController();
        const stream = await fetch(`${server.url}/api/v1/unified/executions/${id}/stream?stream_token=${encodeURIComponent(token)}`, { signal: abort.signal });
        expect(stream.status).toBe(200);
        abort.abort();
        for (const path of [`/api/v1/unified/executions/missing-run/stream?stream_token=${encodeURIComponent(token)}`, `/api/v1/no-such-route?stream_token=${encodeURIComponent(token)}&email=${encodeURIComponent(pii.email)}`]) {
          expect((await call('GET', path, {})).status).toBe(404);
        }
        expect((await call('GET', '/api/v1/unified/executions/missing-run/stream', { cookie: `axonflow_stream_token=${token}` })).status).toBe(404);

        const hook = await call('POST', '/api/v1/webhooks', bearer, { url: receiver.url, secret: webhookSecret });
        expect(hook.status).toBe(201);
        await call('POST', `/api/v1/webhooks/${hook.json.id}/test`, bearer);
        await call('PUT', '/api/v1/rerun-targets/log-test', bearer, { url: `${receiver.url}/rerun`, secret: rerunSecret });
        expect((await call('GET', '/metrics', { authorization: `Bearer ${metricsToken}` })).status).toBe(200);
        expect((await call('GET', '/metrics', { authorization: `Bearer ${wrong[0]}` })).status).toBe(401);

        // Headers over the parser's limit, carrying the admin secret: the parser's error holds the raw bytes.
        await new Promise<void>((resolve) => {
          const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
          socket.on('close', () => resolve());
          socket.on('error', () => resolve());
          socket.on('data', () => undefined);
          socket.write(`GET /api/v1/whoami?email=${pii.email} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\n\r\n`);
        });
        const deadline = Date.now() + 10_000;
        while (receiver.received.length < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(receiver.received.length).toBeGreaterThan(0);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
        await receiver.close();
        await location.cleanup();
      }

      const logFile = join(logDir, `${kind}.log`);
      writeFileSync(logFile, server.output());
      const logged = readFileSync(logFile, 'utf8');
      // The log was on and saw the traffic: one debug line per request, with the route, never the query.
      expect(logged.match(/"msg":"request completed"/g)?.length ?? 0).toBeGreaterThan(15);
      expect(logged).toContain('"url":"/api/v1/workflows/:id/steps/:step_id/gate"');
      // Each value as sent, URL-encoded (queries), and as the byte list pino writes for a Buffer.
      const forms = (value: string) => [value, encodeURIComponent(value), Buffer.from(value).join(',')];
      const found = [...secrets, ...Object.values(pii)].filter((value) => forms(value).some((form) => logged.includes(form)));
      expect(found, `found in ${logFile}`).toEqual([]);
    }, 60_000);
  });
}
