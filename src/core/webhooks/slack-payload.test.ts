import { describe, expect, it } from 'vitest';
import { alertPayload, type Alert } from '../alerts/alert.js';
import type { ExecutionEvent } from '../events/event-catalogue.js';
import { deliveryBody } from './delivery-body.js';
import { escapeSlack, slackPayload, type SlackBlock, type SlackMessage } from './slack-payload.js';
import { testPayload, webhookPayload } from './webhook-payload.js';

const envelope = { seq: 42, eventId: 'ev-1', orgId: 'acme', tenantId: 'payments', executionId: 'wf_1', at: '2026-05-01T10:00:00.000Z', recordedAt: '2026-05-01T10:00:00.001Z' };
const PUBLIC = { publicUrl: 'https://axonflow.example.com' };

const alert: Alert = {
  alertId: 'alt_1',
  orgId: 'acme',
  tenantId: 'payments',
  kind: 'failure_rate',
  subject: 'refund agent',
  state: 'firing',
  firedAt: '2026-05-01T10:00:00.000Z',
  value: 41.67,
  threshold: 20,
  summary: '5 of 12 runs of refund agent failed in the last 10 min (41.7% > 20%)',
};

/** Every mrkdwn text of the message, for checks that must hold everywhere. */
function texts(message: SlackMessage): string[] {
  const ofBlock = (b: SlackBlock) => (b.type === 'section' ? [b.text.text, ...(b.fields ?? []).map((f) => f.text)] : b.elements.map((e) => e.text));
  return [message.text, ...message.blocks.flatMap(ofBlock)];
}

describe('Slack message of a delivery', () => {
  it('says an alert fired in one line, with value vs threshold as fields and links to the workflow runs', () => {
    const message = slackPayload(alertPayload(alert, 'alert.firing'), PUBLIC);
    // `>` is escaped as Slack requires; Slack shows it as `>`.
    expect(message.text).toBe(':rotating_light: Alert firing: failure_rate for workflow refund agent — 5 of 12 runs of refund agent failed in the last 10 min (41.7% &gt; 20%)');
    const [main, links, context] = message.blocks;
    expect(main).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${message.text}*` },
      fields: [
        { type: 'mrkdwn', text: '*Value*\n41.67%' },
        { type: 'mrkdwn', text: '*Threshold*\n20%' },
        { type: 'mrkdwn', text: '*Alert*\n`alt_1`' },
      ],
    });
    expect(links).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '<https://axonflow.example.com/ui/executions?workflow=refund%20agent&range=24h|Runs of refund agent>  ·  <https://axonflow.example.com/ui/alerts|All alerts>' },
    });
    expect(context).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'AxonFlow `alert.firing`  ·  acme/payments  ·  <!date^1777629600^{date_short_pretty} {time_secs}|2026-05-01T10:00:00.000Z>' }] });
  });

  it('says an alert resolved with the value now, and names each kind by its subject and unit', () => {
    const resolved = slackPayload(alertPayload({ ...alert, state: 'resolved', resolvedAt: '2026-05-01T10:20:00.000Z', resolvedValue: 0 }, 'alert.resolved'));
    expect(resolved.text).toBe(':white_check_mark: Alert resolved: failure_rate for workflow refund agent — now 0% (threshold 20%)');
    expect(resolved.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('Fired with 41.67%: 5 of 12 runs') } });
    const line = (a: Partial<Alert>) => slackPayload(alertPayload({ ...alert, ...a }, 'alert.resolved')).text;
    expect(line({ kind: 'pending_approvals', subject: 'backlog', threshold: 20, resolvedValue: 3 })).toBe(':white_check_mark: Alert resolved: pending_approvals for the approval backlog — now 3 pending (threshold 20 pending)');
    expect(line({ kind: 'pending_approvals', subject: 'oldest_age', threshold: 240, resolvedValue: 12.5 })).toContain('for the oldest pending approval — now 12.5 min (threshold 240 min)');
    expect(line({ kind: 'connector_errors', subject: 'crm', threshold: 5, resolvedValue: 1 })).toContain('connector_errors for connector crm — now 1 error (threshold 5 errors)');
    expect(line({ kind: 'retry_loops', subject: 'research', threshold: 3, resolvedValue: 0 })).toContain('retry_loops for workflow research — now 0 runs (threshold 3 retries/run)');
    expect(line({ kind: 'connector_errors', subject: 'crm', threshold: 1, resolvedValue: 0 })).toContain('now 0 errors (threshold 1 error)');
    expect(line({ kind: 'cost_growth', subject: 'tenant', threshold: 2.5, resolvedValue: 1.25 })).toContain('cost_growth for the tenant — now $1.25 (threshold $2.5)');
  });

  it('says a run failed with its error, the step and code, and links to the run', () => {
    const failed: ExecutionEvent = { ...envelope, type: 'execution.failed', data: { error: { message: '429 Too Many Requests', source: 'provider', code: 'E429' }, stepId: 'draft-reply' } };
    const message = slackPayload(webhookPayload('execution.failed', failed, { workflowName: 'support-triage' }), PUBLIC);
    expect(message.text).toBe(':x: Execution failed: workflow support-triage (run wf_1) — provider: 429 Too Many Requests');
    expect(message.blocks[0]).toMatchObject({ fields: [{ text: '*Step*\n`draft-reply`' }, { text: '*Error code*\n`E429`' }] });
    expect(message.blocks[1]).toMatchObject({ text: { text: '<https://axonflow.example.com/ui/executions/wf_1|Open the run>' } });
  });

  it('asks for an approval with the reason, policies, SLA and links to the inbox and the run', () => {
    const requested: ExecutionEvent = {
      ...envelope,
      type: 'approval.requested',
      data: { approvalId: 'apr_1', stepId: 'issue-refund', reason: 'Refund of $984 exceeds the $500 limit', policyIds: ['large-refund'], expiresAt: '2026-05-02T10:00:00.000Z', slaAt: '2026-05-01T14:00:00.000Z' },
    } as ExecutionEvent;
    const message = slackPayload(webhookPayload('approval.requested', requested, { workflowName: 'refund-agent' }), PUBLIC);
    expect(message.text).toBe(':raised_hand: Approval requested: workflow refund-agent, step issue-refund (run wf_1) — Refund of $984 exceeds the $500 limit');
    expect(message.blocks[0]).toMatchObject({ fields: [{ text: '*Approval*\n`apr_1`' }, { text: '*Policies*\nlarge-refund' }, { text: expect.stringMatching(/^\*SLA\*\n<!date\^\d+\^/) }, { text: expect.stringMatching(/^\*Expires\*\n<!date/) }] });
    expect(message.blocks[1]).toMatchObject({ text: { text: '<https://axonflow.example.com/ui/approvals|Review in the approvals inbox>  ·  <https://axonflow.example.com/ui/executions/wf_1|Open the run>' } });
  });

  it('words the other events: decisions, cancellations (aborted too), completions, expiries, SLA breaches, tests', () => {
    const line = (name: Parameters<typeof webhookPayload>[0], type: string, data: Record<string, unknown>) =>
      slackPayload(webhookPayload(name, { ...envelope, type, data } as ExecutionEvent, { workflowName: 'payouts' })).text;
    expect(line('approval.decided', 'approval.decided', { approvalId: 'apr_1', stepId: 'pay', decision: 'rejected', by: 'axf_bob', comment: 'amount too high' })).toBe(
      ':no_entry: Approval rejected: workflow payouts, step pay (run wf_1) by axf_bob — amount too high',
    );
    expect(line('approval.decided', 'approval.decided', { approvalId: 'apr_1', stepId: 'pay', decision: 'approved', by: 'axf_bob' })).toBe(':heavy_check_mark: Approval approved: workflow payouts, step pay (run wf_1) by axf_bob');
    expect(line('approval.sla_breached', 'approval.sla_breached', { approvalId: 'apr_1', stepId: 'pay' })).toBe(':warning: Approval past its SLA: workflow payouts, step pay (run wf_1)');
    expect(line('approval.expired', 'approval.expired', { approvalId: 'apr_1', stepId: 'pay' })).toBe(':hourglass: Approval expired: workflow payouts, step pay (run wf_1)');
    expect(line('execution.cancelled', 'execution.aborted', { reason: 'operator stop', by: 'axf_ops' })).toBe(':no_entry_sign: Execution aborted: workflow payouts (run wf_1) by axf_ops — operator stop');
    expect(line('execution.cancelled', 'execution.cancelled', { reason: 'duplicate' })).toBe(':no_entry_sign: Execution cancelled: workflow payouts (run wf_1) — duplicate');
    expect(line('execution.completed', 'execution.completed', { output: { secret: 'do-not-leak' } })).toBe(':white_check_mark: Execution completed: workflow payouts (run wf_1)');
    expect(line('execution.expired', 'execution.expired', { reason: 'approval expired' })).toBe(':hourglass: Execution expired: workflow payouts (run wf_1) — approval expired');
    expect(slackPayload(testPayload({ orgId: 'acme', tenantId: 'payments', webhookId: 'whk_1' }, envelope.at)).text).toBe(':wave: Test delivery from AxonFlow to webhook whk_1');
  });

  it('shows viewer paths as text when no public URL is configured', () => {
    const message = slackPayload(alertPayload({ ...alert, kind: 'pending_approvals', subject: 'backlog' }, 'alert.firing'));
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'Approvals inbox: `/ui/approvals`  ·  All alerts: `/ui/alerts`' } });
    expect(slackPayload(alertPayload(alert, 'alert.firing'), { publicUrl: 'https://ops.example.com/axonflow/' }).blocks[1]).toMatchObject({ text: { text: expect.stringContaining('<https://ops.example.com/axonflow/ui/alerts|All alerts>') } });
  });

  it('escapes what clients chose, so a run cannot mention @channel or forge a link, and cuts long values', () => {
    const failed: ExecutionEvent = { ...envelope, executionId: 'wf_<x>', type: 'execution.failed', data: { error: { message: `<!channel> & <https://evil.example|click> ${'x'.repeat(5_000)}`, source: 'step' } } };
    const message = slackPayload(webhookPayload('execution.failed', failed, { workflowName: 'a<b>&c' }), PUBLIC);
    for (const text of texts(message)) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<https://evil');
      expect(text.length).toBeLessThan(3_000);
    }
    expect(message.text).toContain('workflow a&lt;b&gt;&amp;c (run wf_&lt;x&gt;)');
    expect(message.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(message.text.endsWith('…')).toBe(true);
    // The run id still reaches the link, URL-encoded rather than escaped.
    expect(message.blocks[1]).toMatchObject({ text: { text: '<https://axonflow.example.com/ui/executions/wf_%3Cx%3E|Open the run>' } });
    expect(escapeSlack('a & <b>')).toBe('a &amp; &lt;b&gt;');
  });

  it('fixes the body bytes per format: the AxonFlow payload as it is, or the Slack message', () => {
    const payload = alertPayload(alert, 'alert.firing');
    expect(deliveryBody('axonflow', payload)).toBe(JSON.stringify(payload));
    const slack = JSON.parse(deliveryBody('slack', payload, PUBLIC));
    expect(Object.keys(slack)).toEqual(['text', 'blocks']);
    expect(slack).toEqual(slackPayload(payload, PUBLIC));
  });
});
