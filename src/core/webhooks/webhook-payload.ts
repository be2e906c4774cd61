/**
 * @module Which log events become webhook events, and the body a delivery sends:
 * `{event, timestamp, data}` with snake_case data. Bodies carry ids, names, reasons and links,
 * never inputs, outputs or secrets: a receiver that needs more reads the run through the API.
 */
import type { ExecutionEvent } from '../events/event-catalogue.js';
import { type WebhookEventName, WEBHOOK_TEST_EVENT } from './webhook.js';

/**
 * Log event type → webhook event. Keyed by string, not by the catalogue's union, so a log type
 * added later (`approval.sla_breached`) maps as soon as it is written and nothing here has to
 * change for the catalogue to grow. Aborted runs surface as `execution.cancelled` (AxonFlow's
 * unified status does the same), with `status: "aborted"`.
 */
const WEBHOOK_EVENT_OF: Readonly<Record<string, WebhookEventName>> = {
  'approval.requested': 'approval.requested',
  'approval.decided': 'approval.decided',
  'approval.expired': 'approval.expired',
  'approval.sla_breached': 'approval.sla_breached',
  'execution.completed': 'execution.completed',
  'execution.failed': 'execution.failed',
  'execution.cancelled': 'execution.cancelled',
  'execution.aborted': 'execution.cancelled',
  'execution.expired': 'execution.expired',
};

export function webhookEventOf(type: string): WebhookEventName | undefined {
  return Object.hasOwn(WEBHOOK_EVENT_OF, type) ? WEBHOOK_EVENT_OF[type] : undefined;
}

/** What the body says about the run besides the event itself. */
export interface RunFacts {
  readonly workflowName?: string;
}

export interface WebhookPayload {
  readonly event: string;
  readonly timestamp: string;
  readonly data: Readonly<Record<string, unknown>>;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function executionLinks(executionId: string): Record<string, string> {
  const id = encodeURIComponent(executionId);
  return { execution: `/api/v1/executions/${id}`, unified: `/api/v1/unified/executions/${id}`, events: `/api/v1/executions/${id}/events` };
}

/** The body of a delivery of `event` as `name`. Undefined members are dropped by JSON.stringify. */
export function webhookPayload(name: WebhookEventName, event: ExecutionEvent, run: RunFacts): WebhookPayload {
  // Read as a plain record: the members used are named per event below, and a type added to the
  // catalogue later (approval.sla_breached) is read the same way.
  const d = event.data as Readonly<Record<string, unknown>>;
  const error = d.error as { message?: unknown; type?: unknown; code?: unknown; source?: unknown } | undefined;
  const data: Record<string, unknown> = {
    org_id: event.orgId,
    tenant_id: event.tenantId,
    execution_id: event.executionId,
    workflow_name: run.workflowName,
    event_id: event.eventId,
    seq: event.seq,
    status: name.startsWith('execution.') ? event.type.slice('execution.'.length) : undefined,
    step_id: str(d.stepId),
    approval_id: str(d.approvalId),
    decision: str(d.decision),
    decided_by: event.type === 'approval.decided' ? str(d.by) : undefined,
    comment: event.type === 'approval.decided' ? str(d.comment) : undefined,
    cancelled_by: event.type === 'execution.cancelled' || event.type === 'execution.aborted' ? str(d.by) : undefined,
    reason: str(d.reason),
    policy_ids: Array.isArray(d.policyIds) ? d.policyIds : undefined,
    expires_at: str(d.expiresAt),
    sla_at: str(d.slaAt),
    error: error && typeof error.message === 'string' ? { message: error.message, type: str(error.type), code: str(error.code), source: str(error.source) } : undefined,
    links: executionLinks(event.executionId),
  };
  return { event: name, timestamp: event.at, data };
}

/** The body of `POST /api/v1/webhooks/{id}/test`. */
export function testPayload(webhook: { orgId: string; tenantId: string; webhookId: string }, at: string): WebhookPayload {
  return {
    event: WEBHOOK_TEST_EVENT,
    timestamp: at,
    data: { org_id: webhook.orgId, tenant_id: webhook.tenantId, webhook_id: webhook.webhookId, message: 'Test delivery from AxonFlow' },
  };
}
