/** Regenerates the docs that are derived from code: docs/errors.md and docs/openapi.json. */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../src/server/http/error-docs.js';
import { buildApp } from '../src/server/app.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
const store = createSqliteStore({ path: ':memory:' });
const { server } = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, logLevel: 'silent', authCacheTtlMs: 0 }, version: (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version });
writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(server.swagger(), null, 2)}\n`);
await server.close();
await store.close();
console.log('wrote docs/errors.md and docs/openapi.json');
