/** The waterfall: bar positions and widths from the timeline's timestamps, attempts split at retries, and the marks. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TimelineItem } from '../../../src/shared/executions.js';
import { Waterfall } from './Waterfall.js';
import { buildWaterfall } from './waterfall-model.js';

let seq = 0;
const item = (offset: number, type: string, stepId: string | undefined, data: Record<string, unknown> = {}, extra: Partial<TimelineItem> = {}): TimelineItem => ({
  seq: ++seq,
  at: new Date(Date.UTC(2026, 0, 1) + offset).toISOString(),
  offset_ms: offset,
  type,
  step_id: stepId,
  step_index: stepId === 'fetch' ? 0 : stepId === 'answer' ? 1 : stepId === 'refund' ? 2 : undefined,
  summary: `${type} ${stepId ?? ''}`.trim(),
  data: { step_id: stepId, ...data },
  ...extra,
});

// A 1000 ms run: fetch (0–200, one connector call), answer (200–800, failed once and retried,
// two provider calls), refund (800–1000, held for approval then approved).
const timeline: TimelineItem[] = [
  item(0, 'execution.created', undefined, { name: 'refund-agent' }),
  item(0, 'step.gated', 'fetch', { name: 'fetch order', decision: 'allow' }),
  item(150, 'connector.called', 'fetch', { connector: 'orders', operation: 'get', outcome: 'ok', latency_ms: 100 }, { duration_ms: 100 }),
  item(200, 'step.completed', 'fetch'),
  item(200, 'step.gated', 'answer', { name: 'draft answer', decision: 'allow' }),
  item(400, 'provider.called', 'answer', { provider: 'openai', model: 'gpt-4o', outcome: 'error', latency_ms: 150 }, { duration_ms: 150 }),
  item(400, 'step.attempt_failed', 'answer', { attempt: 1, error: { source: 'provider', message: 'rate limited' } }),
  item(750, 'provider.called', 'answer', { provider: 'openai', model: 'gpt-4o', outcome: 'ok', latency_ms: 300 }, { duration_ms: 300 }),
  item(800, 'step.completed', 'answer'),
  item(800, 'step.gated', 'refund', { name: 'issue refund', decision: 'require_approval' }),
  item(810, 'approval.requested', 'refund', { approval_id: 'apr_1', reason: 'over $500' }),
  item(900, 'approval.decided', 'refund', { approval_id: 'apr_1', decision: 'approved' }),
  item(1000, 'step.completed', 'refund'),
  item(1000, 'execution.completed', undefined),
];

describe('buildWaterfall', () => {
  const model = buildWaterfall(timeline, 1000);

  it('places each step bar by its first and last event, in percent of the run', () => {
    expect(model.totalMs).toBe(1000);
    expect(model.rows.map((r) => [r.name, r.left, r.width, r.status])).toEqual([
      ['fetch order', 0, 20, 'completed'],
      ['draft answer', 20, 60, 'completed'],
      ['issue refund', 80, 20, 'completed'],
    ]);
  });

  it('splits attempts at a retry and draws calls ending at their event', () => {
    const answer = model.rows[1]!;
    expect(answer.attempts).toBe(2);
    expect(answer.spans.filter((s) => s.kind === 'attempt').map((s) => [s.left, s.width, s.failed])).toEqual([
      [20, 20, true],
      [40, 40, false],
    ]);
    expect(answer.spans.filter((s) => s.kind === 'provider').map((s) => [s.left, s.width, s.failed])).toEqual([
      [25, 15, true],
      [45, 30, false],
    ]);
    expect(model.rows[0]!.spans.find((s) => s.kind === 'connector')).toMatchObject({ left: 5, width: 10, label: 'orders.get' });
  });

  it('marks decisions, retries and approvals where they happened', () => {
    expect(model.rows[1]!.marks.map((m) => [m.kind, m.left])).toEqual([
      ['decision', 20],
      ['retry', 40],
    ]);
    expect(model.rows[2]!.marks.map((m) => [m.kind, m.left])).toEqual([
      ['approval', 80],
      ['approval', 81],
      ['approved', 90],
    ]);
  });

  it('runs a still-running step to the end of the span, and a block ends the step at the gate', () => {
    const running = buildWaterfall([item(0, 'step.gated', 'fetch', { name: 'fetch', decision: 'allow' }), item(100, 'step.gated', 'answer', { name: 'answer', decision: 'block' })], 400);
    expect(running.rows.map((r) => [r.status, r.left, r.width])).toEqual([
      ['running', 0, 100],
      ['blocked', 25, 0],
    ]);
    expect(running.rows[1]!.marks[0]!.kind).toBe('blocked');
  });
});

describe('<Waterfall>', () => {
  const html = renderToStaticMarkup(<Waterfall model={buildWaterfall(timeline, 1000)} selected={1} />);

  it('renders one row per step with its bar at the computed position', () => {
    expect(html.match(/class="wf-row/g)).toHaveLength(3);
    expect(html).toContain('class="wf-bar status-completed" style="left:20%;width:60%"');
    expect(html).toContain('class="wf-span wf-attempt failed" style="left:20%;width:20%"');
    expect(html).toContain('class="wf-span wf-provider failed" style="left:25%;width:15%"');
  });

  it('shows retry and approval marks, the attempt count and the selected step', () => {
    expect(html).toMatch(/class="wf-mark mark-retry" style="left:40%"[^>]*data-kind="retry">↻</);
    expect(html).toMatch(/class="wf-mark mark-approved" style="left:90%"/);
    expect(html).toContain('×2');
    expect(html).toMatch(/class="wf-row selected" data-step="1"/);
  });

  it('says so when there are no steps', () => {
    expect(renderToStaticMarkup(<Waterfall model={buildWaterfall([], 0)} />)).toContain('No steps yet.');
  });
});
