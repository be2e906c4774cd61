/**
 * @module The audit entries a batch of appended events stands for: gate decisions and the operator
 * actions that are log events (approve, reject, cancel, re-run). The store calls it in the append
 * transaction, so the entries commit with the events or not at all.
 *
 * | event | action | actor | target |
 * |---|---|---|---|
 * | step.gated (not a cached retry) | gate.allow, gate.block, gate.require_approval | the writer (context) | step |
 * | approval.decided | approval.approve, approval.reject | data.by | approval |
 * | execution.cancel_requested, .cancelled, .aborted | execution.cancel | data.by, else the writer | execution |
 * | rerun.requested | execution.rerun | data.by / requestedBy, else the writer | execution |
 *
 * One batch records one execution.cancel (a cancel writes cancel_requested and cancelled together).
 * An abort written with an approval outcome (a rejection, an expiry) is that outcome's consequence,
 * not an action of its own, and is not recorded. Every other event records nothing.
 *
 * Dispatch is on type strings, not an exhaustive switch: most events are not audited, and a type
 * listed here need not be in the catalogue yet.
 */
import type { ExecutionEvent, EventOf } from '../events/event-catalogue.js';
import type { AuditEntry } from './audit-entry.js';

export interface AuditContext {
  /** Who asked for the write (a credential's client id), for events that do not name their actor. */
  readonly actor?: string;
}

/** Whose action it was when neither the event nor the writer says. */
export const UNKNOWN_ACTOR = 'unknown';

type Mapper = (event: ExecutionEvent, context: AuditContext) => AuditEntry;

const entryOf = (event: ExecutionEvent, fields: Omit<AuditEntry, 'auditId' | 'at' | 'executionId'>): AuditEntry => ({
  // One entry per event at most, and event seqs are unique: a stable id that leads back to the event.
  auditId: `aud_evt_${event.seq}`,
  at: event.at,
  executionId: event.executionId,
  ...fields,
  details: { ...fields.details, eventSeq: event.seq },
});

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function gate(event: ExecutionEvent, context: AuditContext): AuditEntry {
  const data = (event as EventOf<'step.gated'>).data;
  return entryOf(event, {
    actor: context.actor ?? data.agentId ?? UNKNOWN_ACTOR,
    action: `gate.${data.decision}`,
    targetType: 'step',
    targetId: data.stepId,
    details: {
      stepName: data.name,
      stepType: data.stepType,
      decision: data.decision,
      reason: data.reason,
      policyIds: [...new Set(data.policiesMatched.map((p) => p.policyId))],
      agentId: data.agentId,
      tool: data.tool?.name,
      provider: data.provider,
      model: data.model,
      budgetExceeded: data.budgetExceeded,
    },
  });
}

function decision(event: ExecutionEvent): AuditEntry {
  const data = (event as EventOf<'approval.decided'>).data;
  return entryOf(event, {
    actor: data.by,
    action: data.decision === 'approved' ? 'approval.approve' : 'approval.reject',
    targetType: 'approval',
    targetId: data.approvalId,
    details: { stepId: data.stepId, decision: data.decision, comment: data.comment },
  });
}

function cancel(event: ExecutionEvent, context: AuditContext): AuditEntry {
  const data = event.data as { readonly reason?: string; readonly by?: string };
  return entryOf(event, {
    actor: str(data.by) ?? context.actor ?? UNKNOWN_ACTOR,
    action: 'execution.cancel',
    targetType: 'execution',
    targetId: event.executionId,
    details: { reason: data.reason, event: event.type },
  });
}

function rerun(event: ExecutionEvent, context: AuditContext): AuditEntry {
  const data = (event.data ?? {}) as Record<string, unknown>;
  // The event's shape belongs to re-runs: keep its scalar members (ids, reason, target), the step
  // it starts from, and only the names of the input overrides, not their values.
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (['string', 'number', 'boolean'].includes(typeof value)) details[key] = value;
  if (typeof data.fromStep === 'object' && data.fromStep !== null) details.fromStep = data.fromStep;
  if (typeof data.inputOverrides === 'object' && data.inputOverrides !== null) details.inputOverrideKeys = Object.keys(data.inputOverrides);
  return entryOf(event, {
    actor: str(data.by) ?? str(data.requestedBy) ?? context.actor ?? UNKNOWN_ACTOR,
    action: 'execution.rerun',
    targetType: 'execution',
    targetId: event.executionId,
    details,
  });
}

const MAPPERS: Readonly<Record<string, Mapper>> = {
  'step.gated': gate,
  'approval.decided': decision,
  'execution.cancel_requested': cancel,
  'execution.cancelled': cancel,
  'execution.aborted': cancel,
  'rerun.requested': rerun,
};

/** The event types that can produce an audit entry. */
export const AUDITED_EVENT_TYPES: readonly string[] = Object.keys(MAPPERS);

/** The audit entries for events appended together (in order), per the table above. */
export function auditOfEvents(events: readonly ExecutionEvent[], context: AuditContext = {}): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let cancelled = false;
  let approvalOutcome = false;
  for (const event of events) {
    const type: string = event.type;
    if (type === 'approval.decided' || type === 'approval.expired') approvalOutcome = true;
    const mapper = MAPPERS[type];
    if (!mapper) continue;
    if (type === 'step.gated' && (event as EventOf<'step.gated'>).data.cached) continue;
    if (mapper === cancel) {
      if (cancelled || (type === 'execution.aborted' && approvalOutcome)) continue;
      cancelled = true;
    }
    entries.push(mapper(event, context));
  }
  return entries;
}
