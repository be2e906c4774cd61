/**
 * @module The re-run wire: re-run targets (a URL and a write-only secret per workflow name of a
 * tenant), the request an operator makes (`POST /api/v1/executions/{id}/rerun`), what it answers,
 * how an original run lists its re-runs, and the signed body a target receives (the SDK's
 * `verifyRerunRequest` parses it with `RerunRequestBody`).
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { RERUN_REASON_MIN } from './vocabularies.js';

export { RERUN_REASON_MIN };

const Url = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http or https URL' })
  .max(2048)
  .meta({ description: 'Where re-run requests are POSTed (http or https); redirects are not followed' });
const Secret = z.string().min(16).max(256).meta({ description: 'HMAC-SHA256 key of `X-AxonFlow-Signature`; generated when a new target has none. Write-only' });
const TenantQuery = { tenant_id: Id.optional().meta({ description: 'Admins: another tenant of the org' }) };

export const WorkflowNameParams = z
  .object({
    workflow_name: z
      .string()
      .min(1)
      .max(255)
      // Control characters (NUL above all, which PostgreSQL text refuses) are in no workflow name a target can serve.
      .regex(/^[^\u0000-\u001f\u007f]+$/, 'may not contain control characters')
      .meta({ description: 'The workflow name, URL-encoded' }),
  })
  .strict();
export const RerunTenantQuery = z.object(TenantQuery).strict();

export const PutRerunTargetRequest = z
  .object({
    url: Url,
    secret: Secret.optional().meta({ description: 'New targets: generated when absent. Existing targets: replaces the secret (rotation); absent keeps it' }),
    description: z.string().max(2000).optional(),
  })
  .strict()
  .meta({ id: 'PutRerunTargetRequest' });

export const RerunTargetWire = z
  .object({
    workflow_name: z.string(),
    url: z.string(),
    description: z.string().optional(),
    secret_hint: z.string().meta({ description: 'The last characters of the secret' }),
    org_id: z.string(),
    tenant_id: z.string(),
    created_by: z.string(),
    updated_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'RerunTarget' });
export type RerunTargetWire = z.infer<typeof RerunTargetWire>;

export const PutRerunTargetResponse = RerunTargetWire.extend({
  secret: z.string().optional().meta({ description: 'Present when this request set the secret (given or generated): the only time it is shown' }),
}).meta({ id: 'PutRerunTargetResponse' });
export type PutRerunTargetResponse = z.infer<typeof PutRerunTargetResponse>;

export const RerunTargetList = z.object({ targets: z.array(RerunTargetWire), count: z.number().int() }).meta({ id: 'RerunTargetList' });
export type RerunTargetList = z.infer<typeof RerunTargetList>;

export const RerunExecutionRequest = z
  .object({
    reason: z
      .string()
      .trim()
      .min(RERUN_REASON_MIN, `must be at least ${RERUN_REASON_MIN} characters`)
      .max(2000)
      .meta({ description: 'Why the run is done again (at least 10 characters); sent to the target and kept on the run' }),
    from_step: z
      .union([z.number().int().min(0).max(1_000_000), Id])
      .optional()
      .meta({ description: 'The step to start from: its index (a number) or its step id (a string); it must exist in the run' }),
    input_overrides: z.record(z.string(), z.unknown()).optional().meta({ description: 'Members the application should change in the original input' }),
  })
  .strict()
  .meta({ id: 'RerunExecutionRequest' });

export const FromStepWire = z.object({ step_index: z.number().int(), step_id: z.string(), step_name: z.string() }).meta({ id: 'RerunFromStep' });

export const RerunDeliveryWire = z
  .object({
    status: z.enum(['delivered', 'failed']).meta({ description: 'delivered: the target answered 2xx' }),
    response_status: z.number().int().optional(),
    error: z.string().optional(),
    duration_ms: z.number().int(),
    at: Timestamp.optional(),
  })
  .meta({ id: 'RerunDelivery' });

export const RerunResponse = z
  .object({
    rerun_id: z.string(),
    execution_id: z.string(),
    workflow_name: z.string(),
    target_url: z.string(),
    requested_at: Timestamp,
    requested_by: z.string(),
    reason: z.string(),
    from_step: FromStepWire.optional(),
    delivery: RerunDeliveryWire,
  })
  .meta({ id: 'RerunResponse' });
export type RerunResponse = z.infer<typeof RerunResponse>;

/** One re-run of a run, as `GET /api/v1/executions/{id}` lists them. */
export const RerunWire = z
  .object({
    rerun_id: z.string(),
    requested_at: Timestamp,
    requested_by: z.string(),
    reason: z.string(),
    from_step: FromStepWire.optional(),
    target_url: z.string(),
    delivery: RerunDeliveryWire.optional().meta({ description: 'Absent when the attempt was never recorded (the server stopped in between)' }),
    execution_id: z.string().optional().meta({ description: 'The run the application started for it (parent_execution_id + rerun_id), once it exists' }),
    execution_status: z.string().optional(),
  })
  .meta({ id: 'Rerun' });
export type RerunWire = z.infer<typeof RerunWire>;

/** The body a re-run target receives, signed with `X-AxonFlow-Signature: t=…,v1=…`. Members may be added later: parse leniently. */
export const RerunRequestBody = z
  .object({
    event: z.literal('rerun.requested'),
    rerun_id: z.string().min(1),
    execution_id: z.string().min(1),
    parent_execution_id: z.string().min(1).meta({ description: 'Start the new run with this parent_execution_id (and rerun_id)' }),
    workflow_name: z.string().min(1),
    org_id: z.string(),
    tenant_id: z.string(),
    trace_id: z.string().optional(),
    from_step: FromStepWire.nullable(),
    input: z.unknown(),
    input_overrides: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string(),
    requested_by: z.string(),
    timestamp: Timestamp,
    links: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'RerunRequestBody' });
export type RerunRequestBody = z.infer<typeof RerunRequestBody>;
