/**
 * @module One run: summary cards, the waterfall, the step inspector (#step-N in the URL selects a
 * step), and the actions the role allows (approve / reject with a justification, cancel with a
 * reason, export). While the run goes on, its stream (SDK `streams.execution`) refreshes the view.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { ExecutionSnapshot, TimelineItem } from '../../../src/shared/executions.js';
import { useSession } from '../api/context.js';
import { roleAtLeast } from '../api/session.js';
import { JsonView } from '../components/JsonView.js';
import { Badge, Empty, ErrorState, errorText, Loading } from '../components/States.js';
import { Waterfall } from '../components/Waterfall.js';
import { RerunDialog } from '../components/RerunDialog.js';
import { RerunList } from '../components/RerunList.js';
import { CompareWith } from '../components/CompareWith.js';
import { ExportMenu } from '../components/ExportMenu.js';
import { buildWaterfall } from '../components/waterfall-model.js';
import { formatCost, formatDuration, formatTime, formatTokens } from '../lib/format.js';

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'aborted', 'expired']);

export function ExecutionDetailPage() {
  const { id = '' } = useParams();
  const { client, role } = useSession();
  const queryClient = useQueryClient();
  const location = useLocation();
  const navigate = useNavigate();
  const run = useQuery({ queryKey: ['execution', id], queryFn: () => client.executions.get(id) });
  const timeline = useQuery({ queryKey: ['timeline', id], queryFn: () => client.executions.eventTimeline(id) });
  const status = run.data?.summary.status_detail;
  const running = status !== undefined && !TERMINAL.has(status);
  const [liveFrames, setLiveFrames] = useState(0);

  // Live while the run is going: every frame refreshes the run and its timeline (at most every 300 ms).
  useEffect(() => {
    if (!running) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: ['execution', id] });
        void queryClient.invalidateQueries({ queryKey: ['timeline', id] });
      }, 300);
    };
    (async () => {
      try {
        for await (const frame of client.streams.execution(id, { signal: abort.signal })) {
          if (frame.event === 'snapshot') continue;
          setLiveFrames((n) => n + 1);
          refresh();
        }
        refresh();
      } catch {
        // The page still shows what was read; a reload resumes.
      }
    })();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [client, id, running, queryClient]);

  const hashStep = /^#step-(\d+)$/.exec(location.hash);
  const selected = hashStep ? Number(hashStep[1]) : undefined;
  const select = (index: number) => navigate({ hash: `step-${index}` }, { replace: true });

  const now = Date.now();
  const model = useMemo(() => {
    if (!timeline.data || !run.data) return undefined;
    const summary = run.data.summary;
    const span = summary.duration_ms ?? (summary.completed_at ? Date.parse(summary.completed_at) - Date.parse(summary.started_at) : now - Date.parse(summary.started_at));
    return buildWaterfall(timeline.data.items, span);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeline.data, run.data]);

  useEffect(() => {
    if (selected !== undefined) document.getElementById(`step-${selected}`)?.scrollIntoView({ block: 'nearest' });
  }, [selected, run.data]);

  if (run.isLoading) return <Loading what="the execution" />;
  if (run.error) return <ErrorState error={run.error} retry={() => void run.refetch()} />;
  if (!run.data) return <Empty title="No such execution." />;
  const { summary, steps } = run.data;
  const items = timeline.data?.items ?? [];
  const pendingApprovals = openApprovals(items);
  const progress = summary.total_steps ? Math.round((summary.completed_steps / summary.total_steps) * 100) : 0;
  const duration = summary.duration_ms ?? (summary.completed_at ? undefined : now - Date.parse(summary.started_at));
  const step = selected !== undefined ? steps.find((s) => s.step_index === selected) : undefined;

  return (
    <section className="page detail">
      <div className="page-head">
        <div>
          <Link to="/executions" className="muted small">
            ← Executions
          </Link>
          <h1>
            {summary.workflow_name} <span className="mono muted small">{summary.request_id}</span>
          </h1>
          {summary.parent_execution_id && (
            <div className="small" data-testid="parent-run">
              {summary.rerun_id ? 're-run of ' : 'child of '}
              <Link to={`/executions/${encodeURIComponent(summary.parent_execution_id)}`} className="mono">
                {summary.parent_execution_id}
              </Link>
            </div>
          )}
          <CompareWith id={id} workflow={summary.workflow_name} />
        </div>
        <div>
          <Actions id={id} status={summary.status_detail} role={role} pendingApprovals={pendingApprovals} onDone={() => void Promise.all([run.refetch(), timeline.refetch()])} />
          {TERMINAL.has(summary.status_detail) && roleAtLeast(role, 'operator') && <RerunDialog executionId={id} steps={steps} onDone={() => void Promise.all([run.refetch(), timeline.refetch()])} />}
        </div>
      </div>
      {running && (
        <div className="live-banner" data-testid="live-banner">
          <span className="live-dot live-on">live</span> following this run · {liveFrames} event{liveFrames === 1 ? '' : 's'} received
        </div>
      )}
      <div className="cards">
        <Card title="Status">
          <Badge value={summary.status_detail} />
          {summary.attention !== 'none' && <div className="attention">{summary.attention.replaceAll('_', ' ')}</div>}
        </Card>
        <Card title="Failure class">
          {summary.failure_class ? (
            <>
              <strong data-testid="failure-class">{summary.failure_class.replaceAll('_', ' ')}</strong>
              <div className="small">{summary.failure_reason ?? summary.error_message}</div>
              {summary.failure_step && <div className="small muted">at step {summary.failure_step}</div>}
            </>
          ) : (
            <span className="muted">healthy</span>
          )}
        </Card>
        <Card title="Duration">{formatDuration(duration)}</Card>
        <Card title="Tokens">{formatTokens(summary.total_tokens)}</Card>
        <Card title="Cost">{formatCost(summary.total_cost_usd)}</Card>
        <Card title="Progress">
          <div data-testid="progress">
            {summary.completed_steps}/{summary.total_steps} steps · {progress}%
          </div>
          <div className="progress">
            <div style={{ width: `${progress}%` }} />
          </div>
        </Card>
      </div>
      {run.data.reruns && (
        <>
          <h2>Re-runs</h2>
          <RerunList reruns={run.data.reruns} />
        </>
      )}
      <h2>Waterfall</h2>
      {timeline.error ? <ErrorState error={timeline.error} /> : !model ? <Loading what="the timeline" /> : <Waterfall model={model} selected={selected} onSelect={select} />}
      <div className="detail-split">
        <div className="step-list" role="listbox" aria-label="Steps">
          {steps.length === 0 && <Empty title="No steps yet." />}
          {steps.map((s) => (
            <button key={s.step_id} id={`step-${s.step_index}`} type="button" role="option" aria-selected={s.step_index === selected} className={`step-item${s.step_index === selected ? ' selected' : ''}`} onClick={() => select(s.step_index)}>
              <span className="wf-index">#{s.step_index}</span> {s.step_name} <Badge value={s.status_detail} />
              <span className="muted small">{s.step_type.replaceAll('_', ' ')}</span>
            </button>
          ))}
        </div>
        <div className="inspector">{step ? <StepInspector step={step} items={items.filter((i) => i.step_id === step.step_id)} /> : <Empty title="Select a step">Click a bar in the waterfall or a step on the left; the link (#step-N) selects it.</Empty>}</div>
      </div>
      <h2>Events</h2>
      <ol className="events">
        {items.map((i) => (
          <li key={i.seq} data-type={i.type}>
            <span className="mono muted">+{formatDuration(i.offset_ms)}</span> <span className="event-type">{i.type}</span> {i.summary}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="card summary-card">
      <div className="card-title">{title}</div>
      <div className="card-body">{children}</div>
    </div>
  );
}

interface OpenApproval {
  readonly approvalId: string;
  readonly stepId: string;
  readonly reason: string;
}

/** Approvals requested in the timeline and not yet decided or expired. */
export function openApprovals(items: readonly TimelineItem[]): OpenApproval[] {
  const open = new Map<string, OpenApproval>();
  for (const item of items) {
    const data = item.data as { approval_id?: string; reason?: string };
    if (!data.approval_id) continue;
    if (item.type === 'approval.requested') open.set(data.approval_id, { approvalId: data.approval_id, stepId: item.step_id ?? '', reason: data.reason ?? '' });
    else if (item.type === 'approval.decided' || item.type === 'approval.expired') open.delete(data.approval_id);
  }
  return [...open.values()];
}

function Actions({ id, status, role, pendingApprovals, onDone }: { id: string; status: string; role: Parameters<typeof roleAtLeast>[0]; pendingApprovals: OpenApproval[]; onDone: () => void }) {
  const { client } = useSession();
  const [mode, setMode] = useState<'approve' | 'reject' | 'cancel'>();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const terminal = TERMINAL.has(status);
  const approval = pendingApprovals[0];
  const needed = mode === 'cancel' ? 3 : 10;

  async function submit() {
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'approve' && approval) await client.approvals.approve(approval.approvalId, text.trim());
      if (mode === 'reject' && approval) await client.approvals.reject(approval.approvalId, text.trim());
      if (mode === 'cancel') await client.unified.cancel(id, text.trim());
      setNotice(mode === 'approve' ? 'Approved.' : mode === 'reject' ? 'Rejected.' : 'Cancel requested.');
      setMode(undefined);
      setText('');
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="actions">
      <div className="action-buttons">
        {approval && roleAtLeast(role, 'approver') && (
          <>
            <button type="button" className="approve" onClick={() => setMode('approve')}>
              Approve
            </button>
            <button type="button" className="reject" onClick={() => setMode('reject')}>
              Reject
            </button>
          </>
        )}
        {!terminal && roleAtLeast(role, 'operator') && (
          <button type="button" className="danger" onClick={() => setMode('cancel')}>
            Cancel run
          </button>
        )}
        {roleAtLeast(role, 'operator') && <ExportMenu id={id} />}
        {!roleAtLeast(role, 'operator') && <span className="muted small">read-only ({role})</span>}
      </div>
      {mode && (
        <div className="card action-form" role="dialog" aria-label={`${mode} form`}>
          {mode !== 'cancel' && approval && <div className="small">Approval for step {approval.stepId}: {approval.reason}</div>}
          <label>
            {mode === 'cancel' ? 'Reason' : 'Justification'} <span className="muted small">({mode === 'cancel' ? 'required' : 'at least 10 characters'})</span>
            <textarea aria-label={mode === 'cancel' ? 'Reason' : 'Justification'} value={text} onChange={(e) => setText(e.target.value)} rows={3} />
          </label>
          {text.trim().length < needed && <div className="muted small">{needed - text.trim().length} more characters</div>}
          <div className="action-buttons">
            <button type="button" className={mode === 'approve' ? 'approve' : 'danger'} disabled={busy || text.trim().length < needed} onClick={() => void submit()}>
              {busy ? 'Processing…' : mode === 'approve' ? 'Confirm approve' : mode === 'reject' ? 'Confirm reject' : 'Confirm cancel'}
            </button>
            <button type="button" className="ghost" onClick={() => setMode(undefined)}>
              Back
            </button>
          </div>
        </div>
      )}
      {error && (
        <div className="state state-error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="state state-ok" role="status">
          {notice}
        </div>
      )}
    </div>
  );
}

interface PolicyEvaluated {
  policy_id: string;
  policy_name?: string;
  action?: string;
  severity?: string;
  reason?: string;
  matched_rule?: string;
}

function StepInspector({ step, items }: { step: ExecutionSnapshot; items: TimelineItem[] }) {
  const gate = [...items].reverse().find((i) => i.type === 'step.gated')?.data as { decision?: string; reason?: string; policies_evaluated?: PolicyEvaluated[]; policies_matched?: PolicyEvaluated[] } | undefined;
  const matched = new Set((gate?.policies_matched ?? []).map((p) => p.policy_id));
  const evaluated = gate?.policies_evaluated ?? [];
  const paths = step.redactions.map((r) => String((r as { path?: string }).path ?? '')).filter(Boolean);
  const failures = items.filter((i) => i.type === 'step.attempt_failed' || i.type === 'step.failed');
  return (
    <div className="step-inspector" data-testid="step-inspector" data-step={step.step_index}>
      <h3>
        #{step.step_index} {step.step_name} <Badge value={step.status_detail} />
      </h3>
      <dl className="facts">
        <dt>Type</dt>
        <dd>{step.step_type.replaceAll('_', ' ')}</dd>
        <dt>Provider</dt>
        <dd>{step.provider ? `${step.provider} / ${step.model ?? '?'}` : '—'}</dd>
        <dt>Tokens</dt>
        <dd>
          {formatTokens(step.tokens_in)} in · {formatTokens(step.tokens_out)} out
        </dd>
        <dt>Cost</dt>
        <dd>{formatCost(step.cost_usd)}</dd>
        <dt>Latency</dt>
        <dd>{formatDuration(step.duration_ms)}</dd>
        <dt>Started</dt>
        <dd>{formatTime(step.started_at)}</dd>
        <dt>Attempts</dt>
        <dd>{Math.max(step.attempts.length, step.retry_count + 1)}</dd>
        {step.approval_status && (
          <>
            <dt>Approval</dt>
            <dd>
              {step.approval_status}
              {step.approved_by ? ` by ${step.approved_by}` : step.rejected_by ? ` by ${step.rejected_by}` : ''}
            </dd>
          </>
        )}
      </dl>
      {step.error_message && <div className="state state-error">{step.error_message}</div>}
      <h4>Gate decision {gate?.decision && <Badge value={gate.decision} />}</h4>
      {gate?.reason && <p className="small">{gate.reason}</p>}
      <table className="policies">
        <thead>
          <tr>
            <th>Policy</th>
            <th>Action</th>
            <th>Matched</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {evaluated.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {step.policies_checked?.length ? `Checked: ${step.policies_checked.join(', ')}` : 'No policies evaluated.'}
              </td>
            </tr>
          )}
          {evaluated.map((p) => (
            <tr key={p.policy_id} className={matched.has(p.policy_id) ? 'matched' : ''} data-matched={matched.has(p.policy_id)}>
              <td title={p.matched_rule}>{p.policy_name ?? p.policy_id}</td>
              <td>{p.action}</td>
              <td>{matched.has(p.policy_id) ? 'yes' : 'no'}</td>
              <td>{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Input</h4>
      <JsonView value={step.input} redactedPaths={paths} label="Step input" expandDepth={2} />
      <h4>Output</h4>
      <JsonView value={step.output} redactedPaths={paths} label="Step output" expandDepth={2} />
      {step.redactions.length > 0 && (
        <>
          <h4>Redactions</h4>
          <JsonView value={step.redactions} expandDepth={0} label="Redactions" />
        </>
      )}
      {(failures.length > 0 || step.attempts.length > 0) && (
        <>
          <h4>Attempts</h4>
          <ul className="attempts">
            {failures.map((f) => (
              <li key={f.seq} className="attempt-failed">
                <span className="mono muted">+{formatDuration(f.offset_ms)}</span> {f.summary}
              </li>
            ))}
          </ul>
          {step.attempts.length > 0 && <JsonView value={step.attempts} expandDepth={0} label="Attempts" />}
        </>
      )}
      <h4>Provider calls</h4>
      {step.provider_calls.length ? <JsonView value={step.provider_calls} expandDepth={1} label="Provider calls" /> : <div className="muted small">none</div>}
      <h4>Connector calls</h4>
      {step.connector_calls.length ? <JsonView value={step.connector_calls} expandDepth={1} label="Connector calls" /> : <div className="muted small">none</div>}
    </div>
  );
}
