/**
 * @module The body of a delivery to a webhook with `format: "slack"`: a Slack incoming-webhook
 * message `{text, blocks}` made from the AxonFlow payload of the same event, so both formats carry
 * the same facts and nothing more (no inputs, outputs or secrets). `text` is one readable line
 * (notifications, and clients that cannot draw blocks); `blocks` are mrkdwn sections with the
 * details and links, and a context line with the tenant and the time. Pure.
 *
 * Values that clients choose (workflow names, reasons, comments, error messages) are escaped
 * (`&`, `<`, `>`: Slack's control characters), so a run cannot mention `@channel` or forge a link,
 * and cut to a length, so a long error cannot push a message past Slack's limits (3,000
 * characters per section).
 */
import type { WebhookPayload } from './webhook-payload.js';

export interface SlackText {
  readonly type: 'mrkdwn';
  readonly text: string;
}
export type SlackBlock = { readonly type: 'section'; readonly text: SlackText; readonly fields?: readonly SlackText[] } | { readonly type: 'context'; readonly elements: readonly SlackText[] };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

export interface SlackOptions {
  /**
   * Where people reach this deployment (`AXONFLOW_PUBLIC_URL`, no trailing slash): links point at
   * the Execution Viewer under it. Without it Slack cannot make a link, so the viewer path is
   * shown as text.
   */
  readonly publicUrl?: string;
}

/** A link into the Execution Viewer: `path` is under `/ui`. */
interface ViewerLink {
  readonly label: string;
  readonly path: string;
}

/** What one event says, before it is laid out. Strings in `headline`/`details` are already escaped. */
interface Parts {
  readonly headline: string;
  readonly details: readonly string[];
  readonly fields: readonly (readonly [string, string])[];
  readonly links: readonly ViewerLink[];
}

const MAX_VALUE = 300;
const MAX_SECTION = 2_900;

/** Escapes Slack's control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A client-chosen value, escaped and cut; undefined stays undefined. */
function v(value: unknown, max = MAX_VALUE): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? escapeSlack(clip(value.replace(/\s+/g, ' ').trim(), max)) : undefined;
}

const enc = encodeURIComponent;

function runLinks(executionId: string | undefined): ViewerLink[] {
  return executionId ? [{ label: 'Open the run', path: `/executions/${enc(executionId)}` }] : [];
}

/** `workflow refunds (run wf_1)`, or as much of it as is known. */
function runName(workflow: string | undefined, executionId: string | undefined): string {
  if (workflow && executionId) return `workflow ${workflow} (run ${executionId})`;
  if (workflow) return `workflow ${workflow}`;
  return executionId ? `run ${executionId}` : 'a run';
}

const withReason = (line: string, reason: string | undefined) => (reason ? `${line} — ${reason}` : line);

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The unit an alert kind measures in, for "value vs threshold". Retry loops count runs, against retries per run. */
function alertMeasure(kind: string | undefined, subject: string | undefined, value: unknown, which: 'value' | 'threshold' = 'value'): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return '—';
  switch (kind) {
    case 'failure_rate':
      return `${n}%`;
    case 'pending_approvals':
      return subject === 'oldest_age' ? `${n} min` : `${n} pending`;
    case 'connector_errors':
      return count(n, 'error', 'errors');
    case 'retry_loops':
      return which === 'threshold' ? `${count(n, 'retry', 'retries')}/run` : count(n, 'run', 'runs');
    case 'cost_growth':
      return `$${n}`;
    default:
      return String(n);
  }
}

/** `for workflow refunds`, `for connector crm`, `for the approval backlog`… */
function alertSubject(kind: string | undefined, subject: string | undefined): string {
  switch (kind) {
    case 'failure_rate':
    case 'retry_loops':
      return `for workflow ${subject}`;
    case 'connector_errors':
      return `for connector ${subject}`;
    case 'pending_approvals':
      return subject === 'oldest_age' ? 'for the oldest pending approval' : 'for the approval backlog';
    case 'cost_growth':
      return 'for the tenant';
    default:
      return subject ? `for ${subject}` : '';
  }
}

/** Where in the viewer to look at what an alert is about (raw subject: it goes into a URL). */
function alertLinks(kind: string | undefined, rawSubject: string | undefined): ViewerLink[] {
  const alerts = { label: 'All alerts', path: '/alerts' };
  switch (kind) {
    case 'failure_rate':
    case 'retry_loops':
      return rawSubject ? [{ label: `Runs of ${escapeSlack(clip(rawSubject, MAX_VALUE))}`, path: `/executions?workflow=${enc(rawSubject)}&range=24h` }, alerts] : [alerts];
    case 'connector_errors':
      return [{ label: 'Connector failures', path: '/executions?failure_class=connector_failure&range=24h' }, alerts];
    case 'pending_approvals':
      return [{ label: 'Approvals inbox', path: '/approvals' }, alerts];
    case 'cost_growth':
      return [{ label: 'Dashboards', path: '/dashboards' }, alerts];
    default:
      return [alerts];
  }
}

function alertParts(event: string, d: Readonly<Record<string, unknown>>): Parts {
  const kind = typeof d.kind === 'string' ? d.kind : undefined;
  const rawSubject = typeof d.subject === 'string' ? d.subject : undefined;
  const subject = v(rawSubject);
  const about = `${v(kind) ?? 'alert'} ${alertSubject(kind, subject)}`.trim();
  const threshold = alertMeasure(kind, rawSubject, d.threshold, 'threshold');
  const firing = event === 'alert.firing';
  const headline = firing
    ? `:rotating_light: Alert firing: ${about} — ${v(d.summary) ?? `${alertMeasure(kind, rawSubject, d.value)} (threshold ${threshold})`}`
    : `:white_check_mark: Alert resolved: ${about} — now ${alertMeasure(kind, rawSubject, d.resolved_value ?? 0)} (threshold ${threshold})`;
  return {
    headline,
    details: firing ? [] : [`Fired with ${alertMeasure(kind, rawSubject, d.value)}: ${v(d.summary) ?? ''}`.trim()],
    fields: [
      ['Value', alertMeasure(kind, rawSubject, firing ? d.value : d.resolved_value ?? 0)],
      ['Threshold', threshold],
      ...(v(d.alert_id) ? [['Alert', `\`${v(d.alert_id)}\``] as const] : []),
    ],
    links: alertLinks(kind, rawSubject),
  };
}

function executionParts(event: string, d: Readonly<Record<string, unknown>>): Parts {
  const executionId = typeof d.execution_id === 'string' ? d.execution_id : undefined;
  const run = runName(v(d.workflow_name), v(executionId));
  const error = d.error as Readonly<Record<string, unknown>> | undefined;
  const status = v(d.status);
  switch (event) {
    case 'execution.failed': {
      const message = error ? v(error.message) : undefined;
      const source = error ? v(error.source) : undefined;
      return {
        headline: withReason(`:x: Execution failed: ${run}`, message ? `${source ? `${source}: ` : ''}${message}` : undefined),
        details: [],
        fields: [...(v(d.step_id) ? [['Step', `\`${v(d.step_id)}\``] as const] : []), ...(error && v(error.code) ? [['Error code', `\`${v(error.code)}\``] as const] : [])],
        links: runLinks(executionId),
      };
    }
    case 'execution.completed':
      return { headline: `:white_check_mark: Execution completed: ${run}`, details: [], fields: [], links: runLinks(executionId) };
    case 'execution.cancelled':
      return {
        headline: withReason(`:no_entry_sign: Execution ${status === 'aborted' ? 'aborted' : 'cancelled'}: ${run}${v(d.cancelled_by) ? ` by ${v(d.cancelled_by)}` : ''}`, v(d.reason)),
        details: [],
        fields: [],
        links: runLinks(executionId),
      };
    default:
      return { headline: withReason(`:hourglass: Execution expired: ${run}`, v(d.reason)), details: [], fields: [], links: runLinks(executionId) };
  }
}

function approvalParts(event: string, d: Readonly<Record<string, unknown>>): Parts {
  const executionId = typeof d.execution_id === 'string' ? d.execution_id : undefined;
  const step = v(d.step_id);
  const where = `${v(d.workflow_name) ? `workflow ${v(d.workflow_name)}, ` : ''}step ${step ?? '?'}${v(executionId) ? ` (run ${v(executionId)})` : ''}`;
  const inbox: ViewerLink = { label: 'Review in the approvals inbox', path: '/approvals' };
  const approval = v(d.approval_id) ? [['Approval', `\`${v(d.approval_id)}\``] as const] : [];
  switch (event) {
    case 'approval.requested': {
      const policies = Array.isArray(d.policy_ids) ? d.policy_ids.map((p) => v(p)).filter((p): p is string => p !== undefined) : [];
      return {
        headline: withReason(`:raised_hand: Approval requested: ${where}`, v(d.reason)),
        details: [],
        fields: [...approval, ...(policies.length > 0 ? [['Policies', policies.join(', ')] as const] : []), ...(typeof d.sla_at === 'string' ? [['SLA', slackDate(d.sla_at)] as const] : []), ...(typeof d.expires_at === 'string' ? [['Expires', slackDate(d.expires_at)] as const] : [])],
        links: [inbox, ...runLinks(executionId)],
      };
    }
    case 'approval.decided': {
      const approved = d.decision === 'approved';
      return {
        headline: withReason(`${approved ? ':heavy_check_mark: Approval approved' : ':no_entry: Approval rejected'}: ${where}${v(d.decided_by) ? ` by ${v(d.decided_by)}` : ''}`, v(d.comment)),
        details: [],
        fields: approval,
        links: runLinks(executionId),
      };
    }
    case 'approval.sla_breached':
      return { headline: `:warning: Approval past its SLA: ${where}`, details: [], fields: approval, links: [inbox, ...runLinks(executionId)] };
    default:
      return { headline: `:hourglass: Approval expired: ${where}`, details: [], fields: approval, links: runLinks(executionId) };
  }
}

function partsOf(payload: WebhookPayload): Parts {
  const { event, data } = payload;
  if (event.startsWith('alert.')) return alertParts(event, data);
  if (event.startsWith('execution.')) return executionParts(event, data);
  if (event.startsWith('approval.')) return approvalParts(event, data);
  if (event === 'webhook.test') return { headline: `:wave: Test delivery from AxonFlow to webhook ${v(data.webhook_id) ?? ''}`.trim(), details: [], fields: [], links: [] };
  return { headline: `AxonFlow event ${v(event) ?? ''}`.trim(), details: [], fields: [], links: runLinks(typeof data.execution_id === 'string' ? data.execution_id : undefined) };
}

function link(l: ViewerLink, publicUrl: string | undefined): string {
  return publicUrl ? `<${publicUrl}/ui${l.path}|${l.label}>` : `${l.label}: \`/ui${l.path}\``;
}

/** Slack's date token renders in each reader's time zone; the ISO time is the fallback text. */
function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? escapeSlack(iso) : `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time_secs}|${escapeSlack(iso)}>`;
}

/** The Slack message of an AxonFlow payload (log events, alerts and tests alike). */
export function slackPayload(payload: WebhookPayload, options: SlackOptions = {}): SlackMessage {
  const parts = partsOf(payload);
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const main = clip([`*${parts.headline}*`, ...parts.details].join('\n'), MAX_SECTION);
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: main },
      ...(parts.fields.length > 0 ? { fields: parts.fields.map(([name, value]) => ({ type: 'mrkdwn' as const, text: `*${name}*\n${value}` })) } : {}),
    },
  ];
  if (parts.links.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: parts.links.map((l) => link(l, publicUrl)).join('  ·  ') } });
  const tenant = [v(payload.data.org_id), v(payload.data.tenant_id)].filter(Boolean).join('/');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: [`AxonFlow \`${escapeSlack(payload.event)}\``, tenant, slackDate(payload.timestamp)].filter(Boolean).join('  ·  ') }] });
  return { text: clip(parts.headline, MAX_SECTION), blocks };
}
