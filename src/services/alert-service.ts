/**
 * @module AlertService: the API side of built-in alerts: reading alerts, reading and changing a
 * tenant's rules (admin, audited). Evaluation is the AlertEvaluator's.
 */
import { type Alert, type AlertRules, type AlertRulesPatch, mergeRules } from '../core/alerts/alert.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { Caller, Scope } from '../core/identity/scope.js';
import type { AlertStore, ListAlertsQuery } from '../core/ports/alert-store.js';
import type { Clock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import type { AlertEvaluator } from './alert-evaluator.js';

export class AlertService {
  constructor(private readonly deps: { store: AlertStore; evaluator: AlertEvaluator; clock: Clock; ids: Ids }) {}

  get defaults(): AlertRules {
    return this.deps.evaluator.defaults;
  }

  rules(scope: Scope): Promise<AlertRules> {
    return this.deps.evaluator.rulesOf(scope);
  }

  /** Lays `patch` over the stored overrides; answers the rules now in force. */
  async putRules(caller: Caller, scope: Scope, patch: AlertRulesPatch): Promise<AlertRules> {
    const stored = (await this.deps.store.getAlertRules(scope)) ?? {};
    const next: AlertRulesPatch = {
      failureRate: { ...stored.failureRate, ...patch.failureRate },
      pendingApprovals: { ...stored.pendingApprovals, ...patch.pendingApprovals },
      connectorErrors: { ...stored.connectorErrors, ...patch.connectorErrors },
      retryLoops: { ...stored.retryLoops, ...patch.retryLoops },
      costGrowth: { ...stored.costGrowth, ...patch.costGrowth },
    };
    const at = this.deps.clock.now();
    await this.deps.store.putAlertRules(scope, next, { auditId: this.deps.ids.next('aud'), at, actor: caller.clientId, action: 'alert_rules.update', targetType: 'alert_rules', targetId: scope.tenantId, details: { changed: patch } });
    return mergeRules(this.defaults, next);
  }

  list(scope: Scope, query: ListAlertsQuery): Promise<Alert[]> {
    return this.deps.store.listAlerts(scope, query);
  }

  async get(scope: Scope, alertId: string): Promise<Alert> {
    const alert = await this.deps.store.getAlert(scope, alertId);
    if (!alert) throw new DomainError('ALERT_NOT_FOUND', { alertId });
    return alert;
  }
}
