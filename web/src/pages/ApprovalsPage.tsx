/**
 * @module The approvals inbox: pending approvals across runs with age, SLA state, the triggering
 * policy and the step input; approve or reject one (its own justification) or many at once (the
 * bulk API). Refreshes every 5 s; decisions need an approver.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ApprovalResource } from '../../../src/shared/approvals.js';
import { useSession } from '../api/context.js';
import { roleAtLeast } from '../api/session.js';
import { JsonView } from '../components/JsonView.js';
import { Badge, Empty, ErrorState, errorText, Loading } from '../components/States.js';
import { formatAge } from '../lib/format.js';

export function ApprovalsPage() {
  const { client, role } = useSession();
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: ['approvals', 'inbox'], queryFn: () => client.approvals.list({ status: 'pending', limit: 100 }), refetchInterval: 5_000 });
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState<string>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const canDecide = roleAtLeast(role, 'approver');
  const approvals = inbox.data?.approvals ?? [];
  const targets = checked.size > 0 ? [...checked] : focus ? [focus] : [];

  async function decide(action: 'approve' | 'reject') {
    setBusy(true);
    setMessage(undefined);
    try {
      if (targets.length === 1) {
        if (action === 'approve') await client.approvals.approve(targets[0]!, text.trim());
        else await client.approvals.reject(targets[0]!, text.trim());
        setMessage({ ok: true, text: `${action === 'approve' ? 'Approved' : 'Rejected'} 1 approval.` });
      } else {
        const result = await client.approvals.bulk({ action, ids: targets, ...(action === 'approve' ? { comment: text.trim() } : { reason: text.trim() }) });
        setMessage({ ok: !result.failed, text: `${action === 'approve' ? 'Approved' : 'Rejected'} ${result.count} of ${targets.length}${result.failed ? `; ${result.failed} failed` : ''}.` });
      }
      setChecked(new Set());
      setFocus(undefined);
      setText('');
      await queryClient.invalidateQueries({ queryKey: ['approvals'] });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  }

  const toggle = (id: string) => setChecked((current) => {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const focused = approvals.find((a) => a.approval_id === focus);

  return (
    <section className="page approvals">
      <div className="page-head">
        <h1>Approvals inbox</h1>
        <span className="muted">{inbox.data ? `${approvals.length}${inbox.data.next_cursor ? '+' : ''} pending` : ''}</span>
      </div>
      {message && (
        <div className={`state ${message.ok ? 'state-ok' : 'state-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
      {inbox.error ? (
        <ErrorState error={inbox.error} retry={() => void inbox.refetch()} />
      ) : inbox.isLoading ? (
        <Loading what="approvals" />
      ) : approvals.length === 0 ? (
        <Empty title="No pending approvals.">Steps that a policy holds for review appear here as they are requested.</Empty>
      ) : (
        <div className="detail-split">
          <table className="table approvals-table">
            <thead>
              <tr>
                <th>
                  {canDecide && (
                    <input type="checkbox" aria-label="Select all" checked={checked.size === approvals.length} onChange={(e) => setChecked(e.target.checked ? new Set(approvals.map((a) => a.approval_id)) : new Set())} />
                  )}
                </th>
                <th>Workflow / run</th>
                <th>Step</th>
                <th>Policy trigger</th>
                <th>Age</th>
                <th>SLA</th>
              </tr>
            </thead>
            <tbody>
              {approvals.map((a) => (
                <ApprovalRow key={a.approval_id} approval={a} checked={checked.has(a.approval_id)} focused={a.approval_id === focus} canDecide={canDecide} onToggle={() => toggle(a.approval_id)} onFocus={() => setFocus(a.approval_id)} />
              ))}
            </tbody>
          </table>
          <div className="inspector">
            {focused && (
              <div className="card">
                <h3>{focused.step_name ?? focused.step_id}</h3>
                <p className="small">{focused.reason}</p>
                <div className="small">
                  Policies: {focused.policies_matched.map((p) => <span key={p.policy_id} className="policy-chip">{p.policy_name ?? p.policy_id}</span>)}
                </div>
                <h4>Step input</h4>
                <JsonView value={focused.step_input} expandDepth={2} label="Step input" />
              </div>
            )}
            {canDecide ? (
              targets.length > 0 ? (
                <div className="card action-form" aria-label="Decision">
                  <strong>{targets.length === 1 ? '1 approval selected' : `${targets.length} approvals selected`}</strong>
                  <label>
                    Justification <span className="muted small">(at least 10 characters)</span>
                    <textarea aria-label="Justification" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
                  </label>
                  {text.trim().length < 10 && <div className="muted small">{10 - text.trim().length} more characters</div>}
                  <div className="action-buttons">
                    <button type="button" className="approve" disabled={busy || text.trim().length < 10} onClick={() => void decide('approve')}>
                      {busy ? 'Processing…' : `Approve ${targets.length}`}
                    </button>
                    <button type="button" className="reject" disabled={busy || text.trim().length < 10} onClick={() => void decide('reject')}>
                      Reject {targets.length}
                    </button>
                  </div>
                </div>
              ) : (
                <Empty title="Select an approval">Click a row to review it, or tick several to decide them together.</Empty>
              )
            ) : (
              <div className="muted small">Your role ({role}) can review, not decide.</div>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function ApprovalRow({ approval: a, checked, focused, canDecide, onToggle, onFocus }: { approval: ApprovalResource; checked: boolean; focused: boolean; canDecide: boolean; onToggle: () => void; onFocus: () => void }) {
  const policy = a.policies_matched[0];
  return (
    <tr className={focused ? 'selected' : ''} data-approval={a.approval_id} onClick={onFocus}>
      <td onClick={(e) => e.stopPropagation()}>{canDecide && <input type="checkbox" aria-label={`Select ${a.approval_id}`} checked={checked} onChange={onToggle} />}</td>
      <td>
        <div>{a.workflow_name}</div>
        <Link className="mono small" to={`/executions/${encodeURIComponent(a.execution_id)}${a.step_index !== undefined ? `#step-${a.step_index}` : ''}`} onClick={(e) => e.stopPropagation()}>
          {a.execution_id}
        </Link>
      </td>
      <td>{a.step_name ?? a.step_id}</td>
      <td title={a.reason}>
        {policy ? <span className="policy-chip">{policy.policy_name ?? policy.policy_id}</span> : null} <span className="small">{a.reason.length > 60 ? `${a.reason.slice(0, 60)}…` : a.reason}</span>
      </td>
      <td className="num">{formatAge(a.age_seconds)}</td>
      <td>
        <Badge value={a.sla_state === 'breached' ? 'breached' : 'ok'} title={a.sla_at ? `SLA at ${a.sla_at}` : undefined} />
      </td>
    </tr>
  );
}
