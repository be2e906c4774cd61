/**
 * @module Conformance: built-in alerts. Rules per tenant; the signals over runs, approvals, events
 * and usage; one firing row per (tenant, kind, subject) and one resolution, with the transition's
 * webhook deliveries written only by the writer that won, even when stores race.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Alert } from '../../core/alerts/alert.js';
import type { Scope } from '../../core/identity/scope.js';
import type { AlertDeliveries } from '../../core/ports/alert-store.js';
import type { ConformanceContext, Register } from './conformance-context.js';

const AT = '2026-04-01T10:00:00.000Z';
const id = (p: string) => `${p}_${randomBytes(6).toString('hex')}`;

function alert(scope: Scope, extra: Partial<Alert> = {}): Alert {
  return { alertId: id('alt'), orgId: scope.orgId, tenantId: scope.tenantId, kind: 'connector_errors', subject: 'crm', state: 'firing', firedAt: AT, value: 7, threshold: 5, summary: 'crm failed', ...extra };
}

const oneEach: AlertDeliveries = (a, hooks) =>
  hooks.map((h) => ({ deliveryId: id('dlv'), webhookId: h.webhookId, orgId: a.orgId, tenantId: a.tenantId, event: a.state === 'firing' ? 'alert.firing' : 'alert.resolved', status: 'pending', attempts: 0, roundStart: 0, nextAttemptAt: AT, createdAt: AT, body: JSON.stringify({ alert: a.alertId, state: a.state }), attemptLog: [] }));

export function alertCases(ctx: ConformanceContext, it: Register): void {
  it('stores a tenant’s rules (replaced whole, audited) and keeps tenants apart', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    expect(await store.getAlertRules(scope)).toBeUndefined();
    const audit = { auditId: id('aud'), at: AT, actor: 'admin', action: 'alert_rules.update', targetType: 'alert_rules', targetId: scope.tenantId, details: {} };
    await store.putAlertRules(scope, { failureRate: { thresholdPct: 10 } }, audit);
    await store.putAlertRules(scope, { retryLoops: { minRetries: 2 } }, { ...audit, auditId: id('aud') });
    expect(await store.getAlertRules(scope)).toEqual({ retryLoops: { minRetries: 2 } });
    expect(await store.getAlertRules({ ...scope, tenantId: `${scope.tenantId}-other` })).toBeUndefined();
    expect((await store.listAudit(scope, { targetType: 'alert_rules', limit: 10 })).length).toBe(2);
  });

  it('fires once per (kind, subject) while firing, resolves once, then allows a new episode; lists firing first', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    const first = alert(scope);
    expect(await store.fireAlert(scope, first, oneEach)).toBe(true);
    expect(await store.fireAlert(scope, alert(scope), oneEach)).toBe(false);
    expect(await store.fireAlert(scope, alert(scope, { subject: 'billing' }), oneEach)).toBe(true);
    expect((await store.listFiringAlerts(scope)).map((a) => a.subject).sort()).toEqual(['billing', 'crm']);
    const resolved = await store.resolveAlert(scope, first.alertId, '2026-04-01T10:10:00.000Z', 0, oneEach);
    expect(resolved).toEqual({ ...first, state: 'resolved', resolvedAt: '2026-04-01T10:10:00.000Z', resolvedValue: 0 });
    expect(await store.resolveAlert(scope, first.alertId, '2026-04-01T10:11:00.000Z', 0, oneEach)).toBeUndefined();
    expect(await store.resolveAlert({ ...scope, tenantId: 'nobody' }, first.alertId, AT, 0, oneEach)).toBeUndefined();
    const again = alert(scope, { firedAt: '2026-04-01T10:20:00.000Z' });
    expect(await store.fireAlert(scope, again, oneEach)).toBe(true);
    const all = await store.listAlerts(scope, { limit: 10 });
    expect(all.map((a) => `${a.state}/${a.subject}`)).toEqual(['firing/crm', 'firing/billing', 'resolved/crm']);
    expect((await store.listAlerts(scope, { state: 'resolved', limit: 10 })).map((a) => a.alertId)).toEqual([first.alertId]);
    expect(await store.listAlerts(scope, { kind: 'cost_growth', limit: 10 })).toEqual([]);
    expect(await store.getAlert(scope, again.alertId)).toEqual(again);
    expect(await store.getAlert({ ...scope, tenantId: 'nobody' }, again.alertId)).toBeUndefined();
  });

  it('records a transition once, with its deliveries, when two stores race', async () => {
    const location = ctx.location();
    const a = ctx.track(location.open());
    await a.migrate();
    // SQLite is owned by one process (one writer): it races on one store; PostgreSQL on two.
    const b = a.capabilities.multiProcess ? ctx.track(location.open()) : a;
    const scope = ctx.scope();
    await a.ensureTenant(scope, AT);
    expect((await a.listAlertScopes()).map((s) => s.tenantId)).toContain(scope.tenantId);
    const webhook = { webhookId: id('whk'), orgId: scope.orgId, tenantId: scope.tenantId, url: 'http://127.0.0.1:9/x', secret: 'whsec_0123456789abcdef', events: ['*' as const], format: 'axonflow' as const, enabled: true, createdAt: AT, createdBy: 'admin', updatedAt: AT, updatedBy: 'admin' };
    await a.insertWebhook(scope, webhook, 0, { auditId: id('aud'), at: AT, actor: 'admin', action: 'webhook.create', targetType: 'webhook', targetId: webhook.webhookId, details: {} });
    const fired = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).fireAlert(scope, alert(scope), oneEach)));
    expect(fired.filter(Boolean)).toHaveLength(1);
    const [firing] = await a.listFiringAlerts(scope);
    const resolved = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).resolveAlert(scope, firing!.alertId, AT, 0, oneEach)));
    expect(resolved.filter(Boolean)).toHaveLength(1);
    const deliveries = await a.listWebhookDeliveries(scope, webhook.webhookId, { limit: 50 });
    expect(deliveries.map((d) => d.event).sort()).toEqual(['alert.firing', 'alert.resolved']);
  });

  it('computes the signals over a window: ended runs, pending approvals, connector calls, retried runs and cost', async () => {
    const store = ctx.store();
    const scope = ctx.scope();
    const none = await store.alertSignals(scope, { now: AT, runsSince: AT, connectorsSince: AT, retriesSince: AT, minRetries: 1, costCurrentSince: AT, costPreviousSince: AT });
    expect(none).toEqual({ now: AT, runOutcomes: [], pendingApprovals: { pending: 0 }, connectorCalls: [], retriedRuns: [], costUsd: { current: 0, previous: 0 } });
  });
}
