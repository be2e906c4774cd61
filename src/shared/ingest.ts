/**
 * @module Event ingestion for orchestrators that report what happened instead of asking a gate.
 * Items are validated one by one, so a bad item is answered alone and the rest are kept.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Source, StepTypeWire } from './workflows.js';

const Tokens = z.number().int().min(0).max(1e12);
const Usd = z.number().min(0).max(1e9);
const Ms = z.number().min(0).max(1e9);
const ErrorInfo = z
  .object({
    message: z.string().min(1).max(10_000),
    type: z.string().max(200).optional(),
    code: z.string().max(200).optional(),
    source: z.enum(['provider', 'connector', 'step']).optional().meta({ description: 'What failed; drives failure classification (default step).' }),
  })
  .strict();
const Outcome = z.enum(['ok', 'error']);
const Tool = z.object({ name: z.string().min(1).max(255), type: z.string().max(50).optional(), input: z.unknown().optional() }).strict();

const base = { event_id: Id, execution_id: Id, at: Timestamp.optional() };

export const IngestEvent = z
  .discriminatedUnion('type', [
    z
      .object({
        ...base,
        type: z.literal('execution.started'),
        workflow_name: z.string().min(1).max(500),
        source: Source.optional(),
        trace_id: z.string().max(255).optional(),
        metadata: z.record(z.string(), z.unknown()).optional(),
        input: z.unknown().optional(),
        parent_execution_id: Id.optional(),
        rerun_id: Id.optional().meta({ description: 'The re-run of parent_execution_id this run carries out' }),
        total_steps: z.number().int().min(0).max(100_000).optional(),
        user_id: z.string().max(255).optional(),
      })
      .strict(),
    z.object({ ...base, type: z.literal('execution.completed'), output: z.unknown().optional() }).strict(),
    z.object({ ...base, type: z.literal('execution.failed'), error: ErrorInfo, step_id: Id.optional() }).strict(),
    z
      .object({
        ...base,
        type: z.literal('step.started'),
        step_id: Id,
        step_name: z.string().min(1).max(500).optional(),
        step_type: StepTypeWire.optional(),
        input: z.unknown().optional(),
        agent_id: Id.optional(),
        parent_step_id: Id.optional(),
        provider: z.string().max(100).optional(),
        model: z.string().max(200).optional(),
        tool: Tool.optional(),
      })
      .strict(),
    z
      .object({
        ...base,
        type: z.literal('step.completed'),
        step_id: Id,
        output: z.unknown().optional(),
        tokens_in: Tokens.optional(),
        tokens_out: Tokens.optional(),
        cost_usd: Usd.optional(),
        provider: z.string().max(100).optional(),
        model: z.string().max(200).optional(),
      })
      .strict(),
    z.object({ ...base, type: z.literal('step.failed'), step_id: Id, error: ErrorInfo }).strict(),
    z
      .object({
        ...base,
        type: z.literal('llm.call'),
        step_id: Id.optional(),
        provider: z.string().min(1).max(100),
        model: z.string().min(1).max(200),
        tokens_in: Tokens,
        tokens_out: Tokens,
        tokens_cached: Tokens.optional(),
        latency_ms: Ms,
        status: Outcome,
        error: z.string().max(10_000).optional(),
        cost_usd: Usd.optional().meta({ description: 'When absent, priced from the price table.' }),
      })
      .strict(),
    z.object({ ...base, type: z.literal('retry.attempt'), step_id: Id, attempt: z.number().int().min(1).max(10_000), error: ErrorInfo, backoff_ms: Ms.optional() }).strict(),
    z
      .object({
        ...base,
        type: z.literal('connector.call'),
        step_id: Id.optional(),
        connector: z.string().min(1).max(200),
        operation: z.string().min(1).max(200),
        latency_ms: Ms,
        status: Outcome,
        error: z.string().max(10_000).optional(),
        error_type: z.string().max(200).optional(),
      })
      .strict(),
    z.object({ ...base, type: z.literal('agent.handoff'), step_id: Id, agent_id: Id, parent_step_id: Id.optional(), step_name: z.string().min(1).max(500).optional() }).strict(),
  ])
  .meta({ id: 'IngestEvent' });

export const MAX_BATCH_EVENTS = 1000;
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

export const IngestRequest = z
  .object({
    events: z
      .array(z.unknown())
      .min(1)
      .max(MAX_BATCH_EVENTS)
      .meta({ description: 'Up to 1,000 IngestEvent items (5 MiB per request). Each is validated on its own.' }),
  })
  .strict()
  .meta({ id: 'IngestRequest' });

export const IngestItemResult = z
  .object({
    index: z.number().int(),
    event_id: z.string().optional(),
    execution_id: z.string().optional(),
    status: z.enum(['accepted', 'duplicate', 'rejected']),
    seq: z.number().int().optional(),
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).optional(),
  })
  .meta({ id: 'IngestItemResult' });

export const IngestResponse = z
  .object({ accepted: z.number().int(), duplicates: z.number().int(), rejected: z.number().int(), results: z.array(IngestItemResult) })
  .meta({ id: 'IngestResponse' });

export type IngestEvent = z.infer<typeof IngestEvent>;
export type IngestResponse = z.infer<typeof IngestResponse>;
