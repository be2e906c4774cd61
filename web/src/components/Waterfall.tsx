/**
 * @module The run's waterfall: a row per step, its bar placed by timestamps (buildWaterfall), with
 * attempts, provider and connector calls inside, and marks for decisions, approvals, retries and
 * failures. Clicking a row selects the step (the page puts it in the URL as #step-N).
 */
import { formatDuration } from '../lib/format.js';
import type { WaterfallMark, WaterfallModel } from './waterfall-model.js';

const MARK_GLYPH: Record<WaterfallMark['kind'], string> = {
  decision: '◆',
  blocked: '⛔',
  approval: '⏸',
  approved: '✔',
  rejected: '✖',
  expired: '⌛',
  retry: '↻',
  failed: '✖',
};

export interface WaterfallProps {
  readonly model: WaterfallModel;
  readonly selected?: number;
  readonly onSelect?: (stepIndex: number) => void;
}

export function Waterfall({ model, selected, onSelect }: WaterfallProps) {
  if (model.rows.length === 0) return <div className="empty">No steps yet.</div>;
  const ticks = [0, 25, 50, 75, 100];
  return (
    <div className="waterfall" role="list" aria-label="Steps over time">
      <div className="wf-axis" aria-hidden="true">
        <div className="wf-label" />
        <div className="wf-track">
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${t}%` }}>
              {formatDuration((model.totalMs * t) / 100)}
            </span>
          ))}
        </div>
      </div>
      {model.rows.map((row) => (
        <div
          key={row.stepId}
          role="listitem"
          className={`wf-row${row.stepIndex === selected ? ' selected' : ''}`}
          data-step={row.stepIndex}
          data-status={row.status}
          onClick={() => onSelect?.(row.stepIndex)}
        >
          <div className="wf-label" title={row.name}>
            <span className="wf-index">#{row.stepIndex}</span> {row.name}
            {row.attempts > 1 && <span className="wf-attempts" title="attempts">×{row.attempts}</span>}
          </div>
          <div className="wf-track">
            <div className={`wf-bar status-${row.status}`} style={{ left: `${row.left}%`, width: `${Math.max(row.width, 0.4)}%` }} title={`${row.name}: ${formatDuration(row.endMs - row.startMs)}`} />
            {row.spans.map((span, i) => (
              <div
                key={i}
                className={`wf-span wf-${span.kind}${span.failed ? ' failed' : ''}`}
                style={{ left: `${span.left}%`, width: `${Math.max(span.width, 0.3)}%` }}
                title={span.label}
              />
            ))}
            {row.marks.map((mark, i) => (
              <span key={i} className={`wf-mark mark-${mark.kind}`} style={{ left: `${mark.left}%` }} title={mark.label} data-kind={mark.kind}>
                {MARK_GLYPH[mark.kind]}
              </span>
            ))}
          </div>
          <div className="wf-duration">{formatDuration(row.endMs - row.startMs)}</div>
        </div>
      ))}
    </div>
  );
}
