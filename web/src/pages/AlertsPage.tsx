/**
 * @module The alerts page: the tenant's built-in alerts (docs/alerts.md), firing ones first with
 * what was measured against the threshold, then the history of resolved ones, each linking to
 * where in the viewer to look; and the rules in force, read-only (admins change them through the
 * API or axonctl, which keep an audit trail). Refreshes every 10 s, like the navigation badge.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Alert, AlertRulesResponse } from '../../../src/sdk/alerts-client.js';
import { useSession } from '../api/context.js';
import { roleAtLeast } from '../api/session.js';
import { Badge, Empty, ErrorState, Loading } from '../components/States.js';
import { ALERT_KINDS, alertLink, alertMeasure, alertSubject, changedSettings, ruleText } from '../lib/alerts.js';
import { formatAge, formatDuration, formatTime } from '../lib/format.js';

/** Alerts read per refresh: every firing one comes first, then this many minus those of the history. */
const LIMIT = 200;

export function useAlerts() {
  const { client } = useSession();
  return useQuery({ queryKey: ['alerts', 'list'], queryFn: () => client.alerts.list({ limit: LIMIT }), refetchInterval: 10_000 });
}

export function AlertsPage() {
  const { client, role } = useSession();
  const alerts = useAlerts();
  const rules = useQuery({ queryKey: ['alerts', 'rules'], queryFn: () => client.alerts.rules(), refetchInterval: 60_000 });
  const list = alerts.data?.alerts ?? [];
  const firing = list.filter((a) => a.state === 'firing');
  const history = list.filter((a) => a.state === 'resolved');

  return (
    <section className="page alerts">
      <div className="page-head">
        <h1>Alerts</h1>
        <span className="muted" data-testid="alerts-summary">
          {alerts.data ? `${alerts.data.firing} firing · ${history.length}${list.length === LIMIT ? '+' : ''} resolved` : ''}
        </span>
      </div>
      {alerts.error ? (
        <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />
      ) : alerts.isLoading ? (
        <Loading what="alerts" />
      ) : (
        <>
          <h2>Firing</h2>
          {firing.length === 0 ? (
            <Empty title="Nothing is firing.">The rules below are evaluated every minute over the stored runs; an alert appears here when one holds.</Empty>
          ) : (
            <AlertTable alerts={firing} testId="alerts-firing" />
          )}
          <h2>History</h2>
          {history.length === 0 ? <Empty title="No resolved alerts yet.">An alert moves here, with when it resolved and the value then, once its condition no longer holds.</Empty> : <AlertTable alerts={history} testId="alerts-history" />}
        </>
      )}
      <h2>Rules</h2>
      {rules.error ? <ErrorState error={rules.error} retry={() => void rules.refetch()} /> : rules.data ? <RulesTable rules={rules.data} admin={roleAtLeast(role, 'admin')} /> : <Loading what="rules" />}
    </section>
  );
}

function AlertTable({ alerts, testId }: { alerts: readonly Alert[]; testId: string }) {
  const resolved = alerts[0]?.state === 'resolved';
  return (
    <table className="table compact alerts-table" data-testid={testId}>
      <thead>
        <tr>
          <th>State</th>
          <th>Kind</th>
          <th>Subject</th>
          <th className="num">Value</th>
          <th className="num">Threshold</th>
          {resolved && <th className="num">At resolve</th>}
          <th>Fired</th>
          <th>{resolved ? 'Resolved' : 'For'}</th>
          <th>Summary</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((a) => (
          <AlertRow key={a.id} alert={a} resolved={resolved} />
        ))}
      </tbody>
    </table>
  );
}

function AlertRow({ alert: a, resolved }: { alert: Alert; resolved: boolean }) {
  const link = alertLink(a);
  const firedMs = Date.parse(a.fired_at);
  return (
    <tr data-alert={a.id} data-kind={a.kind} data-state={a.state}>
      <td>
        <Badge value={a.state} />
      </td>
      <td className="mono small">{a.kind}</td>
      <td>
        <div>{alertSubject(a.kind, a.subject)}</div>
        <Link className="small" to={link.to} data-testid="alert-link">
          {link.label} →
        </Link>
      </td>
      <td className="num">{alertMeasure(a.kind, a.subject, a.value)}</td>
      <td className="num muted">{alertMeasure(a.kind, a.subject, a.threshold, 'threshold')}</td>
      {resolved && <td className="num">{alertMeasure(a.kind, a.subject, a.resolved_value)}</td>}
      <td title={a.fired_at}>{formatTime(a.fired_at)}</td>
      <td title={a.resolved_at}>{a.resolved_at ? `${formatTime(a.resolved_at)} (after ${formatDuration(Date.parse(a.resolved_at) - firedMs)})` : formatAge((Date.now() - firedMs) / 1000)}</td>
      <td className="small">{a.summary}</td>
    </tr>
  );
}

function RulesTable({ rules, admin }: { rules: AlertRulesResponse; admin: boolean }) {
  return (
    <>
      <table className="table compact rules-table" data-testid="alert-rules">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Enabled</th>
            <th>Fires when</th>
            <th>Changed from the default</th>
          </tr>
        </thead>
        <tbody>
          {ALERT_KINDS.map((kind) => {
            const changed = changedSettings(kind, rules.rules, rules.defaults);
            const enabled = rules.rules[kind].enabled;
            return (
              <tr key={kind} data-kind={kind} data-enabled={String(enabled)}>
                <td className="mono small">{kind}</td>
                <td>
                  <Badge value={enabled ? 'on' : 'off'} />
                </td>
                <td className={enabled ? '' : 'muted'}>{ruleText(kind, rules.rules)}</td>
                <td className="small muted">{changed.length > 0 ? changed.join(', ') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="small muted" data-testid="rules-note">
        {admin ? (
          <>
            Rules are read-only here. As an admin, change them with <code>axonctl alerts rules set -f rules.yaml</code> (start from <code>axonctl alerts rules --format yaml</code>) or{' '}
            <code>PUT /api/v1/alerts/rules</code>, e.g. <code>{'{"failure_rate": {"threshold_pct": 10}}'}</code>; settings left out keep their value, and every change is audited.
          </>
        ) : (
          <>Rules of tenant {rules.tenant_id}; an admin changes them through the API or axonctl.</>
        )}
        {rules.updated_at ? ` Last changed ${formatTime(rules.updated_at)}.` : ''}
      </p>
    </>
  );
}
