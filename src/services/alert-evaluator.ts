/**
 * @module AlertEvaluator: computes every tenant's alert rules over the stored data on a schedule
 * and records the transitions (firing → resolved). Nothing is kept in memory: the firing set is
 * read from the store each time, and each transition is a conditional write there, so replicas
 * evaluating together record each transition once (the losers' writes do nothing), and a restart
 * loses nothing. The winner of a transition writes its webhook deliveries in the same transaction
 * (`alert.firing` / `alert.resolved`); the dispatcher sends them like any other.
 *
 * Time comes from the Clock; only the pace uses timers.
 */
import { type Alert, type AlertRules, type AlertSignals, DEFAULT_ALERT_RULES, alertPayload, conditionKey, conditionsOf, mergeRules } from '../core/alerts/alert.js';
import type { Scope } from '../core/identity/scope.js';
import type { AlertDeliveries, AlertStore } from '../core/ports/alert-store.js';
import type { Clock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import { deliveryBody, filterAccepts } from '../core/webhooks/index.js';

export interface AlertEvaluatorOptions {
  readonly store: AlertStore;
  readonly clock: Clock;
  readonly ids: Ids;
  /** Time between evaluations. @default 60000 */
  readonly intervalMs?: number;
  /** A deployment's defaults; each tenant's stored rules go over them. @default DEFAULT_ALERT_RULES */
  readonly defaults?: AlertRules;
  /** Where people reach this deployment: Slack-format bodies link to the viewer under it. */
  readonly publicUrl?: string;
  /** Deliveries were written: wake the dispatcher. */
  readonly onDeliveries?: () => void;
  /** An evaluation or one tenant failed; the next evaluation retries. */
  readonly onError?: (error: unknown) => void;
}

export interface EvaluationReport {
  /** Transitions this replica recorded (another replica's are not counted). */
  readonly fired: readonly Alert[];
  readonly resolved: readonly Alert[];
}

const minutesBefore = (now: string, minutes: number) => new Date(Date.parse(now) - minutes * 60_000).toISOString();

export class AlertEvaluator {
  readonly #o: AlertEvaluatorOptions;
  #timer: NodeJS.Timeout | undefined;
  #current: Promise<EvaluationReport> | undefined;
  #stopped = false;

  constructor(options: AlertEvaluatorOptions) {
    this.#o = options;
  }

  get defaults(): AlertRules {
    return this.#o.defaults ?? DEFAULT_ALERT_RULES;
  }

  /** Evaluates now, then every `intervalMs`, until stopped. */
  start(): void {
    if (this.#timer || this.#stopped) return;
    void this.evaluate();
    this.#timer = setInterval(() => void this.evaluate(), this.#o.intervalMs ?? 60_000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#current?.catch(() => undefined);
  }

  /** The rules in force for a tenant. */
  async rulesOf(scope: Scope): Promise<AlertRules> {
    return mergeRules(this.defaults, await this.#o.store.getAlertRules(scope));
  }

  /** One evaluation of every tenant; a call while one runs joins it. */
  evaluate(): Promise<EvaluationReport> {
    this.#current ??= this.#evaluate()
      .catch((error: unknown) => {
        this.#o.onError?.(error);
        return { fired: [], resolved: [] };
      })
      .finally(() => (this.#current = undefined));
    return this.#current;
  }

  /** One evaluation of one tenant (tests; the schedule goes through `evaluate`). */
  async evaluateTenant(scope: Scope): Promise<EvaluationReport> {
    const fired: Alert[] = [];
    const resolved: Alert[] = [];
    await this.#evaluateTenant(scope, fired, resolved);
    if (fired.length + resolved.length > 0) this.#o.onDeliveries?.();
    return { fired, resolved };
  }

  async #evaluate(): Promise<EvaluationReport> {
    const fired: Alert[] = [];
    const resolved: Alert[] = [];
    for (const scope of await this.#o.store.listAlertScopes()) {
      if (this.#stopped) break;
      try {
        await this.#evaluateTenant(scope, fired, resolved);
      } catch (error) {
        this.#o.onError?.(error);
      }
    }
    if (fired.length + resolved.length > 0) this.#o.onDeliveries?.();
    return { fired, resolved };
  }

  async #signals(scope: Scope, rules: AlertRules, now: string): Promise<AlertSignals> {
    const cost = rules.costGrowth.windowMinutes;
    return this.#o.store.alertSignals(scope, {
      now,
      runsSince: minutesBefore(now, rules.failureRate.windowMinutes),
      connectorsSince: minutesBefore(now, rules.connectorErrors.windowMinutes),
      retriesSince: minutesBefore(now, rules.retryLoops.windowMinutes),
      minRetries: rules.retryLoops.minRetries,
      costCurrentSince: minutesBefore(now, cost),
      costPreviousSince: minutesBefore(now, 2 * cost),
    });
  }

  async #evaluateTenant(scope: Scope, fired: Alert[], resolved: Alert[]): Promise<void> {
    const { store, clock, ids } = this.#o;
    const rules = await this.rulesOf(scope);
    const now = clock.now();
    const signals = await this.#signals(scope, rules, now);
    const wanted = new Map(conditionsOf(rules, signals).map((c) => [conditionKey(c), c]));
    const firing = await store.listFiringAlerts(scope);
    const firingKeys = new Set(firing.map(conditionKey));
    for (const alert of firing) {
      if (wanted.has(conditionKey(alert))) continue;
      const done = await store.resolveAlert(scope, alert.alertId, now, this.#currentValue(alert, signals), this.#deliveries('alert.resolved', now));
      if (done) resolved.push(done);
    }
    for (const [key, c] of wanted) {
      if (firingKeys.has(key)) continue;
      const alert: Alert = { alertId: ids.next('alt'), orgId: scope.orgId, tenantId: scope.tenantId, kind: c.kind, subject: c.subject, state: 'firing', firedAt: now, value: c.value, threshold: c.threshold, summary: c.summary };
      if (await store.fireAlert(scope, alert, this.#deliveries('alert.firing', now))) fired.push(alert);
    }
  }

  /** What a resolved alert's measure is now (0 when its subject has no data left in the window). */
  #currentValue(alert: Alert, s: AlertSignals): number {
    switch (alert.kind) {
      case 'failure_rate': {
        const w = s.runOutcomes.find((o) => o.workflowName === alert.subject);
        return w && w.total > 0 ? Math.round((10_000 * w.failed) / w.total) / 100 : 0;
      }
      case 'pending_approvals':
        if (alert.subject === 'backlog') return s.pendingApprovals.pending;
        return s.pendingApprovals.oldestRequestedAt ? Math.round((Date.parse(s.now) - Date.parse(s.pendingApprovals.oldestRequestedAt)) / 600) / 100 : 0;
      case 'connector_errors':
        return s.connectorCalls.find((c) => c.connector === alert.subject)?.errors ?? 0;
      case 'retry_loops':
        return s.retriedRuns.filter((r) => r.workflowName === alert.subject).length;
      case 'cost_growth':
        return s.costUsd.current;
    }
  }

  #deliveries(event: 'alert.firing' | 'alert.resolved', now: string): AlertDeliveries {
    return (alert, hooks) =>
      hooks
        .filter((h) => filterAccepts(h.events, event))
        .map((h) => ({
          deliveryId: this.#o.ids.next('dlv'),
          webhookId: h.webhookId,
          orgId: alert.orgId,
          tenantId: alert.tenantId,
          event,
          status: 'pending' as const,
          attempts: 0,
          roundStart: 0,
          nextAttemptAt: now,
          createdAt: now,
          body: deliveryBody(h.format, alertPayload(alert, event), { publicUrl: this.#o.publicUrl }),
          attemptLog: [],
        }));
  }
}
