/**
 * The receiving side of re-runs, against the server's own signer (src/core/reruns): a valid
 * request passes; a wrong secret, a tampered body, an old or future timestamp, a missing or
 * malformed header, and a body that is not a re-run request are each refused with their reason.
 * Also what the handler answers, the input with overrides, and the start options of the new run.
 */
import { describe, expect, it } from 'vitest';
import { signRerunBody } from '../core/reruns/rerun-signature.js';
import { handleRerunRequest, rerunStartOptions, verifyRerunRequest, type RerunRequest } from './rerun-handler.js';

const SECRET = 'rrsec_unit_0123456789abcdefghij';
const NOW_MS = Date.parse('2026-05-01T10:00:00.000Z');
const T = NOW_MS / 1000;

const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    event: 'rerun.requested',
    rerun_id: 'rr_1',
    execution_id: 'wf_orig',
    parent_execution_id: 'wf_orig',
    workflow_name: 'refund-agent',
    org_id: 'acme',
    tenant_id: 'payments',
    trace_id: 'ticket-4711',
    from_step: { step_index: 2, step_id: 'refund', step_name: 'issue refund' },
    input: { order: 'ord-1', amount: 740 },
    input_overrides: { amount: 700 },
    reason: 'provider fixed, refund again',
    requested_by: 'axf_ops',
    timestamp: '2026-05-01T09:59:58.000Z',
    links: { execution: '/api/v1/executions/wf_orig' },
    ...extra,
  });

describe('verifyRerunRequest', () => {
  it('accepts a request signed by the server with the shared secret, and parses it', () => {
    const raw = body();
    const result = verifyRerunRequest(raw, signRerunBody(raw, SECRET, T), SECRET, NOW_MS);
    expect(result.ok).toBe(true);
    const request = (result as { request: RerunRequest }).request;
    expect(request).toMatchObject({
      rerunId: 'rr_1',
      executionId: 'wf_orig',
      parentExecutionId: 'wf_orig',
      workflowName: 'refund-agent',
      traceId: 'ticket-4711',
      fromStep: { stepIndex: 2, stepId: 'refund', stepName: 'issue refund' },
      input: { order: 'ord-1', amount: 740 },
      inputOverrides: { amount: 700 },
      effectiveInput: { order: 'ord-1', amount: 700 },
      reason: 'provider fixed, refund again',
      requestedBy: 'axf_ops',
      signedAt: T,
    });
    expect(request.startOptions).toEqual({
      name: 'refund-agent',
      input: { order: 'ord-1', amount: 700 },
      traceId: 'ticket-4711',
      parentExecutionId: 'wf_orig',
      rerunId: 'rr_1',
      idempotencyKey: 'rerun:rr_1',
      metadata: { rerun_reason: 'provider fixed, refund again', rerun_requested_by: 'axf_ops' },
    });
    // Bytes work as well as text, and so does a header Node hands over as an array.
    expect(verifyRerunRequest(Buffer.from(raw), [signRerunBody(raw, SECRET, T)], SECRET, new Date(NOW_MS)).ok).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    const raw = body();
    expect(verifyRerunRequest(raw, signRerunBody(raw, 'rrsec_someone_else_0123456789', T), SECRET, NOW_MS)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyRerunRequest(raw, signRerunBody(raw, SECRET, T), '', NOW_MS)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('accepts either secret while one is being rotated', () => {
    const raw = body();
    const header = signRerunBody(raw, 'rrsec_new_0123456789abcdefghij', T);
    expect(verifyRerunRequest(raw, header, [SECRET, 'rrsec_new_0123456789abcdefghij'], NOW_MS).ok).toBe(true);
    expect(verifyRerunRequest(raw, header, [SECRET], NOW_MS).ok).toBe(false);
  });

  it('refuses a tampered body, and a signature moved to another time', () => {
    const raw = body();
    const header = signRerunBody(raw, SECRET, T);
    expect(verifyRerunRequest(raw.replace('"amount":700', '"amount":7000'), header, SECRET, NOW_MS)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyRerunRequest(`${raw} `, header, SECRET, NOW_MS)).toMatchObject({ ok: false, reason: 'bad_signature' });
    // The time is part of what is signed: changing t (to pass the freshness check) breaks it.
    const v1 = header.split(',')[1]!;
    expect(verifyRerunRequest(raw, `t=${T + 600},${v1}`, SECRET, NOW_MS + 600_000)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a stale timestamp (a replay) and one too far ahead, inside the tolerance it accepts', () => {
    const raw = body();
    const header = signRerunBody(raw, SECRET, T);
    expect(verifyRerunRequest(raw, header, SECRET, NOW_MS + 301_000)).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    expect(verifyRerunRequest(raw, header, SECRET, NOW_MS - 301_000)).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    expect(verifyRerunRequest(raw, header, SECRET, NOW_MS + 299_000).ok).toBe(true);
    expect(verifyRerunRequest(raw, header, SECRET, NOW_MS + 61_000, { toleranceSeconds: 60 })).toMatchObject({ ok: false, reason: 'stale_timestamp' });
  });

  it('refuses a missing or malformed header without throwing', () => {
    const raw = body();
    const v1 = signRerunBody(raw, SECRET, T).split(',')[1]!;
    expect(verifyRerunRequest(raw, undefined, SECRET, NOW_MS)).toMatchObject({ ok: false, reason: 'missing_signature' });
    expect(verifyRerunRequest(raw, '', SECRET, NOW_MS)).toMatchObject({ ok: false, reason: 'missing_signature' });
    for (const header of ['sha256=abc', v1, `t=${T}`, `t=soon,${v1}`, `t=${T},v1=zz`, `t=${T},v1=${'a'.repeat(63)}`, 'garbage']) {
      expect(verifyRerunRequest(raw, header, SECRET, NOW_MS), header).toMatchObject({ ok: false, reason: 'malformed_signature' });
    }
    // An unknown scheme beside v1 is skipped, so a later server version does not break receivers.
    expect(verifyRerunRequest(raw, `t=${T},v2=${'b'.repeat(64)},${v1}`, SECRET, NOW_MS).ok).toBe(true);
  });

  it('refuses a correctly signed body that is not a re-run request', () => {
    for (const raw of ['not json', JSON.stringify({ event: 'webhook.test' }), body({ rerun_id: '' }), body({ timestamp: 'yesterday' })]) {
      expect(verifyRerunRequest(raw, signRerunBody(raw, SECRET, T), SECRET, NOW_MS), raw.slice(0, 30)).toMatchObject({ ok: false, reason: 'invalid_body' });
    }
  });
});

describe('handleRerunRequest', () => {
  const raw = body();
  const header = signRerunBody(raw, SECRET, T);
  const now = () => NOW_MS;

  it('answers 202 with the new run once onRerun has started it, 401 or 400 when the request does not verify', async () => {
    const seen: RerunRequest[] = [];
    const ok = await handleRerunRequest(raw, header, { secret: SECRET, now, onRerun: (r) => void seen.push(r) });
    expect(ok).toEqual({ status: 202, body: { accepted: true, rerun_id: 'rr_1' } });
    expect(await handleRerunRequest(raw, header, { secret: SECRET, now, onRerun: async () => ({ executionId: 'wf_child' }) })).toEqual({ status: 202, body: { accepted: true, rerun_id: 'rr_1', execution_id: 'wf_child' } });
    expect((await handleRerunRequest(raw, header, { secret: 'rrsec_wrong_0123456789abcdef', now, onRerun: () => void seen.push(undefined as never) })).status).toBe(401);
    expect((await handleRerunRequest(raw, header, { secret: SECRET, now: () => NOW_MS + 3_600_000, onRerun: () => undefined })).body).toMatchObject({ error: 'stale_timestamp' });
    const notARerun = JSON.stringify({ hello: 'world' });
    expect((await handleRerunRequest(notARerun, signRerunBody(notARerun, SECRET, T), { secret: SECRET, now, onRerun: () => undefined })).status).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it('answers 500 and reports the error when onRerun throws', async () => {
    const errors: unknown[] = [];
    const answer = await handleRerunRequest(raw, header, {
      secret: SECRET,
      now,
      onRerun: async () => {
        throw new Error('database down');
      },
      onError: (e) => errors.push(e),
    });
    expect(answer).toEqual({ status: 500, body: { error: 'handler_failed', rerun_id: 'rr_1' } });
    expect((errors[0] as Error).message).toBe('database down');
  });
});

describe('effective input and start options', () => {
  const verify = (extra: Record<string, unknown>) => {
    const raw = body(extra);
    const result = verifyRerunRequest(raw, signRerunBody(raw, SECRET, T), SECRET, NOW_MS);
    if (!result.ok) throw new Error(result.message);
    return result.request;
  };

  it('lays overrides over an object input, uses them alone for no input, and leaves other inputs alone', () => {
    expect(verify({}).effectiveInput).toEqual({ order: 'ord-1', amount: 700 });
    expect(verify({ input: null, input_overrides: { amount: 1 } }).effectiveInput).toEqual({ amount: 1 });
    expect(verify({ input: ['a'], input_overrides: { amount: 1 } }).effectiveInput).toEqual(['a']);
    expect(verify({ input_overrides: null }).effectiveInput).toEqual({ order: 'ord-1', amount: 740 });
    const plain = verify({ from_step: null, input_overrides: null, trace_id: undefined });
    expect(plain).not.toHaveProperty('fromStep');
    expect(plain).not.toHaveProperty('inputOverrides');
    expect(plain).not.toHaveProperty('traceId');
  });

  it('lets the application add to or change the start options', () => {
    const request = verify({});
    expect(rerunStartOptions(request, { source: 'langgraph', metadata: { ticket: 4711 } })).toMatchObject({ source: 'langgraph', metadata: { ticket: 4711 }, parentExecutionId: 'wf_orig', rerunId: 'rr_1', idempotencyKey: 'rerun:rr_1' });
  });
});
