/**
 * @module The executions list: filters in the URL, live updates with a pause toggle, virtualized
 * rows (10,000 stay smooth), keyboard navigation (j/k or arrows, Enter opens, / searches).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../api/context.js';
import { MAX_ROWS, useExecutions } from '../api/use-executions.js';
import { Badge, Empty, ErrorState, Loading } from '../components/States.js';
import { ATTENTIONS, FAILURE_CLASSES, type Filters, filtersToParams, parseFilters, RANGE_PRESETS, STATUSES } from '../lib/filters.js';
import { formatCost, formatDuration, formatTime, formatTokens, shortId } from '../lib/format.js';

const ROW_HEIGHT = 36;

export function ExecutionsPage() {
  const { client } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const [paused, setPaused] = useState(false);
  const list = useExecutions(client, filters, paused);
  const navigate = useNavigate();
  const [selected, setSelected] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const virtualizer = useVirtualizer({ count: list.rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  const update = (patch: Partial<Filters>) => setParams(filtersToParams({ ...filters, ...patch }), { replace: false });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, select, textarea, button, [contenteditable]')) {
        if (event.key === 'Escape') target.blur();
        return;
      }
      const move = (delta: number) => {
        event.preventDefault();
        setSelected((current) => {
          const next = Math.min(Math.max(current + delta, 0), Math.max(list.rows.length - 1, 0));
          virtualizer.scrollToIndex(next, { align: 'auto' });
          return next;
        });
      };
      if (event.key === 'j' || event.key === 'ArrowDown') move(1);
      else if (event.key === 'k' || event.key === 'ArrowUp') move(-1);
      else if (event.key === 'PageDown') move(15);
      else if (event.key === 'PageUp') move(-15);
      else if (event.key === 'Enter' && list.rows[selected]) navigate(`/executions/${encodeURIComponent(list.rows[selected].request_id)}`);
      else if (event.key === '/') {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list.rows, selected, navigate, virtualizer]);

  const now = Date.now();
  return (
    <section className="page executions">
      <div className="page-head">
        <h1>Executions</h1>
        <div className="live-controls">
          <span className={`live-dot live-${paused ? 'paused' : list.live}`} data-testid="live-state">
            {paused ? 'paused' : list.live === 'on' ? 'live' : list.live === 'connecting' ? 'connecting…' : 'offline'}
          </span>
          <button
            type="button"
            onClick={() => {
              if (paused) list.reload();
              setPaused(!paused);
            }}
            aria-pressed={paused}
          >
            {paused ? '▶ Resume live' : '❚❚ Pause live'}
          </button>
          <button type="button" onClick={list.reload}>
            Refresh
          </button>
        </div>
      </div>
      <FilterBar filters={filters} update={update} searchBox={searchBox} clear={() => setParams(new URLSearchParams())} />
      <div className="list-meta muted" data-testid="list-meta">
        {list.loading ? 'Loading…' : `${list.rows.length.toLocaleString('en-US')} shown${list.total !== undefined ? ` of ${list.total.toLocaleString('en-US')}` : ''}${list.loadingMore ? ' · loading more…' : ''}${list.total !== undefined && list.total > MAX_ROWS ? ` · the newest ${MAX_ROWS.toLocaleString('en-US')} are listed; narrow the filters for older runs` : ''}`}
        <span className="keys"> · j/k or ↑/↓ to move, Enter to open, / to search</span>
      </div>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : list.loading ? (
        <Loading what="executions" />
      ) : list.rows.length === 0 ? (
        <Empty title="No executions match these filters.">Widen the time range or clear the filters; new runs appear here as they start.</Empty>
      ) : (
        <div className="grid-table" role="table" aria-label="Executions" aria-rowcount={list.rows.length}>
          <div className="grid-row grid-head" role="row">
            {['ID', 'Workflow', 'Status', 'Failure class', 'Steps', 'Duration', 'Tokens', 'Cost', 'Started'].map((h) => (
              <div key={h} role="columnheader">
                {h}
              </div>
            ))}
          </div>
          <div className="grid-body" ref={scroller} data-testid="rows">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const run = list.rows[item.index]!;
                const duration = run.duration_ms ?? (run.completed_at ? undefined : now - Date.parse(run.started_at));
                return (
                  <div
                    key={run.request_id}
                    role="row"
                    className={`grid-row${item.index === selected ? ' selected' : ''}`}
                    aria-selected={item.index === selected}
                    data-row-index={item.index}
                    data-id={run.request_id}
                    data-status={run.status_detail}
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    onClick={() => {
                      setSelected(item.index);
                      navigate(`/executions/${encodeURIComponent(run.request_id)}`);
                    }}
                  >
                    <div role="cell" className="mono" title={run.request_id}>
                      <a href={`/ui/executions/${encodeURIComponent(run.request_id)}`} onClick={(e) => e.preventDefault()}>
                        {shortId(run.request_id)}
                      </a>
                    </div>
                    <div role="cell" title={run.workflow_name}>{run.workflow_name}</div>
                    <div role="cell">
                      <Badge value={run.status_detail} />
                      {run.attention !== 'none' && <span className="attention" title={`attention: ${run.attention}`}>{run.attention.replaceAll('_', ' ')}</span>}
                    </div>
                    <div role="cell" title={run.failure_reason}>{run.failure_class ? run.failure_class.replaceAll('_', ' ') : <span className="muted">—</span>}</div>
                    <div role="cell" className="num">{run.completed_steps}/{run.total_steps}</div>
                    <div role="cell" className="num">{formatDuration(duration)}</div>
                    <div role="cell" className="num">{formatTokens(run.total_tokens)}</div>
                    <div role="cell" className="num">{formatCost(run.total_cost_usd)}</div>
                    <div role="cell" className="num" title={run.started_at}>{formatTime(run.started_at)}</div>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function FilterBar({ filters, update, clear, searchBox }: { filters: Filters; update: (patch: Partial<Filters>) => void; clear: () => void; searchBox: React.RefObject<HTMLInputElement | null> }) {
  const toggleStatus = (s: (typeof STATUSES)[number]) => update({ status: filters.status.includes(s) ? filters.status.filter((x) => x !== s) : [...filters.status, s] });
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <div className="status-pills" role="group" aria-label="Status">
        {STATUSES.map((s) => (
          <button key={s} type="button" className={`pill${filters.status.includes(s) ? ' on' : ''}`} aria-pressed={filters.status.includes(s)} onClick={() => toggleStatus(s)}>
            {s}
          </button>
        ))}
      </div>
      <TextFilter label="Workflow" value={filters.workflow} onCommit={(v) => update({ workflow: v })} />
      <label>
        Time
        <select value={filters.range ?? ''} onChange={(e) => update({ range: e.target.value || undefined })} aria-label="Time range">
          <option value="">All time</option>
          {RANGE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {filters.range === 'custom' && (
        <>
          <label>
            From
            <input type="datetime-local" value={filters.from ?? ''} onChange={(e) => update({ from: e.target.value || undefined })} />
          </label>
          <label>
            To
            <input type="datetime-local" value={filters.to ?? ''} onChange={(e) => update({ to: e.target.value || undefined })} />
          </label>
        </>
      )}
      <label>
        Type
        <select value={filters.type ?? ''} onChange={(e) => update({ type: (e.target.value || undefined) as Filters['type'] })} aria-label="Type">
          <option value="">Any</option>
          <option value="wcp_workflow">WCP workflow</option>
          <option value="reported">Reported</option>
        </select>
      </label>
      <label>
        Failure class
        <select value={filters.failureClass.join(',')} onChange={(e) => update({ failureClass: e.target.value ? (e.target.value.split(',') as Filters['failureClass']) : [] })} aria-label="Failure class">
          <option value="">Any</option>
          {filters.failureClass.length > 1 && <option value={filters.failureClass.join(',')}>{filters.failureClass.join(', ')}</option>}
          {FAILURE_CLASSES.map((c) => (
            <option key={c} value={c}>
              {c.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label>
        Attention
        <select value={filters.attention.join(',')} onChange={(e) => update({ attention: e.target.value ? (e.target.value.split(',') as Filters['attention']) : [] })} aria-label="Attention">
          <option value="">Any</option>
          {filters.attention.length > 1 && <option value={filters.attention.join(',')}>{filters.attention.join(', ')}</option>}
          {ATTENTIONS.map((c) => (
            <option key={c} value={c}>
              {c.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <TextFilter label="Provider" value={filters.provider} onCommit={(v) => update({ provider: v })} />
      <TextFilter label="Search" value={filters.search} onCommit={(v) => update({ search: v })} inputRef={searchBox} placeholder="text in inputs, outputs, errors" />
      <button type="button" className="ghost" onClick={clear}>
        Clear
      </button>
    </form>
  );
}

function TextFilter({ label, value, onCommit, inputRef, placeholder }: { label: string; value?: string; onCommit: (v: string | undefined) => void; inputRef?: React.RefObject<HTMLInputElement | null>; placeholder?: string }) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  useEffect(() => {
    if ((draft.trim() || undefined) === value) return;
    const timer = setTimeout(() => onCommit(draft.trim() || undefined), 500);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);
  return (
    <label>
      {label}
      <input ref={inputRef} type="search" aria-label={label} value={draft} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && onCommit(draft.trim() || undefined)} />
    </label>
  );
}
