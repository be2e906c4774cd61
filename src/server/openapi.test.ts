import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { buildApp } from './app.js';

describe('docs/openapi.json', () => {
  it('is the document the server serves (run `npm run docs` after changing a route)', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const store = createSqliteStore({ path: ':memory:' });
    const { server } = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 0 }, version: pkg.version });
    const served = (await server.inject({ method: 'GET', url: '/openapi.json' })).json();
    await server.close();
    await store.close();
    expect(JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'))).toEqual(served);
  });
});
