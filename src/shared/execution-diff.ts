/**
 * @module The run diff's wire: `GET /api/v1/executions/{a}/diff/{b}` (docs/diff.md). Steps are
 * aligned by longest common subsequence on (name, type); each row is a step of both runs
 * (`matched`) or of one (`only_a`, `only_b`). Deltas are b minus a.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const DIFF_MATCH_VALUES = ['matched', 'only_a', 'only_b'] as const;
export const STEP_CHANGE_VALUES = ['input', 'output', 'status', 'decision', 'model', 'tokens', 'cost', 'error'] as const;
export const DIVERGENCE_KIND_VALUES = ['only_in_a', 'only_in_b', 'status', 'decision'] as const;

export const DiffParams = z.object({ a: Id, b: Id }).strict();

const Delta = z.object({ a: z.number().optional(), b: z.number().optional(), delta: z.number().optional().meta({ description: 'b minus a, when both are known' }) });

export const DiffRun = z
  .object({
    execution_id: z.string(),
    workflow_name: z.string(),
    status: z.string().meta({ description: 'Unified status word' }),
    failure_class: z.string().optional(),
    failure_reason: z.string().optional(),
    started_at: Timestamp,
    duration_ms: z.number().optional(),
    total_steps: z.number().int(),
    steps_compared: z.number().int(),
    truncated: z.boolean().meta({ description: 'The run has more steps than were compared' }),
  })
  .meta({ id: 'DiffRun' });

export const DiffStepRef = z
  .object({
    step_index: z.number().int(),
    step_id: z.string(),
    step_name: z.string(),
    step_type: z.string(),
    status: z.string().meta({ description: 'pending, running, completed, failed, skipped, blocked or approval' }),
    decision: z.string().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    tool_name: z.string().optional(),
    tokens_in: z.number(),
    tokens_out: z.number(),
    cost_usd: z.number(),
    duration_ms: z.number().optional(),
    error_message: z.string().optional(),
  })
  .meta({ id: 'DiffStepRef' });

const PayloadChange = z.object({
  changed: z.boolean(),
  paths: z.array(z.string()).meta({ description: 'JSONPaths that differ (at most 20); the step input is compared as {input, tool_input}' }),
  more: z.boolean().meta({ description: 'More paths differ than listed' }),
});

export const DiffRow = z
  .object({
    match: z.enum(DIFF_MATCH_VALUES),
    index_a: z.number().int().meta({ description: 'Step index in run a; for a step only b has, the index where a continues' }),
    index_b: z.number().int(),
    a: DiffStepRef.optional(),
    b: DiffStepRef.optional(),
    changes: z.array(z.enum(STEP_CHANGE_VALUES)).meta({ description: 'Matched rows: what differs' }),
    input: PayloadChange.optional(),
    output: PayloadChange.optional(),
    deltas: z.object({ tokens_in: z.number(), tokens_out: z.number(), cost_usd: z.number(), duration_ms: z.number().optional() }).optional(),
  })
  .meta({ id: 'DiffRow' });

export const ExecutionDiff = z
  .object({
    a: DiffRun,
    b: DiffRun,
    same_trajectory: z.boolean().meta({ description: 'No step only in one run and no aligned pair with another status or gate decision' }),
    first_divergence: z
      .object({
        row: z.number().int(),
        index_a: z.number().int(),
        index_b: z.number().int(),
        kinds: z.array(z.enum(DIVERGENCE_KIND_VALUES)),
        reason: z.string(),
      })
      .nullable()
      .meta({ description: 'The first row where the trajectories part, or null' }),
    first_data_change: z
      .object({ row: z.number().int(), index_a: z.number().int(), index_b: z.number().int(), fields: z.array(z.enum(['input', 'output'])) })
      .nullable()
      .meta({ description: 'The first aligned pair whose input or output differs, or null' }),
    summary: z.object({
      status: z.object({ a: z.string(), b: z.string(), changed: z.boolean() }),
      failure_class: z.object({ a: z.string().nullable(), b: z.string().nullable(), changed: z.boolean() }),
      duration_ms: Delta,
      tokens: Delta,
      tokens_in: Delta,
      tokens_out: Delta,
      cost_usd: Delta,
      steps: Delta,
    }),
    counts: z.object({ matched: z.number().int(), changed: z.number().int(), only_a: z.number().int(), only_b: z.number().int() }),
    steps: z.array(DiffRow),
    truncated: z.boolean().meta({ description: 'A run had more steps than step_limit; only its first step_limit were compared' }),
    step_limit: z.number().int(),
  })
  .meta({ id: 'ExecutionDiff' });

export type DiffRun = z.infer<typeof DiffRun>;
export type DiffStepRef = z.infer<typeof DiffStepRef>;
export type DiffRow = z.infer<typeof DiffRow>;
export type ExecutionDiff = z.infer<typeof ExecutionDiff>;
