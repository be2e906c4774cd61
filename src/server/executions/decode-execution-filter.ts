/**
 * @module Turns the execution list query (either surface) into the store's filter. Surface-specific
 * status words are mapped to internal statuses by the caller; everything else is shared.
 */
import type { Attention, ExecutionStatus, FailureClass } from '../../core/executions/index.js';
import type { ExecutionFilter, ListExecutionsQuery } from '../../core/ports/execution-store.js';
import type { ReplayListQuery } from '../../shared/executions.js';
import type { z } from 'zod';

type WireFilter = Omit<z.infer<typeof ReplayListQuery>, 'status' | 'limit' | 'offset'>;

function range(min: number | undefined, max: number | undefined) {
  return min === undefined && max === undefined ? undefined : { min, max };
}

export function decodeFilter(query: WireFilter, statuses: readonly ExecutionStatus[] | undefined, stuckBefore: string): ExecutionFilter {
  return {
    statuses,
    executionType: query.execution_type,
    name: query.workflow ?? query.workflow_id,
    source: query.source,
    traceId: query.trace_id,
    failureClasses: query.failure_class as FailureClass[] | undefined,
    attention: query.attention as Attention[] | undefined,
    stuckBefore,
    provider: query.provider,
    model: query.model,
    agentId: query.agent,
    metadata: query.metadata?.split(',').map((pair) => {
      const at = pair.indexOf('=');
      return { key: pair.slice(0, at), value: pair.slice(at + 1) };
    }),
    costUsd: range(query.min_cost_usd, query.max_cost_usd),
    tokens: range(query.min_tokens, query.max_tokens),
    durationMs: range(query.min_duration_ms, query.max_duration_ms),
    startedFrom: query.start_time ? new Date(query.start_time).toISOString() : undefined,
    startedTo: query.end_time ? new Date(query.end_time).toISOString() : undefined,
    search: query.search,
  };
}

export function decodeListQuery(query: WireFilter & { limit: number; offset: number }, statuses: readonly ExecutionStatus[] | undefined, stuckBefore: string): ListExecutionsQuery {
  return {
    ...decodeFilter(query, statuses, stuckBefore),
    limit: query.limit,
    offset: query.offset,
    cursor: query.cursor,
    sort: { field: query.sort ?? 'started_at', direction: query.order ?? 'desc' },
  };
}
