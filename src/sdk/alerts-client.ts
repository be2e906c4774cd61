/**
 * @module The built-in alerts API (`/api/v1/alerts`, docs/alerts.md): the tenant's alerts (firing
 * first, then resolved ones, newest first), one alert, and the rules in force (read by any role,
 * changed by admins). Types are the wire's (src/shared/alerts.ts).
 */
import type { z } from 'zod';
import type { AlertKindWire, AlertList as AlertListWire, AlertRulesResponse as AlertRulesResponseWire, AlertRulesWire, AlertStateWire, AlertWire, PutAlertRulesRequest } from '../shared/alerts.js';
import type { HttpClient } from './http-client.js';

export type Alert = z.infer<typeof AlertWire>;
export type AlertKind = z.infer<typeof AlertKindWire>;
export type AlertState = z.infer<typeof AlertStateWire>;
export type AlertList = z.infer<typeof AlertListWire>;
export type AlertRules = z.infer<typeof AlertRulesWire>;
export type AlertRulesResponse = z.infer<typeof AlertRulesResponseWire>;
/** Members given replace the stored ones; the rest keep their value. `tenant_id`: admins, another tenant of the org. */
export type AlertRulesUpdate = z.input<typeof PutAlertRulesRequest>;

export interface AlertListQuery {
  /** Default: both, firing ones first. */
  readonly state?: AlertState;
  readonly kind?: AlertKind;
  /** 1-500, default 100. */
  readonly limit?: number;
  /** Admins: another tenant of the org. */
  readonly tenantId?: string;
}

/** Admins: act on another tenant of the org. */
export interface AlertTenantOption {
  readonly tenantId?: string;
}

export class AlertsClient {
  constructor(private readonly http: HttpClient) {}

  list(query: AlertListQuery = {}): Promise<AlertList> {
    return this.http.request('GET', '/api/v1/alerts', { query: { state: query.state, kind: query.kind, limit: query.limit, tenant_id: query.tenantId }, idempotent: true });
  }

  /** ALERT_NOT_FOUND (NotFoundError) for an unknown id or one of another tenant. */
  get(id: string, options: AlertTenantOption = {}): Promise<Alert> {
    return this.http.request('GET', `/api/v1/alerts/${encodeURIComponent(id)}`, { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  /** The rules in force (stored overrides over the defaults), with the defaults. */
  rules(options: AlertTenantOption = {}): Promise<AlertRulesResponse> {
    return this.http.request('GET', '/api/v1/alerts/rules', { query: { tenant_id: options.tenantId }, idempotent: true });
  }

  /** Admins: change the rules, e.g. `{failure_rate: {threshold_pct: 10}}`; answers the rules now in force. */
  putRules(rules: AlertRulesUpdate): Promise<AlertRulesResponse> {
    return this.http.request('PUT', '/api/v1/alerts/rules', { body: rules, idempotent: true });
  }
}
