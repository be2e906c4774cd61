/**
 * @module Live streams on the wire (docs/sse.md): the queries of the two SSE routes, the stream
 * token a browser trades its session for, and the data of the synthetic frames. Event frames
 * carry the stored event as `GET /api/v1/executions/{id}/events` returns it (WireEvent).
 */
import { z } from 'zod';
import type { ExecutionStatus, ExecutionType, FailureClass } from '../core/executions/vocabularies.js';
import { Timestamp } from './common.js';

const STATUS_VALUES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'aborted', 'expired'] as const satisfies readonly ExecutionStatus[];
const FAILURE_CLASS_VALUES = [
  'policy_block',
  'approval_pending',
  'provider_failure',
  'connector_failure',
  'workflow_logic_bug',
  'budget_exceeded',
  'cancelled',
] as const satisfies readonly FailureClass[];
const EXECUTION_TYPE_VALUES = ['wcp_workflow', 'reported'] as const satisfies readonly ExecutionType[];
// Both directions: a value added to a core vocabulary must be added to the filter too.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const vocabulariesCovered: [
  Same<(typeof STATUS_VALUES)[number], ExecutionStatus>,
  Same<(typeof FAILURE_CLASS_VALUES)[number], FailureClass>,
  Same<(typeof EXECUTION_TYPE_VALUES)[number], ExecutionType>,
] = [true, true, true];
void vocabulariesCovered;

/** A comma-separated list of words from `values`, e.g. `running,failed`. */
function wordList(values: readonly string[]) {
  const word = `(?:${values.join('|')})`;
  return z.string().regex(new RegExp(`^${word}(?:,${word})*$`), `must be one or more of ${values.join(', ')}, separated by commas`);
}

const LastEventId = z.coerce
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .optional()
  .meta({ description: 'Resume after this seq (for clients that cannot send the Last-Event-ID header, which wins when both are sent).' });

const StreamTokenParam = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[A-Za-z0-9_.-]+$/, 'is not a stream token')
  .optional()
  .meta({ description: 'A token from POST /api/v1/stream-tokens, instead of credential headers (EventSource cannot send headers). The cookie axonflow_stream_token works too.' });

export const ExecutionStreamQuery = z.object({ last_event_id: LastEventId, stream_token: StreamTokenParam }).strict();

export const ExecutionsStreamQuery = z
  .object({
    status: wordList(STATUS_VALUES).optional().meta({ description: `Unified statuses, comma-separated: ${STATUS_VALUES.join(', ')}` }),
    workflow: z.string().min(1).max(255).optional().meta({ description: 'The workflow (execution) name, exactly' }),
    failure_class: wordList(FAILURE_CLASS_VALUES).optional().meta({ description: `Failure classes, comma-separated: ${FAILURE_CLASS_VALUES.join(', ')}` }),
    execution_type: z.enum(EXECUTION_TYPE_VALUES).optional(),
    last_event_id: LastEventId,
    stream_token: StreamTokenParam,
  })
  .strict();

/** No fields: send `{}`. */
export const StreamTokenRequest = z.object({}).strict().optional();

export const StreamToken = z
  .object({
    token: z.string().meta({ description: 'Pass as ?stream_token= or the axonflow_stream_token cookie on the stream routes' }),
    expires_at: Timestamp,
  })
  .meta({ id: 'StreamToken' });

/** `event: execution.updated` (no id): the run's summary changed. */
export interface ExecutionUpdatedData {
  readonly execution_id: string;
  readonly status: string;
  readonly attention: string;
  readonly failure_class?: string;
  readonly failure_reason?: string;
  readonly progress_percent: number;
  readonly actual_cost_usd: number;
  readonly tokens_in: number;
  readonly tokens_out: number;
}

/** `event: cost.updated` (no id): the run's cost or tokens changed. */
export interface CostUpdatedData {
  readonly execution_id: string;
  readonly actual_cost_usd: number;
  readonly tokens_in: number;
  readonly tokens_out: number;
}

/** `event: end` (no id): the run is over; the per-run stream closes after it. */
export interface StreamEndData {
  readonly execution_id: string;
  readonly status: string;
}

export type ExecutionStreamQuery = z.infer<typeof ExecutionStreamQuery>;
export type ExecutionsStreamQuery = z.infer<typeof ExecutionsStreamQuery>;
export type StreamToken = z.infer<typeof StreamToken>;
