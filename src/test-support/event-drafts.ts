/** @module Builders for event drafts, so tests read as the run they describe. */
import type { EventDataMap, EventDraft } from '../core/events/event-catalogue.js';

type Extra = { eventId?: string; at?: string };

function draft<T extends keyof EventDataMap>(type: T, data: EventDataMap[T], extra: Extra = {}): EventDraft {
  return { type, data, ...extra } as EventDraft;
}

export const ev = {
  created: (name = 'support-triage', extra: Extra & Partial<EventDataMap['execution.created']> = {}) => {
    const { eventId, at, ...data } = extra;
    return draft('execution.created', { executionType: 'reported', name, source: 'langgraph', ...data }, { eventId, at });
  },
  started: (extra?: Extra) => draft('execution.started', {}, extra),
  stepStarted: (stepId: string, name = stepId, extra?: Extra) => draft('step.started', { stepId, name, stepType: 'llm_call' }, extra),
  gated: (stepId: string, decision: EventDataMap['step.gated']['decision'], reason = 'ok', extra?: Extra) =>
    draft(
      'step.gated',
      {
        stepId,
        name: stepId,
        stepType: 'tool_call',
        decision,
        reason,
        policiesEvaluated: [{ policyId: 'p1', policyName: 'pii', action: decision === 'allow' ? 'allow' : 'block' }],
        policiesMatched: decision === 'allow' ? [] : [{ policyId: 'p1', policyName: 'pii', action: decision === 'block' ? 'block' : 'require_approval', reason }],
        redactions: [],
      },
      extra,
    ),
  provider: (stepId: string | undefined, tokensIn: number, tokensOut: number, costUsd: number, extra: Extra & { outcome?: 'ok' | 'error'; error?: string } = {}) =>
    draft(
      'provider.called',
      { stepId, provider: 'openai', model: 'gpt-4o', tokensIn, tokensOut, latencyMs: 420, outcome: extra.outcome ?? 'ok', error: extra.error, costUsd },
      { eventId: extra.eventId, at: extra.at },
    ),
  connector: (stepId: string, outcome: 'ok' | 'error', extra?: Extra) =>
    draft(
      'connector.called',
      { stepId, connector: 'crm', operation: 'lookup', latencyMs: 80, outcome, error: outcome === 'error' ? 'crm timed out' : undefined, errorType: outcome === 'error' ? 'timeout' : undefined },
      extra,
    ),
  attemptFailed: (stepId: string, attempt: number, source: 'provider' | 'connector' | 'step' = 'provider', extra?: Extra) =>
    draft('step.attempt_failed', { stepId, attempt, error: { message: `attempt ${attempt} failed`, source }, backoffMs: 100 * attempt }, extra),
  stepCompleted: (stepId: string, extra: Extra & Partial<EventDataMap['step.completed']> = {}) => {
    const { eventId, at, ...data } = extra;
    return draft('step.completed', { stepId, output: { ok: true }, ...data }, { eventId, at });
  },
  stepFailed: (stepId: string, source: 'provider' | 'connector' | 'step' = 'step', extra?: Extra) =>
    draft('step.failed', { stepId, error: { message: `${stepId} failed`, source } }, extra),
  approvalRequested: (approvalId: string, stepId: string, extra?: Extra) =>
    draft('approval.requested', { approvalId, stepId, policyIds: ['p1'], reason: 'needs review' }, extra),
  approvalDecided: (approvalId: string, stepId: string, decision: 'approved' | 'rejected', extra?: Extra) =>
    draft('approval.decided', { approvalId, stepId, decision, by: 'reviewer@example.com', comment: 'checked the refund amount' }, extra),
  approvalExpired: (approvalId: string, stepId: string, extra?: Extra) => draft('approval.expired', { approvalId, stepId }, extra),
  completed: (extra?: Extra) => draft('execution.completed', { output: { done: true } }, extra),
  failed: (stepId?: string, extra?: Extra) => draft('execution.failed', { error: { message: 'run failed', source: 'step' }, stepId }, extra),
  cancelled: (extra?: Extra) => draft('execution.cancelled', { reason: 'operator cancelled', by: 'ops@example.com' }, extra),
  aborted: (extra?: Extra) => draft('execution.aborted', { reason: 'aborted by client' }, extra),
};
