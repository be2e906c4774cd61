/**
 * @module The aligned steps of a run diff: one row per step of both runs or of one, the first
 * divergence highlighted (`data-divergence`), what changed as chips, and the deltas (b minus a).
 * Clicking a row selects it; the page shows the two steps' payloads below.
 */
import type { DiffRow, ExecutionDiff } from '../../../src/shared/execution-diff.js';
import { formatCost, formatDuration } from '../lib/format.js';
import { Badge } from './States.js';

/** `+1,200`, `-$0.0020`, `+350 ms`; zero without a sign. */
export function signed(n: number | undefined, format: (abs: number) => string): string {
  if (n === undefined) return '—';
  if (n === 0) return format(0);
  return `${n > 0 ? '+' : '−'}${format(Math.abs(n))}`;
}

const tokens = (n: number) => n.toLocaleString('en-US');

const MATCH_LABEL: Record<DiffRow['match'], string> = { matched: 'both', only_a: 'only in A', only_b: 'only in B' };

function StepCell({ row, side }: { row: DiffRow; side: 'a' | 'b' }) {
  const step = row[side];
  if (!step) return <span className="muted">—</span>;
  return (
    <>
      <span className="wf-index">#{step.step_index}</span> {step.step_name} <Badge value={step.status} />
    </>
  );
}

export function DiffTable({ diff, selected, onSelect }: { diff: ExecutionDiff; selected?: number; onSelect: (row: number) => void }) {
  const divergence = diff.first_divergence?.row;
  return (
    <table className="table diff-table" aria-label="Aligned steps">
      <thead>
        <tr>
          <th>Run A</th>
          <th>Run B</th>
          <th>Type</th>
          <th>Match</th>
          <th>Changes</th>
          <th className="num">Tokens Δ in / out</th>
          <th className="num">Cost Δ</th>
          <th className="num">Latency Δ</th>
        </tr>
      </thead>
      <tbody>
        {diff.steps.map((row, i) => {
          const classes = ['diff-row', `match-${row.match}`, i === divergence ? 'diverged' : '', i === selected ? 'selected' : ''].filter(Boolean).join(' ');
          return (
            <tr key={i} className={classes} data-row={i} data-match={row.match} data-divergence={i === divergence ? 'true' : undefined} aria-selected={i === selected} onClick={() => onSelect(i)}>
              <td>
                <StepCell row={row} side="a" />
              </td>
              <td>
                <StepCell row={row} side="b" />
              </td>
              <td className="muted small">{(row.a ?? row.b)!.step_type.replaceAll('_', ' ')}</td>
              <td>
                {i === divergence && (
                  <span className="diverged-mark" title={diff.first_divergence!.reason}>
                    ◆ diverges
                  </span>
                )}{' '}
                <span className={row.match === 'matched' ? 'muted small' : 'only-mark'}>{MATCH_LABEL[row.match]}</span>
              </td>
              <td>
                {row.changes.map((c) => (
                  <span key={c} className={`change-chip change-${c}`}>
                    {c}
                  </span>
                ))}
              </td>
              <td className="num">{row.deltas ? `${signed(row.deltas.tokens_in, tokens)} / ${signed(row.deltas.tokens_out, tokens)}` : ''}</td>
              <td className="num">{row.deltas ? signed(row.deltas.cost_usd, formatCost) : ''}</td>
              <td className="num">{row.deltas ? signed(row.deltas.duration_ms, formatDuration) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
