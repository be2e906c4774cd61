/**
 * @module Two runs side by side (`/ui/executions/{a}/diff/{b}`, from `client.executions.diff`): the
 * run totals with deltas, the first divergence, the aligned steps, and for the selected row
 * (`#row-N` in the URL) both steps' inputs and outputs with the JSON paths that changed.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { DiffRow, ExecutionDiff } from '../../../src/shared/execution-diff.js';
import { useSession } from '../api/context.js';
import { DiffTable, signed } from '../components/DiffTable.js';
import { JsonView } from '../components/JsonView.js';
import { Badge, Empty, ErrorState, Loading } from '../components/States.js';
import { formatCost, formatDuration, formatTime, formatTokens, shortId } from '../lib/format.js';

export function DiffPage() {
  const { a = '', b = '' } = useParams();
  const { client } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const diff = useQuery({ queryKey: ['diff', a, b], queryFn: () => client.executions.diff(a, b) });
  const hashRow = /^#row-(\d+)$/.exec(location.hash);
  const selected = hashRow ? Number(hashRow[1]) : diff.data?.first_divergence?.row;

  if (diff.isLoading) return <Loading what="the diff" />;
  if (diff.error) return <ErrorState error={diff.error} retry={() => void diff.refetch()} />;
  if (!diff.data) return <Empty title="Nothing to compare." />;
  const d = diff.data;
  const row = selected !== undefined ? d.steps[selected] : undefined;

  return (
    <section className="page diff">
      <div className="page-head">
        <div>
          <Link to={`/executions/${encodeURIComponent(a)}`} className="muted small">
            ← Run A
          </Link>
          <h1>
            Diff · {d.a.workflow_name}
            {d.b.workflow_name !== d.a.workflow_name && ` / ${d.b.workflow_name}`}
          </h1>
        </div>
        <Link className="small" to={`/executions/${encodeURIComponent(b)}/diff/${encodeURIComponent(a)}`}>
          ⇄ Swap A and B
        </Link>
      </div>
      <Totals diff={d} />
      <Divergence diff={d} />
      <h2>
        Steps <span className="muted small">aligned by name and type · {d.counts.matched} in both, {d.counts.only_a} only in A, {d.counts.only_b} only in B</span>
      </h2>
      {d.truncated && <div className="state state-error">Only the first {d.step_limit.toLocaleString('en-US')} steps of each run were compared.</div>}
      {d.steps.length === 0 ? <Empty title="Neither run has steps." /> : <DiffTable diff={d} selected={selected} onSelect={(i) => navigate({ hash: `row-${i}` }, { replace: true })} />}
      {row && <RowDetail a={a} b={b} row={row} />}
    </section>
  );
}

function Totals({ diff: d }: { diff: ExecutionDiff }) {
  const s = d.summary;
  const run = (side: 'a' | 'b') => (
    <Link to={`/executions/${encodeURIComponent(d[side].execution_id)}`} className="mono" title={d[side].execution_id}>
      {shortId(d[side].execution_id)}
    </Link>
  );
  const rows: [string, React.ReactNode, React.ReactNode, string, boolean][] = [
    ['Status', <Badge value={s.status.a} />, <Badge value={s.status.b} />, s.status.changed ? 'changed' : '', s.status.changed],
    ['Failure class', s.failure_class.a?.replaceAll('_', ' ') ?? 'healthy', s.failure_class.b?.replaceAll('_', ' ') ?? 'healthy', s.failure_class.changed ? 'changed' : '', s.failure_class.changed],
    ['Started', formatTime(d.a.started_at), formatTime(d.b.started_at), '', false],
    ['Duration', formatDuration(s.duration_ms.a), formatDuration(s.duration_ms.b), signed(s.duration_ms.delta, formatDuration), false],
    ['Steps', String(s.steps.a ?? '—'), String(s.steps.b ?? '—'), signed(s.steps.delta, String), s.steps.delta !== 0],
    ['Tokens', formatTokens(s.tokens.a), formatTokens(s.tokens.b), signed(s.tokens.delta, formatTokens), false],
    ['Cost', formatCost(s.cost_usd.a), formatCost(s.cost_usd.b), signed(s.cost_usd.delta, formatCost), false],
  ];
  return (
    <table className="table compact diff-totals" aria-label="Run totals">
      <thead>
        <tr>
          <th />
          <th>A {run('a')}</th>
          <th>B {run('b')}</th>
          <th className="num">Δ (B − A)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, va, vb, delta, changed]) => (
          <tr key={name} className={changed ? 'changed' : ''} data-field={name}>
            <th className="muted">{name}</th>
            <td>{va}</td>
            <td>{vb}</td>
            <td className="num">{delta}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Divergence({ diff: d }: { diff: ExecutionDiff }) {
  const f = d.first_divergence;
  if (!f) {
    return (
      <div className="state state-ok" data-testid="first-divergence" data-kind="none">
        Same trajectory: every step is in both runs with the same status and gate decision.
        {d.first_data_change && ` Inputs or outputs first differ at step ${d.first_data_change.index_a}.`}
      </div>
    );
  }
  return (
    <div className="state state-error diverged-banner" data-testid="first-divergence" data-kind={f.kinds.join(',')} data-row={f.row}>
      <strong>First divergence</strong> at step {f.index_a} of A / {f.index_b} of B: {f.reason}
    </div>
  );
}

function RowDetail({ a, b, row }: { a: string; b: string; row: DiffRow }) {
  const { client } = useSession();
  const stepA = useQuery({ queryKey: ['execution-step', a, row.a?.step_index], queryFn: () => client.executions.step(a, row.a!.step_index), enabled: row.a !== undefined });
  const stepB = useQuery({ queryKey: ['execution-step', b, row.b?.step_index], queryFn: () => client.executions.step(b, row.b!.step_index), enabled: row.b !== undefined });
  const side = (name: 'A' | 'B', id: string, ref: DiffRow['a'], q: typeof stepA) => (
    <div className="diff-side" data-side={name}>
      <h3>
        {name}:{' '}
        {ref ? (
          <Link to={`/executions/${encodeURIComponent(id)}#step-${ref.step_index}`}>
            #{ref.step_index} {ref.step_name}
          </Link>
        ) : (
          <span className="muted">no such step in this run</span>
        )}
      </h3>
      {ref && (
        <>
          <div className="small muted">
            {ref.decision && <>gate {ref.decision} · </>}
            {ref.provider ? `${ref.provider}/${ref.model ?? '?'} · ` : ''}
            {formatTokens(ref.tokens_in)} / {formatTokens(ref.tokens_out)} tokens · {formatCost(ref.cost_usd)} · {formatDuration(ref.duration_ms)}
          </div>
          {ref.error_message && <div className="state state-error small">{ref.error_message}</div>}
          {q.error ? (
            <ErrorState error={q.error} />
          ) : !q.data ? (
            <Loading what="the step" />
          ) : (
            <>
              <h4>Input</h4>
              <JsonView value={q.data.input} expandDepth={2} label={`Input ${name}`} />
              <h4>Output</h4>
              <JsonView value={q.data.output} expandDepth={2} label={`Output ${name}`} />
            </>
          )}
        </>
      )}
    </div>
  );
  return (
    <div className="card diff-detail" data-testid="diff-detail">
      {(row.input?.changed || row.output?.changed) && (
        <div className="small diff-paths">
          {(['input', 'output'] as const).map((field) =>
            row[field]?.changed ? (
              <div key={field}>
                {field} changed at{' '}
                {row[field]!.paths.map((p) => (
                  <code key={p} className="change-path">
                    {p}
                  </code>
                ))}
                {row[field]!.more && ' …'}
              </div>
            ) : null,
          )}
        </div>
      )}
      <div className="diff-sides">
        {side('A', a, row.a, stepA)}
        {side('B', b, row.b, stepB)}
      </div>
    </div>
  );
}
