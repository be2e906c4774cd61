/**
 * @module The executions list's filters, kept in the URL so a link reproduces the view: parsing
 * from URLSearchParams, writing back, and turning them into the list API's query and the list
 * stream's filter. Statuses are the unified words; the replay list knows four, so the three
 * terminal details (cancelled, aborted, expired) are asked as `failed` and narrowed by
 * `status_detail` on the client.
 */
import type { ATTENTION_VALUES, FAILURE_CLASS_VALUES, UNIFIED_STATUS_VALUES } from '../../../src/shared/executions.js';

export type Status = (typeof UNIFIED_STATUS_VALUES)[number];
export type FailureClass = (typeof FAILURE_CLASS_VALUES)[number];
export type Attention = (typeof ATTENTION_VALUES)[number];

// Values only (the shared module would bring zod into the bundle); the types keep them in step.
export const STATUSES: readonly Status[] = ['pending', 'running', 'completed', 'failed', 'cancelled', 'aborted', 'expired'];
export const FAILURE_CLASSES: readonly FailureClass[] = ['policy_block', 'approval_pending', 'provider_failure', 'connector_failure', 'workflow_logic_bug', 'budget_exceeded', 'cancelled'];
export const ATTENTIONS: readonly Attention[] = ['approval_pending', 'blocked', 'retrying', 'stuck', 'none'];
export const RANGE_PRESETS = [
  { id: '15m', label: 'Last 15 min', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 h', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;

export interface Filters {
  readonly status: Status[];
  readonly workflow?: string;
  /** A preset id (`1h`), `custom` with from/to, or undefined for all time. */
  readonly range?: string;
  readonly from?: string;
  readonly to?: string;
  readonly type?: 'wcp_workflow' | 'reported';
  readonly failureClass: FailureClass[];
  readonly attention: Attention[];
  readonly provider?: string;
  readonly search?: string;
}

const list = <T extends string>(value: string | null, allowed: readonly T[]): T[] =>
  (value ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
const text = (value: string | null) => (value && value.trim() ? value.trim() : undefined);

export function parseFilters(params: URLSearchParams): Filters {
  const type = params.get('type');
  return {
    status: list(params.get('status'), STATUSES),
    workflow: text(params.get('workflow')),
    range: text(params.get('range')),
    from: text(params.get('from')),
    to: text(params.get('to')),
    type: type === 'wcp_workflow' || type === 'reported' ? type : undefined,
    failureClass: list(params.get('failure_class'), FAILURE_CLASSES),
    attention: list(params.get('attention'), ATTENTIONS),
    provider: text(params.get('provider')),
    search: text(params.get('q')),
  };
}

export function filtersToParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | undefined) => value && params.set(key, value);
  set('status', filters.status.join(','));
  set('workflow', filters.workflow);
  set('range', filters.range);
  if (filters.range === 'custom') {
    set('from', filters.from);
    set('to', filters.to);
  }
  set('type', filters.type);
  set('failure_class', filters.failureClass.join(','));
  set('attention', filters.attention.join(','));
  set('provider', filters.provider);
  set('q', filters.search);
  return params;
}

/** The time window of the filters at `now`: [from, to] as RFC 3339, either open. */
export function timeWindow(filters: Filters, now = Date.now()): { start?: string; end?: string } {
  const preset = RANGE_PRESETS.find((p) => p.id === filters.range);
  if (preset) return { start: new Date(now - preset.ms).toISOString() };
  if (filters.range === 'custom') {
    const iso = (v: string | undefined) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);
    return { start: iso(filters.from), end: iso(filters.to) };
  }
  return {};
}

const REPLAY_WORD: Record<Status, 'pending' | 'running' | 'completed' | 'failed'> = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'failed',
  aborted: 'failed',
  expired: 'failed',
};

/** The replay list's query (GET /api/v1/executions) for these filters. */
export function listQuery(filters: Filters, now = Date.now()): Record<string, string | undefined> {
  const { start, end } = timeWindow(filters, now);
  const words = [...new Set(filters.status.map((s) => REPLAY_WORD[s]))];
  return {
    status: words.length ? words.join(',') : undefined,
    workflow: filters.workflow,
    start_time: start,
    end_time: end,
    execution_type: filters.type,
    failure_class: filters.failureClass.length ? filters.failureClass.join(',') : undefined,
    attention: filters.attention.length ? filters.attention.join(',') : undefined,
    provider: filters.provider,
    search: filters.search && filters.search.length >= 2 ? filters.search : undefined,
  };
}

/** Whether a row's exact status passes the status filter (the replay list answers four words). */
export function statusMatches(filters: Filters, statusDetail: string): boolean {
  return filters.status.length === 0 || (filters.status as string[]).includes(statusDetail);
}

/**
 * Whether runs the list stream reports can be added to the list as they appear: the stream
 * filters by status, workflow, failure class and type; a search, provider, attention or closed
 * time window can only be checked by the list API, so with those the live view updates rows it
 * has and a refresh brings new ones.
 */
export function liveAddable(filters: Filters): boolean {
  return !filters.search && !filters.provider && filters.attention.length === 0 && filters.range !== 'custom';
}
