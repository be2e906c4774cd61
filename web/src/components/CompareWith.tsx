/**
 * @module "Compare with…" on a run's page: another run id typed in, or one of the same workflow's
 * recent runs picked from a list; either opens the diff page with this run as A.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../api/context.js';
import { formatTime } from '../lib/format.js';

export function CompareWith({ id, workflow }: { id: string; workflow: string }) {
  const { client } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState('');
  const recent = useQuery({
    queryKey: ['compare-candidates', workflow],
    queryFn: () => client.executions.list({ workflow, limit: 20 }),
    enabled: open,
  });
  const candidates = (recent.data?.executions ?? []).filter((r) => r.request_id !== id);
  const go = (target: string) => navigate(`/executions/${encodeURIComponent(id)}/diff/${encodeURIComponent(target.trim())}`);

  if (!open) {
    return (
      <button type="button" className="ghost small" onClick={() => setOpen(true)}>
        Compare with…
      </button>
    );
  }
  return (
    <form
      className="compare-with"
      aria-label="Compare with another run"
      onSubmit={(e) => {
        e.preventDefault();
        if (other.trim()) go(other);
      }}
    >
      <label>
        Run id <input aria-label="Run to compare with" value={other} onChange={(e) => setOther(e.target.value)} placeholder="wf_…" size={28} />
      </label>
      <label>
        or a recent {workflow} run{' '}
        <select aria-label="Recent runs of this workflow" value="" onChange={(e) => e.target.value && go(e.target.value)} disabled={candidates.length === 0}>
          <option value="">{recent.isLoading ? 'loading…' : candidates.length === 0 ? 'none' : 'pick one'}</option>
          {candidates.map((r) => (
            <option key={r.request_id} value={r.request_id}>
              {r.status_detail} · {formatTime(r.started_at)} · {r.request_id}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={!other.trim()}>
        Compare
      </button>
      <button type="button" className="ghost" onClick={() => setOpen(false)}>
        Close
      </button>
    </form>
  );
}
