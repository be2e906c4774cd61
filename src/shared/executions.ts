/**
 * @module The execution APIs' wire: the replay/export surface (`/api/v1/executions`, reference §3.1)
 * and the unified surface (`/api/v1/unified/executions`, §3.2), with the filters both lists share.
 */
import { z } from 'zod';
import { RedactionWire } from './workflows.js';
import { Id, Timestamp } from './common.js';
import { RerunWire } from './reruns.js';
import { ATTENTION_VALUES, FAILURE_CLASS_VALUES } from './vocabularies.js';

const csv = <T extends string>(values: readonly [T, ...T[]], name: string) =>
  z
    .string()
    .transform((text, ctx) => {
      const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
      const bad = parts.filter((p) => !(values as readonly string[]).includes(p));
      if (bad.length > 0 || parts.length === 0) {
        ctx.addIssue({ code: 'custom', message: `${name} must be one or more of ${values.join(', ')} (comma-separated); got ${bad.join(', ') || 'nothing'}` });
        return z.NEVER;
      }
      return parts as T[];
    })
    .meta({ description: `One or more of ${values.join(', ')}, comma-separated` });

const number = () => z.coerce.number().min(0).max(1e15);

export { ATTENTION_VALUES, FAILURE_CLASS_VALUES };
export const UNIFIED_STATUS_VALUES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'aborted', 'expired'] as const;
export const REPLAY_STATUS_VALUES = ['pending', 'running', 'completed', 'failed'] as const;

/** Filters both execution lists take (beyond AxonFlow's). Unknown parameters are refused by name. */
export const executionFilterFields = {
  workflow_id: z.string().min(1).max(500).optional().meta({ description: 'Workflow name (AxonFlow matches workflow_id against the name)' }),
  workflow: z.string().min(1).max(500).optional().meta({ description: 'Workflow name' }),
  execution_type: z.enum(['wcp_workflow', 'reported']).optional(),
  start_time: Timestamp.optional().meta({ description: 'Started at or after (RFC 3339)' }),
  end_time: Timestamp.optional().meta({ description: 'Started at or before (RFC 3339)' }),
  failure_class: csv(FAILURE_CLASS_VALUES, 'failure_class').optional(),
  attention: csv(ATTENTION_VALUES, 'attention').optional(),
  provider: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(200).optional(),
  agent: Id.optional(),
  trace_id: z.string().min(1).max(255).optional(),
  source: z.string().min(1).max(50).optional(),
  metadata: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}=[^,]*(,[A-Za-z0-9_-]{1,100}=[^,]*)*$/, 'must be key=value pairs, comma-separated (keys: letters, digits, _ and -)')
    .optional()
    .meta({ description: 'key=value[,key=value…]: metadata must match every pair' }),
  min_cost_usd: number().optional(),
  max_cost_usd: number().optional(),
  min_tokens: number().optional(),
  max_tokens: number().optional(),
  min_duration_ms: number().optional(),
  max_duration_ms: number().optional(),
  search: z.string().min(2, 'search needs at least 2 characters').max(200).optional().meta({ description: 'Text in any step input, output or error (case-insensitive, any language; 2+ characters)' }),
  sort: z.enum(['started_at', 'duration', 'cost']).optional().meta({ description: 'Default started_at' }),
  order: z.enum(['asc', 'desc']).optional().meta({ description: 'Default desc' }),
  cursor: z.string().min(1).max(500).optional().meta({ description: 'next_cursor of the previous page (keyset pagination)' }),
  tenant_id: Id.optional().meta({ description: "Another tenant of the caller's org (admins)" }),
};

export const ReplayListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    status: csv(REPLAY_STATUS_VALUES, 'status').optional(),
    ...executionFilterFields,
  })
  .strict();

export const UnifiedListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    status: csv(UNIFIED_STATUS_VALUES, 'status').optional(),
    ...executionFilterFields,
  })
  .strict();

export const CountQuery = z.object({ status: csv(UNIFIED_STATUS_VALUES, 'status').optional(), ...executionFilterFields }).strict();

export const ExecutionParams = z.object({ id: Id }).strict();
export const StepIndexParams = z.object({ id: Id, index: z.coerce.number().int().min(0).max(1_000_000) }).strict();
export const TenantOnlyQuery = z.object({ tenant_id: Id.optional() }).strict();

const flag = z.enum(['true', 'false']).optional();
export const ExportQuery = z
  .object({
    format: z
      .enum(['json', 'ndjson', 'csv', 'html', 'bundle'])
      .default('json')
      .meta({ description: "json: AxonFlow's export (default); ndjson: every event; csv: one row per step; html: printable review report; bundle: signed evidence tar.gz (docs/exports.md)" }),
    include_input: flag,
    include_output: flag,
    include_policies: flag,
    tenant_id: Id.optional(),
  })
  .strict();

export const TimelineQuery = z
  .object({ format: z.enum(['steps', 'events']).default('steps').meta({ description: 'steps: AxonFlow TimelineEntry[]; events: every event for a waterfall' }), tenant_id: Id.optional() })
  .strict();

export const CancelRequest = z.object({ reason: z.string().min(1).max(2000).optional() }).strict().optional();
export const DeleteQuery = z.object({ reason: z.string().min(1).max(2000).optional(), tenant_id: Id.optional() }).strict();

const PolicyEvent = z.object({ policy_id: z.string(), policy_name: z.string().optional(), action: z.string(), matched: z.string().optional(), resolution: z.string().optional() });

export const ExecutionSummary = z
  .object({
    request_id: z.string(),
    workflow_name: z.string(),
    status: z.enum(REPLAY_STATUS_VALUES),
    status_detail: z.string(),
    execution_type: z.string(),
    total_steps: z.number().int(),
    completed_steps: z.number().int(),
    started_at: Timestamp,
    completed_at: Timestamp.optional(),
    duration_ms: z.number().optional(),
    total_tokens: z.number(),
    total_cost_usd: z.number(),
    org_id: z.string(),
    tenant_id: z.string(),
    user_id: z.string().optional(),
    input_summary: z.unknown().optional(),
    output_summary: z.unknown().optional(),
    error_message: z.string().optional(),
    trace_id: z.string().optional(),
    parent_execution_id: z.string().optional().meta({ description: 'The run this one re-runs (or, for reported runs, its parent)' }),
    rerun_id: z.string().optional().meta({ description: 'The re-run of parent_execution_id this run carries out' }),
    attention: z.string(),
    failure_class: z.string().optional(),
    failure_reason: z.string().optional(),
    failure_step: z.string().optional(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'ExecutionSummary' });

export const ExecutionSnapshot = z
  .object({
    id: z.number().int(),
    request_id: z.string(),
    step_index: z.number().int(),
    step_id: z.string(),
    step_name: z.string(),
    step_type: z.string(),
    status: z.enum(['pending', 'running', 'completed', 'failed', 'paused']),
    status_detail: z.string(),
    started_at: Timestamp.optional(),
    completed_at: Timestamp.optional(),
    duration_ms: z.number().optional(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    tokens_in: z.number(),
    tokens_out: z.number(),
    cost_usd: z.number(),
    policies_checked: z.array(z.string()).nullable(),
    policies_triggered: z.array(PolicyEvent).nullable(),
    redactions: z.array(RedactionWire).meta({ description: 'Where input, tool input and output were masked: paths and kinds, never values' }),
    error_message: z.string().optional(),
    retry_count: z.number().int(),
    agent_id: z.string().optional(),
    parent_step_id: z.string().optional(),
    approval_status: z.string().optional(),
    approved_by: z.string().optional(),
    rejected_by: z.string().optional(),
    attempts: z.array(z.record(z.string(), z.unknown())),
    provider_calls: z.array(z.record(z.string(), z.unknown())),
    connector_calls: z.array(z.record(z.string(), z.unknown())),
    created_at: Timestamp,
  })
  .meta({ id: 'ExecutionSnapshot' });

export const ReplayExecution = z
  .object({ summary: ExecutionSummary, steps: z.array(ExecutionSnapshot), reruns: z.array(RerunWire).optional().meta({ description: 'Re-runs asked for, oldest first (absent when none)' }) })
  .meta({ id: 'ReplayExecution' });

export const ReplayList = z
  .object({ executions: z.array(ExecutionSummary), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), has_more: z.boolean(), next_cursor: z.string().optional() })
  .meta({ id: 'ReplayList' });

export const TimelineEntry = z
  .object({
    step_index: z.number().int(),
    step_id: z.string(),
    step_name: z.string(),
    step_type: z.string(),
    status: z.string(),
    started_at: Timestamp.optional(),
    completed_at: Timestamp.optional(),
    duration_ms: z.number().optional(),
    has_error: z.boolean(),
    has_approval: z.boolean(),
    decision: z.string().optional(),
    attempts: z.number().int(),
  })
  .meta({ id: 'TimelineEntry' });

export const TimelineItem = z
  .object({
    seq: z.number().int(),
    at: Timestamp,
    offset_ms: z.number(),
    type: z.string(),
    step_id: z.string().optional(),
    step_index: z.number().int().optional(),
    summary: z.string(),
    duration_ms: z.number().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineItem' });

export const EventTimeline = z
  .object({ execution_id: z.string(), started_at: Timestamp, completed_at: Timestamp.optional(), items: z.array(TimelineItem), truncated: z.boolean() })
  .meta({ id: 'EventTimeline' });

export const CountResponse = z.object({ count: z.number().int() }).meta({ id: 'CountResponse' });

export type ExecutionSummary = z.infer<typeof ExecutionSummary>;
export type ExecutionSnapshot = z.infer<typeof ExecutionSnapshot>;
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type TimelineItem = z.infer<typeof TimelineItem>;
