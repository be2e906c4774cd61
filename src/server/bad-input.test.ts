/**
 * Every route that exists gets malformed input: broken JSON, wrong types, values outside an enum,
 * unknown members, oversized bodies, bad ids, and no credential. Each answer must be a 4xx with a
 * registered error code; a 5xx fails the test. Routes are read from /openapi.json, so a route added
 * later is covered without editing this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { isErrorCode } from '../core/errors/error-codes.js';
import { fillPath, operationsOf, wrongValue, type Operation } from '../test-support/openapi-routes.js';
import { startTestApp, type TestApp } from '../test-support/test-app.js';
import { storeHarnesses } from '../test-support/store-harness.js';

const BODY_LIMIT = 64 * 1024;

/** The code and details of either envelope: flat `{code, details}` or the unified API's nested `{error: {code, details}}`. */
function errorOf(res: LightMyRequestResponse): { code?: string; details?: any } {
  const body = res.json();
  return typeof body.error === 'object' && body.error !== null ? body.error : body;
}

function expectClientError(res: LightMyRequestResponse, what: string, statuses?: number[]) {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (statuses) expect(statuses, `${what}: got ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  expect(isErrorCode(errorOf(res).code), `${what}: code ${errorOf(res).code}`).toBe(true);
}

const BAD_IDS = ['has space', 'x'.repeat(400), '../../etc/passwd', 'nul\u0000byte', 'emoji-😀', ''];
/**
 * Path parameters that are names, not ids: a workflow name may hold spaces, slashes and any
 * letter, so only the values no name can be (too long, a control character, empty) must fail.
 */
const NAME_PARAMS = new Set(['workflow_name']);
const BAD_NAMES = ['x'.repeat(400), 'nul\u0000byte', ''];

for (const harness of storeHarnesses()) {
  describe(`malformed input on every route [${harness.kind}]`, () => {
    let app: TestApp;
    let operations: Operation[];

    beforeAll(async () => {
      app = await startTestApp(harness, { bodyLimitBytes: BODY_LIMIT });
      operations = operationsOf((await app.server.inject({ method: 'GET', url: '/openapi.json' })).json());
    });
    afterAll(async () => {
      await app.close();
      await harness.cleanup();
    });

    it('finds the routes to test in the OpenAPI document', () => {
      expect(operations.length).toBeGreaterThanOrEqual(7);
      expect(operations.filter((o) => o.body).length).toBeGreaterThanOrEqual(1);
      expect(operations.filter((o) => o.pathParams.length > 0).length).toBeGreaterThanOrEqual(2);
    });

    it('answers 401 with a code to every non-public route called without a credential', async () => {
      for (const op of operations.filter((o) => !o.isPublic)) {
        const res = await app.server.inject({ method: op.method as 'GET', url: fillPath(op.path), payload: op.body?.example });
        expectClientError(res, `${op.method} ${op.path} without credential`, [401]);
      }
    });

    it('answers bad ids in path parameters with 400 or 404', async () => {
      for (const op of operations.filter((o) => o.pathParams.length > 0)) {
        const names = op.pathParams.some((p) => NAME_PARAMS.has(p));
        for (const bad of names ? BAD_NAMES : BAD_IDS) {
          const values = Object.fromEntries(op.pathParams.map((p) => [p, bad]));
          const res = await app.inject({ method: op.method as 'GET', url: fillPath(op.path, values), payload: op.body?.example });
          expectClientError(res, `${op.method} ${op.path} with id ${JSON.stringify(bad.slice(0, 20))}`, [400, 404]);
        }
      }
    });

    it('answers unknown and malformed query parameters with 400 naming them, where a route takes a query', async () => {
      const doc = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json();
      let malformed = 0;
      for (const op of operations.filter((o) => o.queryParams.length > 0)) {
        const url = `${fillPath(op.path)}?definitely_unknown=1`;
        const res = await app.inject({ method: op.method as 'GET', url, payload: op.body?.example });
        expectClientError(res, `${op.method} ${url}`, [400]);
        expect(JSON.stringify(errorOf(res).details)).toContain('definitely_unknown');
        for (const { name, schema } of op.queryParams) {
          const value = schema.pattern ? 'has space' : wrongValue(doc, schema);
          if (value === undefined || (typeof value === 'number' && !schema.pattern)) continue;
          malformed++;
          const bad = `${fillPath(op.path)}?${name}=${encodeURIComponent(String(value))}`;
          const badRes = await app.inject({ method: op.method as 'GET', url: bad, payload: op.body?.example });
          expectClientError(badRes, `${op.method} ${bad}`, [400]);
          expect(JSON.stringify(errorOf(badRes).details)).toContain(name);
        }
      }
      expect(malformed).toBeGreaterThan(3);
    });

    it('answers broken, empty, non-JSON and non-object bodies with 400 or 415', async () => {
      for (const op of operations.filter((o) => o.body)) {
        const url = fillPath(op.path);
        const required = op.body!.required;
        const cases: { payload: string; type: string; statuses: number[] }[] = [
          { payload: '{"role":', type: 'application/json', statuses: [400] },
          ...(required ? [{ payload: '', type: 'application/json', statuses: [400] }] : []),
          { payload: '[]', type: 'application/json', statuses: [400] },
          { payload: '"text"', type: 'application/json', statuses: [400] },
          ...(required ? [{ payload: 'null', type: 'application/json', statuses: [400] }] : []),
          { payload: '{"__proto__":{"role":"admin"}}', type: 'application/json', statuses: [400] },
          { payload: '\uFFFE\u0000{', type: 'application/json', statuses: [400] },
          { payload: JSON.stringify(op.body!.example), type: 'text/plain', statuses: [415] },
          { payload: '<role>admin</role>', type: 'application/xml', statuses: [415] },
          { payload: `${'['.repeat(20_000)}${']'.repeat(20_000)}`, type: 'application/json', statuses: [400] },
        ];
        for (const c of cases) {
          const res = await app.inject({ method: op.method as 'POST', url, payload: c.payload, headers: { 'content-type': c.type } });
          expectClientError(res, `${op.method} ${op.path} with ${c.type} ${JSON.stringify(c.payload.slice(0, 30))}`, c.statuses);
        }
      }
    });

    it('answers an oversized body with 413 PAYLOAD_TOO_LARGE naming the limit', async () => {
      // Larger than any route's limit (the default here, 5 MiB for event batches).
      const padding = 'x'.repeat(5 * 1024 * 1024 + 1);
      for (const op of operations.filter((o) => o.body)) {
        const payload = JSON.stringify({ ...op.body!.example, padding });
        const res = await app.inject({ method: op.method as 'POST', url: fillPath(op.path), payload, headers: { 'content-type': 'application/json' } });
        expectClientError(res, `${op.method} ${op.path} oversized`, [413]);
        expect(errorOf(res).code).toBe('PAYLOAD_TOO_LARGE');
        expect([BODY_LIMIT, 5 * 1024 * 1024]).toContain(errorOf(res).details.limitBytes);
      }
    });

    it('answers a wrong type, an unknown enum value or an unknown member in any body field with 400 naming the field', async () => {
      const doc = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json();
      for (const op of operations.filter((o) => o.body)) {
        for (const [field, schema] of Object.entries(op.body!.schema.properties ?? {})) {
          const wrong = wrongValue(doc, schema);
          if (wrong === undefined) continue;
          const payload = { ...op.body!.example, [field]: wrong };
          const res = await app.inject({ method: op.method as 'POST', url: fillPath(op.path), payload });
          expectClientError(res, `${op.method} ${op.path} with bad ${field}`, [400]);
          expect(errorOf(res).details.issues.map((i: { field: string }) => i.field)).toContain(field);
        }
        const extra = await app.inject({ method: op.method as 'POST', url: fillPath(op.path), payload: { ...op.body!.example, not_a_field: 1 } });
        expectClientError(extra, `${op.method} ${op.path} with an unknown member`, [400]);
        expect(errorOf(extra).details.issues.map((i: { field: string }) => i.field)).toContain('not_a_field');
      }
    });
  });
}
