/** The Execution Viewer's static files at /ui: hashed assets cached forever, client routes answer index.html, no credential, not in OpenAPI. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteHarness } from '../../test-support/store-harness.js';
import { startTestApp, type TestApp } from '../../test-support/test-app.js';
import { uiRoutes } from './ui-routes.js';

describe('UI routes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'axonflow-ui-'));
  const server = Fastify();
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    uiRoutes(server, { dir });
    await server.ready();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await server.inject({ url: '/ui/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toBe('console.log(1)');
  });

  it('answers index.html (no-cache) for client routes, so deep links load the app', async () => {
    for (const url of ['/ui/', '/ui/executions/wf_1', '/ui/executions?status=failed', '/ui/approvals']) {
      const res = await server.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
    expect((await server.inject({ url: '/ui' })).headers.location).toBe('/ui/');
  });

  it('404s a missing asset and never leaves the build folder', async () => {
    expect((await server.inject({ url: '/ui/assets/missing.js' })).statusCode).toBe(404);
    const escape = await server.inject({ url: '/ui/..%2f..%2fetc%2fpasswd' });
    expect(escape.body).not.toContain('root:');
  });
});

describe('UI routes in the app', () => {
  const harness = sqliteHarness();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(harness);
  });
  afterAll(async () => {
    await app.close();
    await harness.cleanup();
  });

  it('need no credential and stay out of the OpenAPI document', async () => {
    const page = await app.server.inject({ method: 'GET', url: '/ui/executions' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const doc = JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/ui'))).toEqual([]);
  });
});
