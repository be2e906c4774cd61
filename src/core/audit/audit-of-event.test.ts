import { describe, expect, it } from 'vitest';
import type { EventDraft, ExecutionEvent } from '../events/event-catalogue.js';
import { ev } from '../../test-support/event-drafts.js';
import { AUDITED_EVENT_TYPES, auditOfEvents } from './audit-of-event.js';

let seq = 100;
function stored(...drafts: EventDraft[]): ExecutionEvent[] {
  return drafts.map(
    (d) =>
      ({
        ...d,
        seq: ++seq,
        eventId: d.eventId ?? `e${seq}`,
        orgId: 'o',
        tenantId: 't',
        executionId: 'wf_1',
        at: d.at ?? '2026-06-01T08:00:00.000Z',
        recordedAt: '2026-06-01T08:00:00.000Z',
      }) as ExecutionEvent,
  );
}

describe('auditOfEvents', () => {
  it('records a gate decision with its policies, actor from the writer', () => {
    const [event] = stored(ev.gated('pay', 'block', 'amount over limit'));
    expect(auditOfEvents([event!], { actor: 'orchestrator-1' })).toEqual([
      {
        auditId: `aud_evt_${event!.seq}`,
        at: event!.at,
        actor: 'orchestrator-1',
        action: 'gate.block',
        targetType: 'step',
        targetId: 'pay',
        executionId: 'wf_1',
        details: expect.objectContaining({ decision: 'block', reason: 'amount over limit', policyIds: ['p1'], stepType: 'tool_call', eventSeq: event!.seq }),
      },
    ]);
    expect(auditOfEvents(stored(ev.gated('s', 'allow')), {})[0]).toMatchObject({ action: 'gate.allow', actor: 'unknown', details: { policyIds: [] } });
    expect(auditOfEvents(stored(ev.gated('s', 'require_approval')), { actor: 'c' })[0]!.action).toBe('gate.require_approval');
  });

  it('leaves out a retried gate answered from the recorded decision', () => {
    const [event] = stored(ev.gated('s', 'allow'));
    const cached = { ...event!, data: { ...(event!.data as object), cached: true } } as ExecutionEvent;
    expect(auditOfEvents([cached], { actor: 'c' })).toEqual([]);
  });

  it('records approvals and rejections with the decider and comment; a rejection’s abort is not a second entry', () => {
    const approved = auditOfEvents(stored(ev.approvalDecided('apr_1', 'pay', 'approved')), { actor: 'someone-else' });
    expect(approved).toEqual([
      expect.objectContaining({ action: 'approval.approve', actor: 'reviewer@example.com', targetType: 'approval', targetId: 'apr_1', details: expect.objectContaining({ stepId: 'pay', comment: 'checked the refund amount' }) }),
    ]);
    const rejected = auditOfEvents(stored(ev.approvalDecided('apr_1', 'pay', 'rejected'), { type: 'execution.aborted', data: { reason: 'rejected', by: 'reviewer@example.com' } }));
    expect(rejected.map((e) => e.action)).toEqual(['approval.reject']);
  });

  it('records a cancel once per write, with its actor and reason', () => {
    const events = stored(
      { type: 'execution.cancel_requested', data: { reason: 'runaway loop', by: 'ops-1' } },
      ev.approvalExpired('apr_1', 'pay'),
      { type: 'execution.cancelled', data: { reason: 'runaway loop', by: 'ops-1' } },
    );
    expect(auditOfEvents(events, { actor: 'ignored' })).toEqual([
      expect.objectContaining({ action: 'execution.cancel', actor: 'ops-1', targetType: 'execution', targetId: 'wf_1', executionId: 'wf_1', details: { reason: 'runaway loop', event: 'execution.cancel_requested', eventSeq: events[0]!.seq } }),
    ]);
    expect(auditOfEvents(stored(ev.aborted()), { actor: 'orchestrator-1' })).toEqual([expect.objectContaining({ action: 'execution.cancel', actor: 'orchestrator-1', details: expect.objectContaining({ event: 'execution.aborted' }) })]);
    // The sweeper's abort after an expiry is the expiry's consequence.
    expect(auditOfEvents(stored(ev.approvalExpired('apr_1', 'pay'), { type: 'execution.aborted', data: { reason: 'expired', by: 'system' } }))).toEqual([]);
  });

  it('maps rerun.requested by its type string, keeping scalar members only', () => {
    const data = { rerunId: 'rr_1', requestedBy: 'ops-2', reason: 'upstream fixed', fromStep: { stepIndex: 2, stepId: 'pay', name: 'pay' }, inputOverrides: { amount: 5 }, targetUrl: 'https://app.example/rerun' };
    const event = { ...stored(ev.started())[0]!, type: 'rerun.requested', data } as unknown as ExecutionEvent;
    expect(auditOfEvents([event], { actor: 'ignored' })).toEqual([
      expect.objectContaining({
        action: 'execution.rerun',
        actor: 'ops-2',
        targetId: 'wf_1',
        details: { rerunId: 'rr_1', requestedBy: 'ops-2', reason: 'upstream fixed', targetUrl: 'https://app.example/rerun', fromStep: data.fromStep, inputOverrideKeys: ['amount'], eventSeq: event.seq },
      }),
    ]);
  });

  it('records nothing for the other events', () => {
    expect(auditOfEvents(stored(ev.created(), ev.stepStarted('s'), ev.provider('s', 1, 1, 0), ev.stepCompleted('s'), ev.completed()), { actor: 'c' })).toEqual([]);
    expect(AUDITED_EVENT_TYPES).toContain('step.gated');
  });
});
