/** The re-runs of a run: who, why, from where, whether the application accepted, and the run it started. */
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { RerunResponse, RerunWire } from '../../../src/shared/reruns.js';
import { rerunOutcomeText } from './RerunDialog.js';
import { RerunList } from './RerunList.js';

const reruns: RerunWire[] = [
  {
    rerun_id: 'rr_1',
    requested_at: '2026-05-01T10:00:00.000Z',
    requested_by: 'axf_ops',
    reason: 'provider fixed, refund again',
    from_step: { step_index: 2, step_id: 'refund', step_name: 'issue refund' },
    target_url: 'https://refunds.example.com/r',
    delivery: { status: 'delivered', response_status: 202, duration_ms: 30 },
    execution_id: 'wf_child',
    execution_status: 'completed',
  },
  { rerun_id: 'rr_2', requested_at: '2026-05-01T11:00:00.000Z', requested_by: 'axf_ops', reason: 'the app was down <b>', target_url: 'https://refunds.example.com/r', delivery: { status: 'failed', error: 'HTTP 503', response_status: 503, duration_ms: 4 } },
  { rerun_id: 'rr_3', requested_at: '2026-05-01T12:00:00.000Z', requested_by: 'axf_ops', reason: 'server stopped mid-way', target_url: 'https://refunds.example.com/r' },
];

describe('<RerunList>', () => {
  const html = renderToStaticMarkup(
    <MemoryRouter>
      <RerunList reruns={reruns} />
    </MemoryRouter>,
  );

  it('links each re-run to the run the application started, with its status', () => {
    expect(html).toMatch(/<a class="mono" href="\/executions\/wf_child"[^>]*>wf_child<\/a>/);
    expect(html).toMatch(/data-value="completed"/);
    expect(html).toContain('from step #2 issue refund');
  });

  it('says which requests the application did not accept, and which never got an answer', () => {
    expect(html).toMatch(/<li data-rerun="rr_2">.*<span class="badge tone-bad" data-value="failed" title="HTTP 503">not accepted<\/span>.*not started/);
    expect(html).toMatch(/<li data-rerun="rr_3">.*outcome unknown/);
    expect(html).toContain('the app was down &lt;b&gt;');
  });
});

describe('rerunOutcomeText', () => {
  const base: RerunResponse = { rerun_id: 'rr_1', execution_id: 'wf_1', workflow_name: 'w', target_url: 'u', requested_at: '2026-05-01T10:00:00.000Z', requested_by: 'ops', reason: 'r', delivery: { status: 'delivered', response_status: 202, duration_ms: 3 } };
  it('tells accepted from refused', () => {
    expect(rerunOutcomeText(base)).toContain('the application accepted it (HTTP 202)');
    expect(rerunOutcomeText({ ...base, delivery: { status: 'failed', error: 'timed out after 10000 ms', duration_ms: 10000 } })).toContain('did not accept it: timed out after 10000 ms');
  });
});
