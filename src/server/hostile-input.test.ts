/**
 * Hostile input (issue 11), on both stores. For every operation of the served /openapi.json,
 * fast-check builds requests from its request schemas (path, query, body) and mutates them: wrong
 * types, missing required members, unknown members and parameters, repeated parameters, huge and odd
 * strings (any Unicode, control characters, lone surrogates), numbers at their edges, 10,000 levels
 * of nesting, prototype keys, bodies over the limit, invalid UTF-8 bytes, malformed JSON and other
 * content types. Every answer must come within the time limit, never be a 5xx, and every error must
 * be the envelope the operation declares for its status (its surface's envelope when it declares
 * none) with a registered code whose status is the one answered.
 *
 * Runs are bounded and reproducible: AXONFLOW_FUZZ_RUNS per operation (default 12) with the seed
 * AXONFLOW_FUZZ_SEED (default below); a failure names the operation and the seed, and fast-check
 * prints the shrunk counterexample and the path to replay it.
 *
 * The last cases go through a real listening socket, for what only Node's HTTP parser sees: a 64 KiB
 * header (431), a malformed request line, invalid bytes in the request line, bodies over the limit.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../core/errors/error-codes.js';
import type { Store } from '../core/ports/store.js';
import { declaredErrorSchema, errorCodeOf } from '../test-support/declared-error-schema.js';
import { type Operation, operationsOf } from '../test-support/openapi-routes.js';
import { type JsonSchema, jsonText, mutated, valueOf } from '../test-support/schema-arbitrary.js';
import { storeHarnesses } from '../test-support/store-harness.js';
import { ADMIN_SECRET } from '../test-support/test-app.js';
import { buildApp, type App } from './app.js';
import { HTTP_STATUS_OF } from './http/error-map.js';

const SEED = Number(process.env.AXONFLOW_FUZZ_SEED ?? 20_261_111);
const RUNS = Number(process.env.AXONFLOW_FUZZ_RUNS ?? 12);
const BODY_LIMIT = 64 * 1024;
/** Above the longest wait a request may ask for (a 30 s long poll): beyond it, the server hangs. */
const ANSWER_WITHIN_MS = 35_000;

interface Doc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[]; requestBody?: unknown; responses?: Record<string, { content?: Record<string, unknown> }> }>>;
}

interface Req {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

interface Res {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

const ID = /^[A-Za-z0-9._:@/+=-]+$/;

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', ''];

function describeReq(req: Req): string {
  const body = req.body ? ` body(${req.body.length} bytes): ${req.body.subarray(0, 160).toString('utf8')}` : '';
  return `${req.method} ${req.url.slice(0, 300)} ${JSON.stringify(req.headers).slice(0, 200)}${body}`;
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms: ${what}`)), ANSWER_WITHIN_MS)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Requests for one operation: mostly well-formed, then bent in every way a client can bend them. */
function requestArbitrary(doc: Doc, op: Operation): fc.Arbitrary<Req> {
  const spec = doc.paths[op.path]![op.method.toLowerCase()]!;
  const pathSchemas = Object.fromEntries((spec.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.schema ?? {}]));
  const pathParam = (schema: JsonSchema) =>
    fc.oneof(
      { weight: 3, arbitrary: valueOf(doc as never, schema).map(String).filter((s) => s.length > 0) },
      { weight: 1, arbitrary: fc.stringMatching(ID, { maxLength: 40 }).filter((s) => s.length > 0) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }) },
      { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1e309', 'x'.repeat(255), 'x'.repeat(301), '..', '%00', 'a/b', ' ') },
    );
  const path = fc.tuple(...op.pathParams.map((name) => pathParam(pathSchemas[name] ?? {}))).map((values) => {
    let i = 0;
    return op.path.replace(/\{\w+\}/g, () => encodeURIComponent(values[i++]!));
  });
  const queryParams = (spec.parameters ?? []).filter((p) => p.in === 'query');
  const queryValue = (schema: JsonSchema) =>
    fc.oneof(
      { weight: 4, arbitrary: valueOf(doc as never, schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
      { weight: 1, arbitrary: fc.constantFrom('', 'true', '-1', '1e400', 'NaN', 'x'.repeat(8000), '[]', '{"$gt":""}') },
    );
  const query = fc
    .tuple(
      fc.tuple(...queryParams.map((p) => (p.required ? queryValue(p.schema ?? {}).map((v) => [[p.name, v]]) : fc.option(queryValue(p.schema ?? {}), { nil: undefined }).map((v) => (v === undefined ? [] : [[p.name, v]]))))),
      fc.oneof({ weight: 5, arbitrary: fc.constant([] as string[][]) }, fc.constant([['zz_unknown', '1']]), fc.constant(queryParams.slice(0, 1).flatMap((p) => [[p.name, 'a'], [p.name, 'b']]))),
    )
    .map(([params, extra]) => new URLSearchParams([...params.flat(), ...extra] as [string, string][]).toString());

  const bodySchema = op.body?.schema;
  const bodyValue = bodySchema ? valueOf(doc as never, bodySchema).chain((value) => mutated(doc as never, bodySchema, value)) : fc.constant(undefined);
  const body = fc.tuple(bodyValue, fc.nat({ max: 99 }), fc.nat({ max: 1_000_000 })).map(([value, dice, at]): Buffer | undefined => {
    if (!bodySchema && dice < 80) return undefined;
    if (dice < 86) return Buffer.from(jsonText(value));
    if (dice < 90) {
      // Invalid UTF-8 somewhere in the text: inside a string, it reads as U+FFFD; elsewhere it breaks the JSON.
      const text = Buffer.from(jsonText(value));
      const cut = text.length === 0 ? 0 : at % text.length;
      return Buffer.concat([text.subarray(0, cut), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), text.subarray(cut)]);
    }
    if (dice < 93) return Buffer.from(jsonText(value).slice(0, -1 - (at % 3)));
    if (dice < 95) return Buffer.from(`{"padding":"${'x'.repeat(BODY_LIMIT)}"}`);
    if (dice < 97) return Buffer.alloc(0);
    return Buffer.from(['{', '[', '{"a":}', 'nul', '{"a":1,}', "{'a':1}", '\uFEFF{}', '1e999999'][at % 8]!);
  });
  const headers = fc.tuple(fc.nat({ max: 99 }), fc.constantFrom(...CONTENT_TYPES), fc.string({ unit: 'binary-ascii', maxLength: 40 })).map(([dice, contentType, junk]) => {
    const h: Record<string, string> = {};
    if (dice < 85) h.authorization = `Bearer ${ADMIN_SECRET}`;
    else if (dice < 88) h.authorization = `Bearer ${'A'.repeat(12_000)}`;
    else if (dice < 91) h.authorization = `Basic ${Buffer.from(junk).toString('base64')}`;
    else if (dice < 94) Object.assign(h, { 'x-client-id': junk.replace(/[^\x21-\x7e]/g, '') || 'x', 'x-client-secret': 'y' });
    h['content-type'] = dice % 5 === 0 ? contentType : 'application/json';
    if (dice % 7 === 0) h['x-request-id'] = junk.replace(/[^\x20-\x7e]/g, '') || 'x';
    if (dice % 11 === 0) h['content-encoding'] = 'gzip';
    if (dice % 13 === 0) h.accept = 'text/html';
    if (h['content-type'] === '') delete h['content-type'];
    return h;
  });
  return fc.tuple(path, query, body, headers).map(([p, q, b, h]) => ({ method: op.method, url: q ? `${p}?${q}` : p, headers: h, ...(b ? { body: b } : {}) }));
}

function isStream(doc: Doc, op: Operation): boolean {
  return Boolean(doc.paths[op.path]?.[op.method.toLowerCase()]?.responses?.['200']?.content?.['text/event-stream']);
}

/** The checks every answer passes: no 5xx, and an error in its declared envelope with a code that maps to its status. */
function problemsOf(doc: Doc, op: Pick<Operation, 'method' | 'path'> | undefined, req: Req, res: Res): string | undefined {
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400) return undefined;
  if (!/^application\/json/.test(res.contentType)) return `error ${res.status} with content-type ${res.contentType}: ${res.text.slice(0, 200)}`;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return `error ${res.status} whose body is not JSON: ${res.text.slice(0, 200)}`;
  }
  const schema = declaredErrorSchema(doc as never, req.method, op?.path, req.url, res.status);
  const parsed = schema.safeParse(body);
  if (!parsed.success) return `error ${res.status} not in the declared envelope: ${res.text.slice(0, 300)} (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`;
  const code = errorCodeOf(body);
  if (!isErrorCode(code)) return `unregistered code ${String(code)}`;
  if (HTTP_STATUS_OF[code] !== res.status) return `code ${code} maps to ${HTTP_STATUS_OF[code]}, answered ${res.status}`;
  return undefined;
}

for (const harness of storeHarnesses()) {
  describe(`hostile input on every operation [${harness.kind}]`, () => {
    let store: Store;
    let app: App;
    let url: string;
    let doc: Doc;
    let operations: Operation[];

    async function send(op: Operation, req: Req): Promise<Res> {
      if (isStream(doc, op)) {
        // A stream that opens never ends: read the head, then hang up.
        const abort = new AbortController();
        const res = await fetch(`${url}${req.url}`, { method: req.method, headers: req.headers, signal: abort.signal });
        const contentType = res.headers.get('content-type') ?? '';
        const text = contentType.startsWith('text/event-stream') ? '' : await res.text();
        abort.abort();
        return { status: res.status, contentType, text };
      }
      const res = await app.server.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.body ? { payload: req.body } : {}) });
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), text: res.body };
    }

    /** One raw HTTP/1.1 exchange over a socket: what Node's parser does with bytes no client library would send. */
    function raw(bytes: Buffer): Promise<Res> {
      const { port } = new URL(url);
      return withTimeout(
        new Promise<Res>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1');
          const chunks: Buffer[] = [];
          socket.on('data', (chunk: Buffer) => chunks.push(chunk));
          socket.on('error', () => undefined);
          socket.on('close', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const [head = '', ...rest] = text.split('\r\n\r\n');
            const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
            if (status === 0) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
            resolve({ status, contentType: /content-type: *([^\r\n]+)/i.exec(head)?.[1] ?? '', text: rest.join('\r\n\r\n') });
          });
          // Not end(): a half-closed connection lets Node drop the answer to a request still being served.
          socket.write(bytes);
        }),
        bytes.subarray(0, 80).toString('latin1'),
      );
    }

    beforeAll(async () => {
      store = harness.location().open();
      await store.migrate();
      app = await buildApp({
        store,
        config: { bodyLimitBytes: BODY_LIMIT, logLevel: 'silent', authCacheTtlMs: 60_000 },
        version: 'test',
        alertEvaluateIntervalMs: 0,
        approvalSweepIntervalMs: 0,
        // Generated webhooks and re-run targets point anywhere: nothing may leave the machine.
        webhooks: { dispatch: false },
        reruns: { transport: { send: async () => ({ error: 'offline (test)' }) as never } },
      });
      await app.credentials.ensureBootstrapAdmin(ADMIN_SECRET);
      await app.server.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.addresses()[0]!;
      url = `http://127.0.0.1:${typeof address === 'object' ? address.port : 0}`;
      doc = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json();
      operations = operationsOf(doc as never);
    });
    afterAll(async () => {
      await app?.server.close();
      await store?.close().catch(() => undefined);
      await harness.cleanup();
    });

    it(`answers generated and mutated requests to every operation in time, without a 5xx, in the declared envelope (seed ${SEED}, ${RUNS} runs each)`, async () => {
      expect(operations.length).toBeGreaterThan(60);
      const failures: string[] = [];
      for (const op of operations) {
        try {
          await fc.assert(
            fc.asyncProperty(requestArbitrary(doc, op), async (req) => {
              const res = await withTimeout(send(op, req), describeReq(req));
              const problem = problemsOf(doc, op, req, res);
              if (problem) throw new Error(`${describeReq(req)}\n  → ${problem}`);
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        } catch (error) {
          const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : '';
          failures.push(`${op.method} ${op.path} (AXONFLOW_FUZZ_SEED=${SEED}): ${(error as Error).message.slice(0, 1200)}\n${cause.slice(0, 800)}`);
        }
      }
      expect(failures).toEqual([]);
    }, 240_000);

    it('answers 10,000 levels of nesting in caller payloads without a 5xx', async () => {
      const deep = `${'{"a":['.repeat(5000)}1${']}'.repeat(5000)}`;
      for (const [path, text] of [
        ['/api/v1/workflows', `{"workflow_name":"deep","input":${deep}}`],
        ['/api/v1/policies/simulate', `{"policies":[],"facts":${deep}}`],
        ['/api/v1/events', `{"events":[{"type":"execution.started","event_id":"e1","execution_id":"deep-run","workflow_name":"deep","input":${deep}}]}`],
      ] as const) {
        const req: Req = { method: 'POST', url: path, headers: { authorization: `Bearer ${ADMIN_SECRET}`, 'content-type': 'application/json' }, body: Buffer.from(text) };
        const res = await withTimeout(send({ method: 'POST', path } as Operation, req), path);
        expect(problemsOf(doc, { method: 'POST', path }, req, res), path).toBeUndefined();
      }
    });

    it('answers a 64 KiB header with 431 HEADERS_TOO_LARGE in the envelope, and keeps serving', async () => {
      for (const path of ['/api/v1/executions', '/api/v1/unified/executions']) {
        const res = await raw(Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_SECRET}\r\nConnection: close\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\n\r\n`));
        expect(res.status).toBe(431);
        expect(problemsOf(doc, undefined, { method: 'GET', url: path, headers: {} }, res)).toBeUndefined();
        expect(errorCodeOf(JSON.parse(res.text))).toBe('HEADERS_TOO_LARGE');
      }
      const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
      const crowded = await raw(Buffer.from(`GET /api/v1/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_SECRET}\r\n${many}Connection: close\r\n\r\n`));
      expect(crowded.status === 200 || problemsOf(doc, undefined, { method: 'GET', url: '/api/v1/whoami', headers: {} }, crowded) === undefined).toBe(true);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });

    it('answers what the HTTP parser refuses (a malformed request line, invalid bytes, a bad chunk) with 400 in the envelope', async () => {
      for (const bytes of [
        Buffer.from('GARBAGE\r\n\r\n'),
        Buffer.concat([Buffer.from('GET /api/v1/executions/'), Buffer.from([0xff, 0x00, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]),
        Buffer.from('POST /api/v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n'),
        Buffer.from('POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}'),
      ]) {
        const res = await raw(bytes);
        expect(res.status, bytes.toString('latin1').slice(0, 60)).toBe(400);
        expect(problemsOf(doc, undefined, { method: 'GET', url: '/', headers: {} }, res)).toBeUndefined();
      }
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });

    it('answers invalid UTF-8 bytes and bodies over the limit through the socket without a 5xx', async () => {
      const utf8 = Buffer.concat([Buffer.from('{"workflow_name":"'), Buffer.from([0xc3, 0x28, 0xff, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
      const bad = await raw(Buffer.concat([Buffer.from(`POST /api/v1/workflows HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_SECRET}\r\nContent-Type: application/json\r\nContent-Length: ${utf8.length}\r\nConnection: close\r\n\r\n`), utf8]));
      expect(bad.status).toBeLessThan(500);
      for (const [path, size] of [['/api/v1/workflows', BODY_LIMIT + 1], ['/api/v1/events', 5 * 1024 * 1024 + 1]] as const) {
        const body = `{"padding":"${'x'.repeat(size)}"}`;
        const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_SECRET}`, 'content-type': 'application/json' }, body });
        const answer = { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
        expect(answer.status, path).toBe(413);
        expect(problemsOf(doc, { method: 'POST', path }, { method: 'POST', url: path, headers: {} }, answer)).toBeUndefined();
      }
    });
  });
}
