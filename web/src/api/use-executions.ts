/**
 * @module The executions list as a hook: the first page fast (the first rows show at once), then
 * the rest by cursor up to MAX_ROWS; and, unless paused, live updates from the list stream (SDK
 * `streams.executions`): rows it names are re-read (at most once a second each) and patched, runs
 * that appear are added on top when the filters allow the stream to vouch for them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExecutionSummary } from '../../../src/shared/executions.js';
import type { AxonFlowClient } from '../../../src/sdk/axonflow-client.js';
import { type Filters, listQuery, liveAddable, statusMatches, timeWindow } from '../lib/filters.js';

export const MAX_ROWS = 10_000;
const FIRST_PAGE = 100;
const PAGE = 1000;

export interface ExecutionsList {
  readonly rows: ExecutionSummary[];
  readonly total?: number;
  readonly loading: boolean;
  readonly loadingMore: boolean;
  readonly error?: unknown;
  /** Frames the live stream delivered (shown as activity). */
  readonly liveEvents: number;
  readonly live: 'off' | 'connecting' | 'on';
  reload(): void;
}

const WORD: Record<string, ExecutionSummary['status']> = { pending: 'pending', running: 'running', completed: 'completed' };

export function useExecutions(client: AxonFlowClient, filters: Filters, paused: boolean): ExecutionsList {
  const [rows, setRows] = useState<ExecutionSummary[]>([]);
  const [total, setTotal] = useState<number>();
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  const [liveEvents, setLiveEvents] = useState(0);
  const [live, setLive] = useState<'off' | 'connecting' | 'on'>('off');
  const key = JSON.stringify(filters);
  const known = useRef(new Set<string>());

  // The list: first page, then the rest.
  useEffect(() => {
    const abort = new AbortController();
    const query = listQuery(filters);
    const keep = (list: ExecutionSummary[]) => list.filter((r) => statusMatches(filters, r.status_detail));
    setLoading(true);
    setError(undefined);
    (async () => {
      try {
        const first = await client.executions.list({ ...query, limit: FIRST_PAGE });
        if (abort.signal.aborted) return;
        let all = keep(first.executions);
        known.current = new Set(all.map((r) => r.request_id));
        setRows(all);
        setTotal(first.total);
        setLoading(false);
        let cursor = first.next_cursor;
        if (!cursor) return;
        setLoadingMore(true);
        while (cursor && all.length < MAX_ROWS && !abort.signal.aborted) {
          const page = await client.executions.list({ ...query, limit: PAGE, cursor });
          if (abort.signal.aborted) return;
          const fresh = keep(page.executions).filter((r) => !known.current.has(r.request_id));
          for (const r of fresh) known.current.add(r.request_id);
          all = [...all, ...fresh];
          setRows((current) => [...current, ...fresh]);
          cursor = page.next_cursor;
        }
      } catch (e) {
        if (!abort.signal.aborted) {
          setError(e);
          setLoading(false);
        }
      } finally {
        if (!abort.signal.aborted) setLoadingMore(false);
      }
    })();
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, generation]);

  // Live updates.
  useEffect(() => {
    if (paused) {
      setLive('off');
      return;
    }
    const abort = new AbortController();
    const dirty = new Set<string>();
    const addable = liveAddable(filters);
    const { start } = timeWindow(filters);
    const flush = async () => {
      const ids = [...dirty].slice(0, 25);
      for (const id of ids) dirty.delete(id);
      const fetched = await Promise.all(ids.map((id) => client.executions.get(id).then((r) => r.summary).catch(() => undefined)));
      if (abort.signal.aborted) return;
      const updates = fetched.filter((s): s is ExecutionSummary => s !== undefined);
      if (updates.length === 0) return;
      setRows((current) => {
        const byId = new Map(updates.map((u) => [u.request_id, u]));
        const next = current.map((r) => byId.get(r.request_id) ?? r);
        const present = new Set(current.map((r) => r.request_id));
        const added = updates.filter(
          (u) => !present.has(u.request_id) && addable && statusMatches(filters, u.status_detail) && (!start || u.started_at >= start) && (!filters.failureClass.length || (u.failure_class !== undefined && (filters.failureClass as string[]).includes(u.failure_class))),
        );
        for (const a of added) known.current.add(a.request_id);
        if (added.length) setTotal((t) => (t === undefined ? t : t + added.length));
        return added.length ? [...added.sort((a, b) => b.started_at.localeCompare(a.started_at)), ...next] : next;
      });
    };
    const timer = setInterval(() => void flush(), 1000);
    setLive('connecting');
    (async () => {
      try {
        const stream = client.streams.executions(
          { status: filters.status.length ? filters.status : undefined, workflow: filters.workflow, failureClass: filters.failureClass.length ? filters.failureClass : undefined, executionType: filters.type },
          { signal: abort.signal },
        );
        for await (const frame of stream) {
          setLive('on');
          if (frame.event === 'snapshot') continue;
          setLiveEvents((n) => n + 1);
          const data = frame.data as { execution_id?: string; status?: string; attention?: string; failure_class?: string; actual_cost_usd?: number; tokens_in?: number; tokens_out?: number };
          const id = data?.execution_id;
          if (!id) continue;
          if (frame.event === 'execution.updated' || frame.event === 'cost.updated') {
            setRows((current) =>
              current.some((r) => r.request_id === id)
                ? current.map((r) =>
                    r.request_id !== id
                      ? r
                      : {
                          ...r,
                          ...(data.status ? { status_detail: data.status, status: WORD[data.status] ?? 'failed' } : {}),
                          ...(data.attention ? { attention: data.attention } : {}),
                          ...(frame.event === 'execution.updated' ? { failure_class: data.failure_class ?? undefined } : {}),
                          ...(data.actual_cost_usd !== undefined ? { total_cost_usd: data.actual_cost_usd } : {}),
                          ...(data.tokens_in !== undefined ? { total_tokens: (data.tokens_in ?? 0) + (data.tokens_out ?? 0) } : {}),
                        },
                  )
                : current,
            );
          }
          if (known.current.has(id) || addable) dirty.add(id);
        }
      } catch {
        // Stream refused (4xx): the list still works; the indicator says live is off.
      } finally {
        if (!abort.signal.aborted) setLive('off');
      }
    })();
    return () => {
      abort.abort();
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, paused]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { rows, total, loading, loadingMore, error, liveEvents, live, reload };
}
