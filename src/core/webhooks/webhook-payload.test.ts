import { describe, expect, it } from 'vitest';
import type { ExecutionEvent } from '../events/event-catalogue.js';
import { testPayload, webhookEventOf, webhookPayload } from './webhook-payload.js';
import { filterAccepts } from './webhook.js';

const envelope = { seq: 42, eventId: 'ev-1', orgId: 'acme', tenantId: 'payments', executionId: 'wf_1', at: '2026-05-01T10:00:00.000Z', recordedAt: '2026-05-01T10:00:00.001Z' };

describe('webhook events and payloads', () => {
  it('maps log events to webhook events (aborted surfaces as cancelled) and ignores the rest', () => {
    expect(webhookEventOf('approval.decided')).toBe('approval.decided');
    expect(webhookEventOf('approval.sla_breached')).toBe('approval.sla_breached');
    expect(webhookEventOf('execution.aborted')).toBe('execution.cancelled');
    expect(webhookEventOf('step.completed')).toBeUndefined();
    expect(webhookEventOf('toString')).toBeUndefined();
  });

  it('filters by name or *', () => {
    expect(filterAccepts(['*'], 'execution.failed')).toBe(true);
    expect(filterAccepts(['approval.requested'], 'execution.failed')).toBe(false);
    expect(filterAccepts(['approval.requested', 'execution.failed'], 'execution.failed')).toBe(true);
  });

  it('builds {event, timestamp, data} with ids, reasons and links, never inputs or outputs', () => {
    const decided: ExecutionEvent = { ...envelope, type: 'approval.decided', data: { approvalId: 'apr_1', stepId: 's1', decision: 'rejected', by: 'axf_bob', comment: 'no' } };
    expect(webhookPayload('approval.decided', decided, { workflowName: 'refunds' })).toEqual({
      event: 'approval.decided',
      timestamp: envelope.at,
      data: expect.objectContaining({
        org_id: 'acme',
        tenant_id: 'payments',
        execution_id: 'wf_1',
        workflow_name: 'refunds',
        event_id: 'ev-1',
        seq: 42,
        step_id: 's1',
        approval_id: 'apr_1',
        decision: 'rejected',
        decided_by: 'axf_bob',
        comment: 'no',
        links: { execution: '/api/v1/executions/wf_1', unified: '/api/v1/unified/executions/wf_1', events: '/api/v1/executions/wf_1/events' },
      }),
    });
    const completed: ExecutionEvent = { ...envelope, type: 'execution.completed', data: { output: { card: '4111 1111 1111 1111' } } };
    const body = JSON.stringify(webhookPayload('execution.completed', completed, {}));
    expect(body).not.toContain('4111');
    expect(JSON.parse(body).data.status).toBe('completed');
    const aborted: ExecutionEvent = { ...envelope, type: 'execution.aborted', data: { reason: 'operator stop', by: 'axf_ops' } };
    expect(webhookPayload('execution.cancelled', aborted, {}).data).toMatchObject({ status: 'aborted', reason: 'operator stop', cancelled_by: 'axf_ops' });
    const failed: ExecutionEvent = { ...envelope, type: 'execution.failed', data: { error: { message: 'boom', source: 'provider', code: 'E1' }, stepId: 's3' } };
    expect(webhookPayload('execution.failed', failed, {}).data).toMatchObject({ status: 'failed', step_id: 's3', error: { message: 'boom', source: 'provider', code: 'E1' } });
  });

  it('makes a test payload naming the webhook', () => {
    expect(testPayload({ orgId: 'o', tenantId: 't', webhookId: 'whk_1' }, envelope.at)).toMatchObject({ event: 'webhook.test', timestamp: envelope.at, data: { webhook_id: 'whk_1' } });
  });
});
