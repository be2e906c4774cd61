/** The aligned-steps table of the diff page: the divergent row marked, unmatched rows, chips and deltas. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DiffStepRef, ExecutionDiff } from '../../../src/shared/execution-diff.js';
import { formatCost } from '../lib/format.js';
import { DiffTable, signed } from './DiffTable.js';

const ref = (step_index: number, step_name: string, status = 'completed'): DiffStepRef => ({ step_index, step_id: `s-${step_index}`, step_name, step_type: 'llm_call', status, tokens_in: 10, tokens_out: 2, cost_usd: 0.001 });

const diff = {
  first_divergence: { row: 1, index_a: 1, index_b: 1, kinds: ['status'], reason: 'step "draft": status completed → failed' },
  steps: [
    { match: 'matched', index_a: 0, index_b: 0, a: ref(0, 'triage'), b: ref(0, 'triage'), changes: ['input'], deltas: { tokens_in: 120, tokens_out: -3, cost_usd: 0.0002, duration_ms: -40 } },
    { match: 'matched', index_a: 1, index_b: 1, a: ref(1, 'draft'), b: ref(1, 'draft', 'failed'), changes: ['status', 'error'], deltas: { tokens_in: 0, tokens_out: 0, cost_usd: 0 } },
    { match: 'only_a', index_a: 2, index_b: 2, a: ref(2, 'review'), changes: [] },
  ],
} as unknown as ExecutionDiff;

describe('<DiffTable>', () => {
  it('marks the first divergence, the rows one run lacks, and what changed', () => {
    const html = renderToStaticMarkup(<DiffTable diff={diff} selected={0} onSelect={() => undefined} />);
    const rows = html.match(/<tr class="diff-row[^"]*"[^>]*>/g)!;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('class="diff-row match-matched selected"');
    expect(rows[1]).toContain('class="diff-row match-matched diverged"');
    expect(rows[1]).toContain('data-divergence="true"');
    expect(rows[2]).toContain('data-match="only_a"');
    expect(html.match(/data-divergence/g)).toHaveLength(1);
    expect(html).toContain('title="step &quot;draft&quot;: status completed → failed">◆ diverges</span>');
    expect(html).toContain('<span class="change-chip change-status">status</span>');
    expect(html).toContain('only in A');
    expect(html).toContain('+120 / −3');
    expect(html).toContain('+$0.00020');
  });

  it('signs deltas, and leaves zero unsigned', () => {
    expect(signed(-0.002, formatCost)).toBe('−$0.00200');
    expect(signed(0, formatCost)).toBe('$0');
    expect(signed(undefined, String)).toBe('—');
    expect(signed(1500, (n) => n.toLocaleString('en-US'))).toBe('+1,500');
  });
});
