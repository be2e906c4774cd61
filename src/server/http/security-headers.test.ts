/**
 * Security headers (decision 0016) on every kind of response: API answers and errors (401, 404, 429,
 * a URL the router refuses, a header the HTTP parser refuses), live streams, and the Execution
 * Viewer, whose Content-Security-Policy allows its own files only. The built viewer is checked for
 * what that policy would block: inline scripts, `<style>` elements, style and event-handler attributes.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports/store.js';
import { sqliteHarness } from '../../test-support/store-harness.js';
import { ADMIN_SECRET } from '../../test-support/test-app.js';
import { buildApp, type App } from '../app.js';

const UI_DIST = fileURLToPath(new URL('../../../dist/ui/', import.meta.url));
const UI_SOURCE = fileURLToPath(new URL('../../../web/index.html', import.meta.url));

type Headers = Record<string, string | string[] | number | undefined>;

function directives(csp: unknown): Map<string, string[]> {
  return new Map(
    String(csp)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectCommonHeaders(headers: Headers, what: string) {
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-powered-by'], what).toBeUndefined();
  const csp = directives(headers['content-security-policy']);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect([...csp.values()].flat(), what).not.toContain("'unsafe-inline'");
  expect([...csp.values()].flat(), what).not.toContain("'unsafe-eval'");
  return csp;
}

/** Markup a `script-src 'self'; style-src 'self'` policy would block. */
function inlineCodeIn(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) if (!/\ssrc=/i.test(tag)) found.push(tag);
  for (const tag of html.match(/<style\b[^>]*>/gi) ?? []) found.push(tag);
  for (const attribute of html.match(/\s(style|on[a-z]+)\s*=\s*["'][^"']*["']/gi) ?? []) found.push(attribute.trim());
  for (const url of html.match(/(?:src|href)\s*=\s*["']javascript:[^"']*["']/gi) ?? []) found.push(url);
  return found;
}

describe('security headers', () => {
  const harness = sqliteHarness();
  let store: Store;
  let app: App;
  let url: string;

  beforeAll(async () => {
    store = harness.location().open();
    await store.migrate();
    app = await buildApp({
      store,
      config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 60_000 },
      version: 'test',
      alertEvaluateIntervalMs: 0,
      approvalSweepIntervalMs: 0,
      webhooks: { dispatch: false },
      rateLimits: { requests: { max: 3, windowMs: 60_000 }, authFailures: 'off' },
      uiDir: existsSync(UI_DIST) ? UI_DIST : undefined,
    });
    await app.credentials.ensureBootstrapAdmin(ADMIN_SECRET);
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.addresses()[0]!;
    url = `http://127.0.0.1:${typeof address === 'object' ? address.port : 0}`;
  });
  afterAll(async () => {
    await app.server.close();
    await store.close();
    await harness.cleanup();
  });

  it('puts them on API answers and on every kind of error', async () => {
    const admin = { authorization: `Bearer ${ADMIN_SECRET}` };
    const answers = {
      ok: await app.server.inject({ method: 'GET', url: '/api/v1/whoami', headers: admin }),
      unauthorized: await app.server.inject({ method: 'GET', url: '/api/v1/whoami' }),
      notFound: await app.server.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      refusedByRouter: await app.server.inject({ method: 'GET', url: '/api/v1/executions/%E0%A4%A' }),
      health: await app.server.inject({ method: 'GET', url: '/healthz' }),
      openapi: await app.server.inject({ method: 'GET', url: '/openapi.json' }),
    };
    for (let i = 0; i < 3; i++) await app.server.inject({ method: 'GET', url: '/api/v1/executions', headers: admin });
    const limited = await app.server.inject({ method: 'GET', url: '/api/v1/executions', headers: admin });
    expect(limited.statusCode).toBe(429);
    for (const [what, res] of Object.entries({ ...answers, limited })) {
      const csp = expectCommonHeaders(res.headers, what);
      expect(csp.get('default-src'), what).toEqual(["'none'"]);
    }
    expect([answers.ok.statusCode, answers.unauthorized.statusCode, answers.notFound.statusCode, answers.refusedByRouter.statusCode]).toEqual([200, 401, 404, 400]);
    expect(answers.ok.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(answers.ok.headers['referrer-policy']).toBe('no-referrer');
  });

  it('puts them on live streams and on what the HTTP parser refuses', async () => {
    // A credential of its own: the first test used up the bootstrap admin's budget.
    const viewer = await app.credentials.create({ scope: { orgId: 'default', tenantId: 'default' }, role: 'viewer' });
    const token = (await app.server.inject({ method: 'POST', url: '/api/v1/stream-tokens', headers: { authorization: `Bearer ${viewer.clientSecret}`, 'content-type': 'application/json' }, payload: '{}' })).json().token;
    const abort = new AbortController();
    const stream = await fetch(`${url}/api/v1/unified/executions/stream?stream_token=${encodeURIComponent(token)}`, { signal: abort.signal });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expectCommonHeaders(Object.fromEntries(stream.headers), 'stream');
    abort.abort();

    const head = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => undefined);
      socket.write(`GET /api/v1/executions HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\n\r\n`);
    });
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    const headers = Object.fromEntries(
      head
        .split('\r\n\r\n')[0]!
        .split('\r\n')
        .slice(1)
        .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    expectCommonHeaders(headers, '431');
  });

  it("gives the viewer a policy of its own files only: scripts and styles from 'self', no frames", async () => {
    for (const path of ['/ui/', '/ui/executions/wf_1', '/ui']) {
      const res = await app.server.inject({ method: 'GET', url: path, remoteAddress: '192.0.2.50' });
      const csp = expectCommonHeaders(res.headers, path);
      expect(Object.fromEntries(csp), path).toEqual({
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      });
    }
  });

  it('ships a viewer with no inline script, no <style> element and no style or event-handler attribute', () => {
    expect(inlineCodeIn(readFileSync(UI_SOURCE, 'utf8'))).toEqual([]);
    expect(inlineCodeIn('<script>alert(1)</script><div style="color:red" onclick="x()">')).toHaveLength(3);
    // CI builds the viewer before the tests (npm test); a bare vitest run may not have.
    if (!existsSync(UI_DIST)) return;
    const html = readFileSync(`${UI_DIST}index.html`, 'utf8');
    expect(inlineCodeIn(html)).toEqual([]);
    expect(html).toMatch(/<script type="module" crossorigin src="\/ui\/assets\/[^"]+\.js"><\/script>/);
    for (const file of readdirSync(`${UI_DIST}assets`).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(`${UI_DIST}assets/${file}`, 'utf8');
      // Code that a policy without 'unsafe-eval' would stop.
      expect(code, file).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});
