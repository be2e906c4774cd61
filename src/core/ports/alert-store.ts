/**
 * @module AlertStore port: per-tenant alert rules, the signals the evaluator computes them from,
 * and alert episodes with their transitions. A transition is recorded exactly once however many
 * replicas evaluate together: a firing alert is unique per (tenant, kind, subject) while firing
 * (`INSERT … ON CONFLICT DO NOTHING`), and resolving is a conditional update (`WHERE state =
 * 'firing'`). The replica whose write won also writes the webhook deliveries of the transition, in
 * the same transaction (a transactional outbox), so each is delivered once and never lost.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Alert, AlertKind, AlertRulesPatch, AlertSignals, AlertState } from '../alerts/alert.js';
import type { Scope } from '../identity/scope.js';
import type { Webhook, WebhookDelivery } from '../webhooks/webhook.js';

/** Builds the deliveries of a transition for the tenant's enabled webhooks (the caller filters by event). */
export type AlertDeliveries = (alert: Alert, enabledWebhooks: readonly Webhook[]) => WebhookDelivery[];

export interface AlertSignalQuery {
  readonly now: string;
  /** Failure rate: runs that ended in (since, now]. */
  readonly runsSince: string;
  /** Connector errors: connector.called events with `at` in (since, now]. */
  readonly connectorsSince: string;
  /** Retry loops: step.attempt_failed events in (since, now], runs with at least `minRetries`. */
  readonly retriesSince: string;
  readonly minRetries: number;
  /** Cost growth: usage in (currentSince, now] and in (previousSince, currentSince]. */
  readonly costCurrentSince: string;
  readonly costPreviousSince: string;
}

export interface ListAlertsQuery {
  readonly state?: AlertState;
  readonly kind?: AlertKind;
  readonly limit: number;
}

export interface AlertStore {
  /** The tenant's stored rules (only what an admin set; defaults fill the rest). */
  getAlertRules(scope: Scope): Promise<AlertRulesPatch | undefined>;
  putAlertRules(scope: Scope, rules: AlertRulesPatch, audit: AuditEntry): Promise<void>;
  /** Every tenant of every org (the evaluator's work list). */
  listAlertScopes(): Promise<Scope[]>;
  alertSignals(scope: Scope, query: AlertSignalQuery): Promise<AlertSignals>;
  /** The tenant's firing alerts. */
  listFiringAlerts(scope: Scope): Promise<Alert[]>;
  /**
   * Stores `alert` (state firing) unless one of its (kind, subject) is already firing, with the
   * deliveries `deliveries` makes, in one transaction. False when another writer got there first.
   */
  fireAlert(scope: Scope, alert: Alert, deliveries: AlertDeliveries): Promise<boolean>;
  /**
   * Marks the alert resolved if it is still firing, with its deliveries, in one transaction.
   * Undefined (nothing written) when it was already resolved or does not exist.
   */
  resolveAlert(scope: Scope, alertId: string, resolvedAt: string, resolvedValue: number, deliveries: AlertDeliveries): Promise<Alert | undefined>;
  /** Firing alerts first, then by fired_at, newest first. */
  listAlerts(scope: Scope, query: ListAlertsQuery): Promise<Alert[]>;
  getAlert(scope: Scope, alertId: string): Promise<Alert | undefined>;
}
