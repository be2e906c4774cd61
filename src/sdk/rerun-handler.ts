/**
 * @module The receiving side of re-runs: an application's endpoint that the control plane calls
 * when an operator re-runs one of its workflow's runs. `verifyRerunRequest` checks the signature
 * (`X-AxonFlow-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, constant time) and
 * that `t` is recent (replays of an old request are refused), then parses the body.
 * `createRerunHandler` wraps it as a node:http handler that answers 202 once `onRerun` has started
 * the new run; `rerunStartOptions` gives what `client.workflows.start` needs so the new run carries
 * `parent_execution_id` + `rerun_id` and a delivery received twice starts one run.
 *
 * ```ts
 * import { createServer } from 'node:http';
 * import { AxonFlowClient, createRerunHandler } from 'axonflow/sdk';
 * const client = new AxonFlowClient();
 * createServer(createRerunHandler({
 *   secret: process.env.AXONFLOW_RERUN_SECRET!,
 *   onRerun: async (rerun) => {
 *     const run = await client.workflows.start(rerun.startOptions);
 *     void refundAgent(run, rerun.effectiveInput); // answer now; the run goes on
 *     return { executionId: run.id };
 *   },
 * })).listen(3000);
 * ```
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RerunRequestBody } from '../shared/reruns.js';
import type { StartOptions } from './workflow-run.js';

/** The request headers, lower-cased as Node presents them. */
export const RERUN_HEADERS = {
  signature: 'x-axonflow-signature',
  event: 'x-axonflow-event',
  rerun: 'x-axonflow-rerun',
} as const;

/** How old (or how far ahead) `t` may be. @default 300 s, as the server's clock and yours may differ a little. */
export const DEFAULT_RERUN_TOLERANCE_SECONDS = 300;

export interface RerunRequest {
  readonly rerunId: string;
  /** The run to re-run. */
  readonly executionId: string;
  /** What the new run must carry as `parent_execution_id` (the same run as `executionId`). */
  readonly parentExecutionId: string;
  readonly workflowName: string;
  readonly orgId: string;
  readonly tenantId: string;
  readonly traceId?: string;
  /** The step to start from, when the operator chose one. */
  readonly fromStep?: { readonly stepIndex: number; readonly stepId: string; readonly stepName: string };
  /** The original run's input. */
  readonly input: unknown;
  readonly inputOverrides?: Readonly<Record<string, unknown>>;
  /**
   * The input to start with: an object input with `inputOverrides` laid over it (one level deep);
   * the overrides alone when the run had no input; otherwise the input unchanged.
   */
  readonly effectiveInput: unknown;
  readonly reason: string;
  readonly requestedBy: string;
  /** When the operator asked (RFC 3339). */
  readonly timestamp: string;
  /** `t` of the signature: when the request was sent (Unix seconds). */
  readonly signedAt: number;
  /** `client.workflows.start(...)` options for the new run; see `rerunStartOptions`. */
  readonly startOptions: StartOptions;
}

export type RerunRejection = 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'stale_timestamp' | 'invalid_body';

export type RerunVerification = { readonly ok: true; readonly request: RerunRequest } | { readonly ok: false; readonly reason: RerunRejection; readonly message: string };

export interface VerifyRerunOptions {
  /** @default DEFAULT_RERUN_TOLERANCE_SECONDS */
  readonly toleranceSeconds?: number;
}

type Secrets = string | readonly string[];
type HeaderValue = string | readonly string[] | undefined | null;

const reject = (reason: RerunRejection, message: string): RerunVerification => ({ ok: false, reason, message });

function parseSignature(header: string): { t: number; v1: Buffer[] } | undefined {
  let t: number | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return undefined;
      t = Number(value);
    } else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) {
      v1.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (a later v2) are skipped, so a receiver keeps working while the server adds one.
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The body's shape (src/shared/reruns.ts `RerunRequestBody`), checked by hand: the SDK loads no
 * zod at runtime, so axonctl and applications start fast. Unknown members are allowed (the server
 * may add some); the problem named is the first one found.
 */
function parseBody(json: unknown): { body: RerunRequestBody } | { problem: string } {
  if (!isObject(json)) return { problem: 'not a JSON object' };
  if (json.event !== 'rerun.requested') return { problem: 'event: expected "rerun.requested"' };
  for (const key of ['rerun_id', 'execution_id', 'parent_execution_id', 'workflow_name'] as const) {
    if (typeof json[key] !== 'string' || json[key] === '') return { problem: `${key}: expected a non-empty string` };
  }
  for (const key of ['org_id', 'tenant_id', 'reason', 'requested_by'] as const) if (typeof json[key] !== 'string') return { problem: `${key}: expected a string` };
  if (json.trace_id !== undefined && typeof json.trace_id !== 'string') return { problem: 'trace_id: expected a string' };
  if (typeof json.timestamp !== 'string' || Number.isNaN(Date.parse(json.timestamp))) return { problem: 'timestamp: expected an RFC 3339 time' };
  const step = json.from_step;
  if (step !== null && step !== undefined && !(isObject(step) && Number.isInteger(step.step_index) && typeof step.step_id === 'string' && typeof step.step_name === 'string')) {
    return { problem: 'from_step: expected null or {step_index, step_id, step_name}' };
  }
  if (json.input_overrides !== null && json.input_overrides !== undefined && !isObject(json.input_overrides)) return { problem: 'input_overrides: expected null or an object' };
  return { body: json as unknown as RerunRequestBody };
}

function withOverrides(input: unknown, overrides: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!overrides) return input;
  if (input === undefined || input === null) return { ...overrides };
  if (typeof input === 'object' && !Array.isArray(input)) return { ...(input as Record<string, unknown>), ...overrides };
  return input;
}

/**
 * Options for `client.workflows.start` that make the new run a re-run: the workflow name, the
 * effective input, the trace id, `parentExecutionId` + `rerunId`, and an idempotency key derived
 * from the re-run id, so a request delivered twice (a retry by the operator's network, a replayed
 * delivery inside the tolerance) starts one run. `extra` is laid over them.
 */
export function rerunStartOptions(request: Omit<RerunRequest, 'startOptions'>, extra: Partial<StartOptions> = {}): StartOptions {
  return {
    name: request.workflowName,
    input: request.effectiveInput,
    traceId: request.traceId,
    parentExecutionId: request.parentExecutionId,
    rerunId: request.rerunId,
    idempotencyKey: `rerun:${request.rerunId}`,
    metadata: { rerun_reason: request.reason, rerun_requested_by: request.requestedBy },
    ...extra,
  };
}

/**
 * Checks a re-run request as it arrived: `rawBody` exactly as received (before any JSON parsing),
 * `header` the `X-AxonFlow-Signature` value, `secret` the target's (or several, while rotating).
 * Never throws; `now` (ms since the epoch, or a Date) is the receiver's clock.
 */
export function verifyRerunRequest(rawBody: string | Uint8Array, header: HeaderValue, secret: Secrets, now: number | Date = Date.now(), options: VerifyRerunOptions = {}): RerunVerification {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (typeof value !== 'string' || value.trim() === '') return reject('missing_signature', 'no X-AxonFlow-Signature header');
  const parsed = parseSignature(value);
  if (!parsed) return reject('malformed_signature', 'X-AxonFlow-Signature is not "t=<unix seconds>,v1=<hex>"');
  const secrets = (typeof secret === 'string' ? [secret] : [...secret]).filter((s) => s.length > 0);
  if (secrets.length === 0) return reject('bad_signature', 'no secret to verify with');
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const signedPayload = Buffer.concat([Buffer.from(`${parsed.t}.`, 'utf8'), body]);
  // Every candidate is compared (no early exit), so timing says nothing about which one matched.
  let matched = false;
  for (const key of secrets) {
    const expected = createHmac('sha256', key).update(signedPayload).digest();
    for (const given of parsed.v1) if (timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) return reject('bad_signature', 'the signature does not match the body under this secret');
  const nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_RERUN_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - parsed.t) > tolerance) return reject('stale_timestamp', `signed at ${parsed.t}, ${nowSeconds - parsed.t} s from now; tolerance is ${tolerance} s`);

  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return reject('invalid_body', 'the body is not JSON');
  }
  const parsedBody = parseBody(json);
  if ('problem' in parsedBody) return reject('invalid_body', `the body is not a re-run request: ${parsedBody.problem}`);
  const b = parsedBody.body;
  const inputOverrides = b.input_overrides ?? undefined;
  const request: Omit<RerunRequest, 'startOptions'> = {
    rerunId: b.rerun_id,
    executionId: b.execution_id,
    parentExecutionId: b.parent_execution_id,
    workflowName: b.workflow_name,
    orgId: b.org_id,
    tenantId: b.tenant_id,
    ...(b.trace_id !== undefined ? { traceId: b.trace_id } : {}),
    ...(b.from_step ? { fromStep: { stepIndex: b.from_step.step_index, stepId: b.from_step.step_id, stepName: b.from_step.step_name } } : {}),
    input: b.input ?? undefined,
    ...(inputOverrides ? { inputOverrides } : {}),
    effectiveInput: withOverrides(b.input ?? undefined, inputOverrides),
    reason: b.reason,
    requestedBy: b.requested_by,
    timestamp: b.timestamp,
    signedAt: parsed.t,
  };
  return { ok: true, request: { ...request, startOptions: rerunStartOptions(request) } };
}

export interface RerunHandlerOptions extends VerifyRerunOptions {
  /** The target's secret (several while rotating: any one may sign). */
  readonly secret: Secrets;
  /**
   * Starts the new run (e.g. `client.workflows.start(rerun.startOptions)`) and returns; do not wait
   * for the whole workflow: the control plane waits 10 s for the answer. A throw answers 500, and
   * the operator sees the re-run as not delivered.
   */
  readonly onRerun: (request: RerunRequest) => Promise<{ readonly executionId?: string } | void> | { readonly executionId?: string } | void;
  /** Bodies larger than this are refused (413). @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** The receiver's clock (tests). @default Date.now */
  readonly now?: () => number;
  /** `onRerun` threw; the answer is 500 either way. */
  readonly onError?: (error: unknown) => void;
}

export interface RerunAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** The framework-free core of the handler: what to answer a request with this raw body and signature header. */
export async function handleRerunRequest(rawBody: string | Uint8Array, signature: HeaderValue, options: RerunHandlerOptions): Promise<RerunAnswer> {
  const verified = verifyRerunRequest(rawBody, signature, options.secret, (options.now ?? Date.now)(), options);
  if (!verified.ok) return { status: verified.reason === 'invalid_body' ? 400 : 401, body: { error: verified.reason, message: verified.message } };
  try {
    const started = await options.onRerun(verified.request);
    return { status: 202, body: { accepted: true, rerun_id: verified.request.rerunId, ...(started && started.executionId ? { execution_id: started.executionId } : {}) } };
  } catch (error) {
    options.onError?.(error);
    return { status: 500, body: { error: 'handler_failed', rerun_id: verified.request.rerunId } };
  }
}

/** A node:http request handler (also fits Express) that verifies re-run requests and hands them to `onRerun`. */
export function createRerunHandler(options: RerunHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const answer = (res: ServerResponse, { status, body }: RerunAnswer) => {
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  return (req, res) => {
    if (req.method !== 'POST') return answer(res, { status: 405, body: { error: 'method_not_allowed' } });
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        answer(res, { status: 413, body: { error: 'body_too_large' } });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      void handleRerunRequest(Buffer.concat(chunks), req.headers[RERUN_HEADERS.signature], options).then((a) => answer(res, a));
    });
    req.on('error', () => answer(res, { status: 400, body: { error: 'invalid_body' } }));
  };
}
