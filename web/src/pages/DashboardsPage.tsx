/**
 * @module Dashboards (loaded lazily, uPlot): runs by status over time, failure classes, pending
 * approvals and the oldest, provider failures and retries, connector latency p95 and errors, and
 * tokens and cost by workflow and by provider. Everything comes from public APIs: the execution
 * list and counts, the usage breakdown, the approvals list, and the details of the most recent
 * runs for call-level figures (labelled as a sample).
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type uPlot from 'uplot';
import type { AxonFlowClient } from '../../../src/sdk/axonflow-client.js';
import type { ExecutionSummary } from '../../../src/shared/executions.js';
import { useSession } from '../api/context.js';
import { UPlotChart } from '../charts/UPlotChart.js';
import { Empty, ErrorState, Loading } from '../components/States.js';
import { FAILURE_CLASSES } from '../lib/filters.js';
import { formatAge, formatCost, formatDuration, formatTokens } from '../lib/format.js';

const WINDOWS = [
  { id: '1h', ms: 3_600_000, buckets: 30 },
  { id: '24h', ms: 86_400_000, buckets: 24 },
  { id: '7d', ms: 7 * 86_400_000, buckets: 28 },
] as const;
const RUN_SAMPLE = 2000;
const DETAIL_SAMPLE = 40;
const SERIES = [
  { key: 'completed', color: '#22a06b' },
  { key: 'failed', color: '#e5484d' },
  { key: 'running', color: '#3b82f6' },
  { key: 'other', color: '#8b8d98' },
] as const;

async function runsIn(client: AxonFlowClient, start: string): Promise<{ runs: ExecutionSummary[]; total: number }> {
  const runs: ExecutionSummary[] = [];
  let cursor: string | undefined;
  let total = 0;
  do {
    const page = await client.executions.list({ start_time: start, limit: 1000, cursor });
    total = page.total;
    runs.push(...page.executions);
    cursor = page.next_cursor;
  } while (cursor && runs.length < RUN_SAMPLE);
  return { runs, total };
}

export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export default function DashboardsPage() {
  const { client } = useSession();
  const [windowId, setWindowId] = useState<(typeof WINDOWS)[number]['id']>('24h');
  const win = WINDOWS.find((w) => w.id === windowId)!;
  // Minute-aligned so the queries' keys hold still between renders.
  const start = useMemo(() => new Date(Math.floor((Date.now() - win.ms) / 60_000) * 60_000).toISOString(), [win]);

  const runs = useQuery({ queryKey: ['dash', 'runs', start], queryFn: () => runsIn(client, start), refetchInterval: 15_000 });
  const classes = useQuery({
    queryKey: ['dash', 'classes', start],
    queryFn: async () => Promise.all(FAILURE_CLASSES.map(async (c) => ({ key: c, count: await client.executions.count({ failure_class: c, start_time: start }) }))),
    refetchInterval: 15_000,
  });
  const approvals = useQuery({ queryKey: ['dash', 'approvals'], queryFn: () => client.approvals.list({ status: 'pending', limit: 100 }), refetchInterval: 5_000 });
  const byWorkflow = useQuery({ queryKey: ['dash', 'usage', 'workflow', start], queryFn: () => client.usage.breakdown('workflow', { startTime: start, endTime: new Date(Date.now() + 60_000).toISOString() }) });
  const byProvider = useQuery({ queryKey: ['dash', 'usage', 'provider', start], queryFn: () => client.usage.breakdown('provider', { startTime: start, endTime: new Date(Date.now() + 60_000).toISOString() }) });
  const sample = useQuery({
    queryKey: ['dash', 'sample', start],
    enabled: runs.data !== undefined,
    queryFn: async () => {
      const recent = (runs.data?.runs ?? []).slice(0, DETAIL_SAMPLE);
      const details = await Promise.all(recent.map((r) => client.executions.get(r.request_id).catch(() => undefined)));
      return details.filter((d) => d !== undefined);
    },
  });

  const series = useMemo(() => {
    if (!runs.data) return undefined;
    const startMs = Date.parse(start);
    const size = win.ms / win.buckets;
    const xs = Array.from({ length: win.buckets }, (_, i) => (startMs + i * size) / 1000);
    const counts = SERIES.map(() => new Array<number>(win.buckets).fill(0));
    for (const run of runs.data.runs) {
      const bucket = Math.min(win.buckets - 1, Math.max(0, Math.floor((Date.parse(run.started_at) - startMs) / size)));
      const s = run.status_detail === 'completed' ? 0 : run.status_detail === 'failed' || run.status_detail === 'aborted' ? 1 : run.status_detail === 'running' || run.status_detail === 'pending' ? 2 : 3;
      counts[s]![bucket]!++;
    }
    return [xs, ...counts] as uPlot.AlignedData;
  }, [runs.data, start, win]);

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: true } },
      axes: [{ stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,.15)' } }, { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,.15)' } }],
      series: [{}, ...SERIES.map((s) => ({ label: s.key, stroke: s.color, width: 2, fill: `${s.color}22`, points: { show: false } }))],
    }),
    [],
  );

  const calls = useMemo(() => {
    const providers = new Map<string, { calls: number; failures: number; retries: number }>();
    const connectors = new Map<string, { latencies: number[]; errors: number }>();
    for (const d of sample.data ?? []) {
      for (const step of d.steps) {
        for (const call of step.provider_calls as { provider?: string; outcome?: string }[]) {
          const p = providers.get(call.provider ?? '?') ?? { calls: 0, failures: 0, retries: 0 };
          p.calls++;
          if (call.outcome !== 'ok') p.failures++;
          providers.set(call.provider ?? '?', p);
        }
        if (step.provider && step.retry_count > 0) {
          const p = providers.get(step.provider) ?? { calls: 0, failures: 0, retries: 0 };
          p.retries += step.retry_count;
          providers.set(step.provider, p);
        }
        for (const call of step.connector_calls as { connector?: string; latency_ms?: number; outcome?: string }[]) {
          const c = connectors.get(call.connector ?? '?') ?? { latencies: [], errors: 0 };
          if (typeof call.latency_ms === 'number') c.latencies.push(call.latency_ms);
          if (call.outcome !== 'ok') c.errors++;
          connectors.set(call.connector ?? '?', c);
        }
      }
    }
    return { providers, connectors };
  }, [sample.data]);

  const pending = approvals.data?.approvals ?? [];
  const oldest = pending.reduce((max, a) => Math.max(max, a.age_seconds), 0);
  const breached = pending.filter((a) => a.sla_state === 'breached').length;

  return (
    <section className="page dashboards">
      <div className="page-head">
        <h1>Dashboards</h1>
        <div role="group" aria-label="Window" className="status-pills">
          {WINDOWS.map((w) => (
            <button key={w.id} type="button" className={`pill${w.id === windowId ? ' on' : ''}`} aria-pressed={w.id === windowId} onClick={() => setWindowId(w.id)}>
              last {w.id}
            </button>
          ))}
        </div>
      </div>
      <div className="dash-grid">
        <Panel title="Runs by status over time" wide testId="panel-runs">
          {runs.error ? <ErrorState error={runs.error} /> : !series ? <Loading what="runs" /> : runs.data!.runs.length === 0 ? <Empty title="No runs in this window." /> : (
            <>
              <UPlotChart options={options} data={series} label="Runs by status over time" />
              <div className="muted small">
                {runs.data!.runs.length.toLocaleString('en-US')} runs{runs.data!.total > runs.data!.runs.length ? ` (the newest of ${runs.data!.total.toLocaleString('en-US')})` : ''}
              </div>
            </>
          )}
        </Panel>
        <Panel title="Failure classes" testId="panel-classes">
          {classes.error ? <ErrorState error={classes.error} /> : !classes.data ? <Loading what="counts" /> : (
            <Bars items={classes.data.map((c) => ({ key: c.key, label: c.key.replaceAll('_', ' '), value: c.count, href: `/executions?failure_class=${c.key}&range=${windowId === '1h' ? '1h' : windowId}` }))} format={(n) => String(n)} />
          )}
        </Panel>
        <Panel title="Pending approvals" testId="panel-approvals">
          {approvals.error ? <ErrorState error={approvals.error} /> : !approvals.data ? <Loading what="approvals" /> : (
            <div className="big-numbers">
              <Link to="/approvals" className="big" data-testid="pending-total">
                {pending.length}
                {approvals.data.next_cursor ? '+' : ''}
                <span>pending</span>
              </Link>
              <div className="big">
                {pending.length ? formatAge(oldest) : '—'}
                <span>oldest</span>
              </div>
              <div className={`big${breached ? ' bad' : ''}`}>
                {breached}
                <span>past SLA</span>
              </div>
            </div>
          )}
        </Panel>
        <Panel title={`Provider failures and retries (last ${DETAIL_SAMPLE} runs)`} testId="panel-providers">
          {!sample.data ? <Loading what="calls" /> : calls.providers.size === 0 ? <Empty title="No provider calls." /> : (
            <table className="table compact">
              <thead>
                <tr><th>Provider</th><th className="num">Calls</th><th className="num">Failures</th><th className="num">Retries</th></tr>
              </thead>
              <tbody>
                {[...calls.providers].map(([name, p]) => (
                  <tr key={name}><td>{name}</td><td className="num">{p.calls}</td><td className={`num${p.failures ? ' bad' : ''}`}>{p.failures}</td><td className="num">{p.retries}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title={`Connector latency p95 and errors (last ${DETAIL_SAMPLE} runs)`} testId="panel-connectors">
          {!sample.data ? <Loading what="calls" /> : calls.connectors.size === 0 ? <Empty title="No connector calls." /> : (
            <table className="table compact">
              <thead>
                <tr><th>Connector</th><th className="num">Calls</th><th className="num">p95</th><th className="num">Errors</th></tr>
              </thead>
              <tbody>
                {[...calls.connectors].map(([name, c]) => (
                  <tr key={name}><td>{name}</td><td className="num">{c.latencies.length}</td><td className="num">{formatDuration(percentile(c.latencies, 95))}</td><td className={`num${c.errors ? ' bad' : ''}`}>{c.errors}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title="Cost and tokens by workflow" testId="panel-workflow">
          {byWorkflow.error ? <ErrorState error={byWorkflow.error} /> : !byWorkflow.data ? <Loading what="usage" /> : byWorkflow.data.items.length === 0 ? <Empty title="No usage in this window." /> : (
            <Bars items={byWorkflow.data.items.map((i) => ({ key: i.group_value, label: i.group_value || '(none)', value: i.cost_usd, extra: `${formatTokens(i.tokens_in + i.tokens_out)} tokens` }))} format={formatCost} />
          )}
        </Panel>
        <Panel title="Cost and tokens by provider" testId="panel-provider-usage">
          {byProvider.error ? <ErrorState error={byProvider.error} /> : !byProvider.data ? <Loading what="usage" /> : byProvider.data.items.length === 0 ? <Empty title="No usage in this window." /> : (
            <Bars items={byProvider.data.items.map((i) => ({ key: i.group_value, label: i.group_value || '(none)', value: i.cost_usd, extra: `${formatTokens(i.tokens_in + i.tokens_out)} tokens` }))} format={formatCost} />
          )}
        </Panel>
      </div>
    </section>
  );
}

function Panel({ title, children, wide, testId }: { title: string; children: React.ReactNode; wide?: boolean; testId: string }) {
  return (
    <div className={`card panel${wide ? ' wide' : ''}`} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}

function Bars({ items, format }: { items: { key: string; label: string; value: number; extra?: string; href?: string }[]; format: (n: number) => string }) {
  const max = Math.max(...items.map((i) => i.value), 0);
  return (
    <ul className="bars">
      {items.map((i) => (
        <li key={i.key} data-key={i.key} data-value={i.value}>
          <span className="bar-label">{i.href ? <Link to={i.href}>{i.label}</Link> : i.label}</span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${max ? (i.value / max) * 100 : 0}%` }} />
          </span>
          <span className="bar-value">
            {format(i.value)}
            {i.extra && <span className="muted small"> · {i.extra}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
