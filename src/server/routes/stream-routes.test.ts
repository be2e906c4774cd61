/**
 * The stream routes' edges, on both stores: stream tokens (query, cookie, expired, tampered,
 * another tenant's, not accepted elsewhere), input refused before the stream starts, and the
 * OpenAPI description.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signStreamToken } from '../../core/identity/stream-token.js';
import type { AxonFlowClient } from '../../sdk/index.js';
import { STREAM_TOKEN_KEY_NAME } from '../../services/stream-token-service.js';
import { startLiveApp, type LiveApp } from '../../test-support/live-app.js';
import { openSse } from '../../test-support/sse-reader.js';
import { storeHarnesses } from '../../test-support/store-harness.js';

// Error bodies are read freely.
const json = (res: Response): Promise<any> => res.json();

for (const harness of storeHarnesses()) {
  describe(`stream routes [${harness.kind}]`, () => {
    let live: LiveApp;
    let viewer: AxonFlowClient;
    const runUrl = (id: string, query = '') => `${live.url}/api/v1/unified/executions/${id}/stream${query}`;
    const tokenFor = (client: AxonFlowClient) => client.streams.token();

    beforeAll(async () => {
      live = await startLiveApp(harness);
      viewer = await live.client('viewer');
      const operator = await live.client('operator');
      await operator.events.send([{ type: 'execution.started', event_id: 'tok-1', execution_id: 'run-a', workflow_name: 'support-triage' }]);
      const other = await live.client('operator', 'tenant-b');
      await other.events.send([{ type: 'execution.started', event_id: 'tok-2', execution_id: 'run-b', workflow_name: 'support-triage' }]);
    });
    afterAll(async () => {
      await live.close();
      await harness.cleanup();
    });

    it('opens streams with a token from POST /api/v1/stream-tokens, in the query or the cookie, without credential headers', async () => {
      const before = Date.now();
      const issued = await tokenFor(viewer);
      const after = Date.now();
      // Five minutes from when the server issued it (in whole seconds), which lies between before and after.
      expect(Date.parse(issued.expires_at)).toBeGreaterThan(before + 5 * 60_000 - 1000);
      expect(Date.parse(issued.expires_at)).toBeLessThanOrEqual(after + 5 * 60_000);
      for (const conn of [
        await openSse(runUrl('run-a', `?stream_token=${issued.token}`)),
        await openSse(runUrl('run-a'), { cookie: `theme=dark; axonflow_stream_token=${issued.token}` }),
        await openSse(`${live.url}/api/v1/unified/executions/stream?stream_token=${issued.token}`),
      ]) {
        expect(conn.status).toBe(200);
        await vi.waitFor(() => expect(conn.messages[0]?.event).toBe('snapshot'), { timeout: 5000 });
        conn.close();
      }
    });

    it('refuses expired, tampered and missing tokens with 401, and another tenant’s run with 404', async () => {
      const key = Buffer.from(await live.store.ensureServerKey(STREAM_TOKEN_KEY_NAME, 'unused'), 'base64url');
      const whoami = await viewer.whoami();
      const caller = { clientId: whoami.client_id, orgId: whoami.org_id, tenantId: whoami.tenant_id, role: whoami.role };
      const expired = signStreamToken({ ...caller, exp: Math.floor(Date.now() / 1000) - 1 }, key);
      const valid = (await tokenFor(viewer)).token;
      const [payload, signature] = valid.split('.') as [string, string];
      const tampered = `${payload.slice(0, -1)}${payload.at(-1) === 'A' ? 'B' : 'A'}.${signature}`;
      const admin = signStreamToken({ ...caller, role: 'admin', exp: Math.floor(Date.now() / 1000) + 60 }, Buffer.alloc(32, 7));
      for (const [what, query] of [['expired', `?stream_token=${expired}`], ['tampered', `?stream_token=${tampered}`], ['foreign key', `?stream_token=${admin}`], ['none', '']] as const) {
        const res = await fetch(runUrl('run-a', query));
        expect(res.status, what).toBe(401);
        expect(res.headers.get('www-authenticate')).toContain('Bearer');
        expect((await json(res)).error.code, what).toBe('UNAUTHORIZED');
      }
      const otherTenant = (await tokenFor(await live.client('viewer', 'tenant-b'))).token;
      const foreign = await fetch(runUrl('run-a', `?stream_token=${otherTenant}`));
      expect(foreign.status).toBe(404);
      expect((await json(foreign)).error).toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
      const own = await openSse(runUrl('run-b', `?stream_token=${otherTenant}`));
      expect(own.status).toBe(200);
      own.close();
    });

    it('accepts tokens on the stream routes only, and lets credential headers win over a token', async () => {
      const token = (await tokenFor(viewer)).token;
      expect((await fetch(`${live.url}/api/v1/whoami?stream_token=${token}`)).status).toBe(401);
      expect((await fetch(`${live.url}/api/v1/stream-tokens?stream_token=${token}`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${live.url}/api/v1/whoami`, { headers: { cookie: `axonflow_stream_token=${token}` } })).status).toBe(401);
      const wrongHeader = await fetch(runUrl('run-a', `?stream_token=${token}`), { headers: { authorization: 'Bearer axfs_not-a-real-secret-at-all-0123456789' } });
      expect(wrongHeader.status).toBe(401);
      expect((await json(wrongHeader)).error.message).toBe('The credential is not valid');
    });

    it('refuses bad input with the nested error envelope before the stream starts', async () => {
      const { token } = await tokenFor(viewer);
      for (const header of ['abc', '-1', '1.5', '99999999999999999999']) {
        const res = await fetch(runUrl('run-a', `?stream_token=${token}`), { headers: { 'last-event-id': header } });
        expect(res.status, header).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        const body = await json(res);
        expect(body.error.code).toBe('VALIDATION_FAILED');
        expect(body.error.details.issues[0]).toMatchObject({ location: 'headers', field: 'last-event-id' });
      }
      const cases: [string, string][] = [
        [runUrl('run-a', `?stream_token=${token}&last_event_id=x`), 'last_event_id'],
        [`${live.url}/api/v1/unified/executions/stream?stream_token=${token}&status=running,done`, 'status'],
        [`${live.url}/api/v1/unified/executions/stream?stream_token=${token}&failure_class=oops`, 'failure_class'],
        [`${live.url}/api/v1/unified/executions/stream?stream_token=${token}&statuss=running`, 'statuss'],
      ];
      for (const [url, field] of cases) {
        const res = await fetch(url);
        expect(res.status, url).toBe(400);
        expect(JSON.stringify((await json(res)).error.details), url).toContain(field);
      }
      const missing = await fetch(runUrl('no-such-run', `?stream_token=${token}`));
      expect(missing.status).toBe(404);
      expect((await json(missing)).error).toMatchObject({ code: 'EXECUTION_NOT_FOUND', message: 'Execution no-such-run not found' });
      expect(live.app.streams.size).toBe(0);
    });

    it('describes the stream routes in OpenAPI as text/event-stream with the nested error envelope', async () => {
      const doc = (await (await fetch(`${live.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
      for (const path of ['/api/v1/unified/executions/{id}/stream', '/api/v1/unified/executions/stream']) {
        const responses = doc.paths[path]!.get!.responses;
        expect(Object.keys(responses['200']!.content!)).toEqual(['text/event-stream']);
        expect(JSON.stringify(responses['404']!.content)).toContain('NestedErrorEnvelope');
      }
      expect(Object.keys(doc.paths['/api/v1/stream-tokens']!.post!.responses['200']!.content!)).toEqual(['application/json']);
    });
  });
}
