/**
 * @module The re-runs of a run, oldest first: who asked, when and why, where from, whether the
 * application accepted the request, and a link to the run it started (matched by
 * parent_execution_id + rerun_id), or "not started" while there is none.
 */
import { Link } from 'react-router';
import type { RerunWire } from '../../../src/shared/reruns.js';
import { formatTime } from '../lib/format.js';
import { Badge } from './States.js';

export function RerunList({ reruns }: { reruns: readonly RerunWire[] }) {
  return (
    <ol className="reruns" data-testid="reruns">
      {reruns.map((r) => (
        <li key={r.rerun_id} data-rerun={r.rerun_id}>
          <span className="mono muted small">{formatTime(r.requested_at)}</span> <strong>{r.requested_by}</strong>: {r.reason}
          {r.from_step && (
            <span className="muted small">
              {' '}
              · from step #{r.from_step.step_index} {r.from_step.step_name}
            </span>
          )}{' '}
          {r.delivery ? (
            <span className={`badge tone-${r.delivery.status === 'delivered' ? 'ok' : 'bad'}`} data-value={r.delivery.status} title={r.delivery.error ?? `HTTP ${r.delivery.response_status}`}>
              {r.delivery.status === 'delivered' ? 'accepted' : 'not accepted'}
            </span>
          ) : (
            <span className="badge tone-neutral" data-value="unknown" title="The server stopped before the answer was recorded">
              outcome unknown
            </span>
          )}{' '}
          {r.execution_id ? (
            <>
              <Link to={`/executions/${encodeURIComponent(r.execution_id)}`} className="mono">
                {r.execution_id}
              </Link>{' '}
              <Badge value={r.execution_status} />
            </>
          ) : (
            <span className="muted small">not started</span>
          )}
        </li>
      ))}
    </ol>
  );
}
