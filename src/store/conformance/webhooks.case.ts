/**
 * @module Conformance: webhooks (CRUD, audit, tenant isolation), the per-webhook cursor
 * (compare-and-set, deliveries unique per webhook and event seq), leased claims that never hand
 * one delivery to two senders, attempt records under the lease, the delivery log and redelivery.
 * Claims work across tenants, so claim cases use a fresh store of their own.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Scope } from '../../core/identity/scope.js';
import type { Store } from '../../core/ports/store.js';
import type { Webhook, WebhookDelivery } from '../../core/webhooks/webhook.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const AT = '2026-05-01T10:00:00.000Z';
const LATER = '2026-05-01T10:05:00.000Z';
const tag = () => randomBytes(4).toString('hex');

function webhook(scope: Scope, webhookId = `whk_${tag()}`, extra: Partial<Webhook> = {}): Webhook {
  return {
    webhookId,
    orgId: scope.orgId,
    tenantId: scope.tenantId,
    url: 'https://hooks.example.test/axonflow',
    secret: 'whsec_0123456789abcdef',
    events: ['*'],
    format: 'axonflow',
    enabled: true,
    description: 'ops channel',
    createdAt: AT,
    createdBy: 'admin',
    updatedAt: AT,
    updatedBy: 'admin',
    ...extra,
  };
}

function audit(action: string, targetId: string): AuditEntry {
  return { auditId: `aud_${tag()}`, at: AT, actor: 'admin', action, targetType: 'webhook', targetId, details: {} };
}

function delivery(scope: Scope, webhookId: string, seq: number | undefined, extra: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    deliveryId: `dlv_${tag()}`,
    webhookId,
    orgId: scope.orgId,
    tenantId: scope.tenantId,
    event: seq === undefined ? 'webhook.test' : 'execution.completed',
    ...(seq !== undefined ? { eventSeq: seq, eventId: `ev-${seq}`, executionId: 'run-1' } : {}),
    status: 'pending',
    attempts: 0,
    roundStart: 0,
    nextAttemptAt: AT,
    createdAt: AT,
    body: `{"event":"execution.completed","seq":${seq ?? 0},"z":1,"a":2}`,
    attemptLog: [],
    ...extra,
  };
}

async function withWebhook(store: Store, scope: Scope, extra: Partial<Webhook> = {}, cursor = 0): Promise<Webhook> {
  const hook = webhook(scope, undefined, extra);
  await store.insertWebhook(scope, hook, cursor, audit('webhook.create', hook.webhookId));
  return hook;
}

export function webhookCases(ctx: ConformanceContext, it: Register): void {
  it('stores, reads, lists, replaces and deletes a webhook (with its delivery format), each with its audit entry', async () => {
    const scope = ctx.scope();
    const store = ctx.store();
    const first = webhook(scope, 'whk_a', { events: ['approval.requested', 'execution.failed'] });
    await store.insertWebhook(scope, first, 7, audit('webhook.create', 'whk_a'));
    const second = webhook(scope, 'whk_b', { createdAt: LATER, updatedAt: LATER, description: undefined, format: 'slack' });
    await store.insertWebhook(scope, second, 0, audit('webhook.create', 'whk_b'));
    expect(await store.getWebhook(scope, 'whk_a')).toEqual(first);
    expect(await store.getWebhook(scope, 'whk_b')).toEqual(second);
    expect((await store.listWebhooks(scope)).map((w) => w.webhookId)).toEqual(['whk_a', 'whk_b']);
    const changed: Webhook = { ...first, url: 'http://127.0.0.1:9/x', enabled: false, disabledReason: 'gone', events: ['*'], format: 'slack', updatedAt: LATER };
    expect(await store.updateWebhook(scope, changed, audit('webhook.update', 'whk_a'))).toBe(true);
    expect(await store.getWebhook(scope, 'whk_a')).toEqual(changed);
    expect(await store.deleteWebhook(scope, 'whk_a', audit('webhook.delete', 'whk_a'))).toBe(true);
    expect(await store.getWebhook(scope, 'whk_a')).toBeUndefined();
    expect(await store.deleteWebhook(scope, 'whk_a', audit('webhook.delete', 'whk_a'))).toBe(false);
    expect(await store.updateWebhook(scope, changed, audit('webhook.update', 'whk_a'))).toBe(false);
    const trail = await store.listAudit(scope, { targetType: 'webhook', targetId: 'whk_a', limit: 10 });
    expect(trail.map((e) => e.action).sort()).toEqual(['webhook.create', 'webhook.delete', 'webhook.update']);
  });

  it("keeps tenants apart: another tenant's webhook and deliveries do not exist for the caller", async () => {
    const store = ctx.store();
    const mine = ctx.scope();
    const theirs = { orgId: mine.orgId, tenantId: `${mine.tenantId}-other` };
    const hook = await withWebhook(store, mine);
    const d = delivery(mine, hook.webhookId, undefined);
    await store.insertWebhookDelivery(mine, d);
    expect(await store.getWebhook(theirs, hook.webhookId)).toBeUndefined();
    expect(await store.listWebhooks(theirs)).toEqual([]);
    expect(await store.updateWebhook(theirs, { ...hook, orgId: theirs.orgId, tenantId: theirs.tenantId }, audit('webhook.update', hook.webhookId))).toBe(false);
    expect(await store.deleteWebhook(theirs, hook.webhookId, audit('webhook.delete', hook.webhookId))).toBe(false);
    expect(await store.listWebhookDeliveries(theirs, hook.webhookId, { limit: 10 })).toEqual([]);
    expect(await store.getWebhookDelivery(theirs, hook.webhookId, d.deliveryId)).toBeUndefined();
    expect(await store.redeliverWebhookDelivery(theirs, hook.webhookId, d.deliveryId, LATER)).toBeUndefined();
    expect(await store.advanceWebhookCursor(theirs, hook.webhookId, 0, 5, [])).toBe(false);
    expect(await store.getWebhook(mine, hook.webhookId)).toEqual(hook);
    expect(await store.getWebhookDelivery(mine, hook.webhookId, d.deliveryId)).toEqual(d);
  });

  it('moves a cursor only from where it is, creating each (webhook, event seq) delivery once', async () => {
    const store = await ctx.freshStore();
    const scope = ctx.scope();
    const hook = await withWebhook(store, scope, {}, 10);
    const disabled = await withWebhook(store, scope, { enabled: false }, 3);
    expect(await store.listEnabledWebhooks()).toEqual([{ webhook: hook, cursorSeq: 10 }]);

    expect(await store.advanceWebhookCursor(scope, hook.webhookId, 10, 14, [delivery(scope, hook.webhookId, 12), delivery(scope, hook.webhookId, 14)])).toBe(true);
    // A replica that read the same cursor loses the compare-and-set and writes nothing.
    expect(await store.advanceWebhookCursor(scope, hook.webhookId, 10, 14, [delivery(scope, hook.webhookId, 12), delivery(scope, hook.webhookId, 13)])).toBe(false);
    expect((await store.listEnabledWebhooks())[0]?.cursorSeq).toBe(14);
    // A cursor moved back (a webhook enabled again) does not duplicate a delivery already made.
    expect(await store.updateWebhook(scope, hook, audit('webhook.update', hook.webhookId), { resetCursorTo: 11 })).toBe(true);
    expect(await store.advanceWebhookCursor(scope, hook.webhookId, 11, 15, [delivery(scope, hook.webhookId, 12), delivery(scope, hook.webhookId, 15)])).toBe(true);
    const log = await store.listWebhookDeliveries(scope, hook.webhookId, { limit: 10 });
    expect(log.map((d) => d.eventSeq).sort()).toEqual([12, 14, 15]);
    // A disabled webhook's cursor does not move.
    expect(await store.advanceWebhookCursor(scope, disabled.webhookId, 3, 15, [delivery(scope, disabled.webhookId, 4)])).toBe(false);
    expect(await store.listWebhookDeliveries(scope, disabled.webhookId, { limit: 10 })).toEqual([]);
  });

  it('claims due deliveries of enabled webhooks under a lease, hands none out twice, and takes back expired leases', async () => {
    const store = await ctx.freshStore();
    const scope = ctx.scope();
    const hook = await withWebhook(store, scope);
    const off = await withWebhook(store, scope, { enabled: false });
    const due = [1, 2, 3].map((n) => delivery(scope, hook.webhookId, n, { nextAttemptAt: `2026-05-01T09:0${n}:00.000Z` }));
    const notYet = delivery(scope, hook.webhookId, 4, { nextAttemptAt: LATER });
    const done = delivery(scope, hook.webhookId, 5, { status: 'delivered', nextAttemptAt: undefined, deliveredAt: AT });
    await store.advanceWebhookCursor(scope, hook.webhookId, 0, 5, [...due, notYet, done]);
    await store.insertWebhookDelivery(scope, delivery(scope, off.webhookId, undefined));

    const first = await store.claimWebhookDeliveries(AT, '2026-05-01T10:01:00.000Z', 2, 'lease-a');
    expect(first.map((c) => c.delivery.deliveryId)).toEqual([due[0]!.deliveryId, due[1]!.deliveryId]);
    expect(first[0]).toMatchObject({ url: hook.url, secret: hook.secret, delivery: { body: due[0]!.body, attempts: 0 } });
    const second = await store.claimWebhookDeliveries(AT, '2026-05-01T10:01:00.000Z', 10, 'lease-b');
    expect(second.map((c) => c.delivery.deliveryId)).toEqual([due[2]!.deliveryId]);
    expect(await store.claimWebhookDeliveries(AT, '2026-05-01T10:01:00.000Z', 10, 'lease-c')).toEqual([]);
    // After the leases run out (and the fourth became due), everything pending is claimable again.
    const later = await store.claimWebhookDeliveries(LATER, '2026-05-01T10:06:00.000Z', 10, 'lease-d');
    expect(later.map((c) => c.delivery.deliveryId).sort()).toEqual([...due, notYet].map((d) => d.deliveryId).sort());
    // The old lease can no longer record.
    expect(await store.recordWebhookAttempt(due[0]!.deliveryId, 'lease-a', { attempt: { attempt: 1, at: AT, responseStatus: 200, durationMs: 3 }, status: 'delivered' })).toBe(false);
  });

  it('gives concurrent claimers disjoint deliveries, on every replica', async () => {
    const location = ctx.location();
    const a = ctx.track(location.open());
    await a.migrate();
    const b = ctx.kind === 'postgres' ? ctx.track(location.open()) : a;
    const scope = ctx.scope();
    const hook = await withWebhook(a, scope);
    const all = Array.from({ length: 30 }, (_, i) => delivery(scope, hook.webhookId, i + 1));
    await a.advanceWebhookCursor(scope, hook.webhookId, 0, 30, all);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).claimWebhookDeliveries(AT, LATER, 5, `lease-${i}`)));
    const ids = claims.flat().map((c) => c.delivery.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeLessThanOrEqual(30);
    // What no claimer got is still there for the next one.
    const rest = await a.claimWebhookDeliveries(AT, LATER, 30, 'lease-rest');
    expect(ids.length + rest.length).toBe(30);
  });

  it('records attempts under the lease: retry, then delivered; the log keeps every attempt', async () => {
    const store = await ctx.freshStore();
    const scope = ctx.scope();
    const hook = await withWebhook(store, scope);
    const d = delivery(scope, hook.webhookId, 1);
    await store.advanceWebhookCursor(scope, hook.webhookId, 0, 1, [d]);
    const [claimed] = await store.claimWebhookDeliveries(AT, LATER, 5, 'l1');
    expect(claimed?.delivery.deliveryId).toBe(d.deliveryId);
    expect(await store.recordWebhookAttempt(d.deliveryId, 'other', { attempt: { attempt: 1, at: AT, error: 'x', durationMs: 1 }, status: 'failed' })).toBe(false);
    expect(await store.recordWebhookAttempt(d.deliveryId, 'l1', { attempt: { attempt: 1, at: AT, responseStatus: 500, error: 'HTTP 500', durationMs: 12 }, status: 'pending', nextAttemptAt: '2026-05-01T10:00:05.000Z' })).toBe(true);
    let stored = await store.getWebhookDelivery(scope, hook.webhookId, d.deliveryId);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastResponseStatus: 500, lastError: 'HTTP 500', nextAttemptAt: '2026-05-01T10:00:05.000Z' });
    // Not due yet; then due.
    expect(await store.claimWebhookDeliveries(AT, LATER, 5, 'l2')).toEqual([]);
    const [again] = await store.claimWebhookDeliveries('2026-05-01T10:00:05.000Z', LATER, 5, 'l3');
    expect(again?.delivery.attempts).toBe(1);
    expect(await store.recordWebhookAttempt(d.deliveryId, 'l3', { attempt: { attempt: 2, at: '2026-05-01T10:00:05.000Z', responseStatus: 204, durationMs: 4 }, status: 'delivered' })).toBe(true);
    stored = await store.getWebhookDelivery(scope, hook.webhookId, d.deliveryId);
    expect(stored).toMatchObject({ status: 'delivered', attempts: 2, lastResponseStatus: 204, deliveredAt: '2026-05-01T10:00:05.000Z' });
    expect(stored?.lastError).toBeUndefined();
    expect(stored?.nextAttemptAt).toBeUndefined();
    expect(stored?.attemptLog).toEqual([
      { attempt: 1, at: AT, responseStatus: 500, error: 'HTTP 500', durationMs: 12 },
      { attempt: 2, at: '2026-05-01T10:00:05.000Z', responseStatus: 204, durationMs: 4 },
    ]);
    expect(stored?.body).toBe(d.body);
  });

  it('disables the webhook when an attempt says so (410 Gone), and stops claiming its deliveries', async () => {
    const store = await ctx.freshStore();
    const scope = ctx.scope();
    const hook = await withWebhook(store, scope);
    const [gone, waiting] = [delivery(scope, hook.webhookId, 1), delivery(scope, hook.webhookId, 2, { nextAttemptAt: LATER })];
    await store.advanceWebhookCursor(scope, hook.webhookId, 0, 2, [gone!, waiting!]);
    await store.claimWebhookDeliveries(AT, LATER, 1, 'l1');
    expect(await store.recordWebhookAttempt(gone!.deliveryId, 'l1', { attempt: { attempt: 1, at: AT, responseStatus: 410, error: 'HTTP 410', durationMs: 2 }, status: 'failed', disableWebhook: 'gone' })).toBe(true);
    expect(await store.getWebhook(scope, hook.webhookId)).toMatchObject({ enabled: false, disabledReason: 'gone' });
    expect(await store.listEnabledWebhooks()).toEqual([]);
    expect(await store.claimWebhookDeliveries(LATER, '2026-05-01T11:00:00.000Z', 5, 'l2')).toEqual([]);
  });

  it('lists deliveries newest first, by status and limit; redelivers with a new round; deletes them with the webhook', async () => {
    const store = await ctx.freshStore();
    const scope = ctx.scope();
    const hook = await withWebhook(store, scope);
    const failed = delivery(scope, hook.webhookId, 1, { status: 'failed', attempts: 3, nextAttemptAt: undefined, createdAt: '2026-05-01T10:00:01.000Z' });
    const delivered = delivery(scope, hook.webhookId, 2, { status: 'delivered', attempts: 1, nextAttemptAt: undefined, deliveredAt: AT, createdAt: '2026-05-01T10:00:02.000Z' });
    const pending = delivery(scope, hook.webhookId, 3, { createdAt: '2026-05-01T10:00:03.000Z', nextAttemptAt: LATER });
    await store.advanceWebhookCursor(scope, hook.webhookId, 0, 3, [failed, delivered, pending]);
    expect((await store.listWebhookDeliveries(scope, hook.webhookId, { limit: 10 })).map((d) => d.eventSeq)).toEqual([3, 2, 1]);
    expect((await store.listWebhookDeliveries(scope, hook.webhookId, { limit: 2 })).map((d) => d.eventSeq)).toEqual([3, 2]);
    expect((await store.listWebhookDeliveries(scope, hook.webhookId, { status: 'failed', limit: 10 })).map((d) => d.deliveryId)).toEqual([failed.deliveryId]);

    const again = await store.redeliverWebhookDelivery(scope, hook.webhookId, failed.deliveryId, LATER);
    expect(again).toMatchObject({ deliveryId: failed.deliveryId, status: 'pending', attempts: 3, roundStart: 3, nextAttemptAt: LATER, body: failed.body });
    const resent = await store.redeliverWebhookDelivery(scope, hook.webhookId, delivered.deliveryId, LATER);
    expect(resent).toMatchObject({ status: 'pending', roundStart: 1 });
    expect(resent?.deliveredAt).toBeUndefined();
    // A pending one keeps its round and only becomes due now.
    expect(await store.redeliverWebhookDelivery(scope, hook.webhookId, pending.deliveryId, AT)).toMatchObject({ status: 'pending', roundStart: 0, nextAttemptAt: AT });
    expect(await store.redeliverWebhookDelivery(scope, hook.webhookId, 'dlv_nope', AT)).toBeUndefined();

    expect(await store.deleteWebhook(scope, hook.webhookId, audit('webhook.delete', hook.webhookId))).toBe(true);
    expect(await store.listWebhookDeliveries(scope, hook.webhookId, { limit: 10 })).toEqual([]);
    expect(await store.claimWebhookDeliveries(LATER, '2026-05-01T11:00:00.000Z', 10, 'l')).toEqual([]);
  });
}
