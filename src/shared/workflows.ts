/**
 * @module The Workflow Control Plane wire (AxonFlow reference §3.3): field names, status words and
 * shapes as AxonFlow's SDKs send and read them. Extra response fields are ours; clients ignore them.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

const STEP_TYPE_VALUES = ['llm_call', 'tool_call', 'connector_call', 'human_task', 'synthesis', 'action', 'gate'] as const;
export const StepTypeWire = z.enum(STEP_TYPE_VALUES).meta({ id: 'StepType' });
export const WcpStatus = z.enum(['in_progress', 'completed', 'failed', 'aborted']).meta({ id: 'WcpStatus' });
export const GateDecisionWire = z.enum(['allow', 'block', 'require_approval']).meta({ id: 'GateDecision' });
export const ApprovalStatusWire = z.enum(['pending', 'approved', 'rejected', 'expired']).meta({ id: 'ApprovalStatus' });
export const Source = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'must be 1-50 letters, digits, _ . or -')
  .meta({ description: 'The orchestrator: langgraph, langchain, crewai, external, …' });
const Tokens = z.number().int().min(0).max(1e12);
const Usd = z.number().min(0).max(1e9);
const JsonObject = z.record(z.string(), z.unknown());

export const WorkflowIdParams = z.object({ id: Id }).strict();
export const WorkflowStepParams = z.object({ id: Id, step_id: Id }).strict();

export const CreateWorkflowRequest = z
  .object({
    workflow_name: z.string().min(1).max(500),
    source: Source.optional(),
    metadata: JsonObject.optional(),
    trace_id: z.string().meta({ description: 'At most 255 characters (INVALID_TRACE_ID otherwise).' }).optional(),
    total_steps: z.number().int().min(0).max(100_000).optional().meta({ description: 'Accepted for SDK compatibility; steps are counted as they are gated.' }),
    input: z.unknown().optional(),
    parent_execution_id: Id.optional().meta({ description: 'The run this one re-runs (from a re-run request); the parent lists it under its re-runs' }),
    rerun_id: Id.optional().meta({ description: 'The re-run request this run carries out (with parent_execution_id)' }),
  })
  .strict()
  .meta({ id: 'CreateWorkflowRequest' });

export const CreateWorkflowResponse = z
  .object({
    workflow_id: z.string(),
    workflow_name: z.string(),
    source: z.string(),
    status: WcpStatus,
    created_at: Timestamp,
    trace_id: z.string().optional(),
  })
  .meta({ id: 'CreateWorkflowResponse' });

export const WorkflowStep = z
  .object({
    step_id: z.string(),
    step_index: z.number().int(),
    step_name: z.string(),
    step_type: StepTypeWire,
    status: z.string().meta({ description: 'pending | running | completed | failed | skipped | blocked | approval' }),
    decision: GateDecisionWire.optional(),
    decision_reason: z.string().optional(),
    approval_id: z.string().optional(),
    approval_status: ApprovalStatusWire.optional(),
    approved_by: z.string().optional(),
    approved_at: Timestamp.optional(),
    rejected_by: z.string().optional(),
    rejected_at: Timestamp.optional(),
    gate_checked_at: Timestamp.optional(),
    completed_at: Timestamp.optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    tokens_in: z.number(),
    tokens_out: z.number(),
    cost_usd: z.number(),
  })
  .meta({ id: 'WorkflowStep' });

export const WorkflowStatusResponse = z
  .object({
    workflow_id: z.string(),
    workflow_name: z.string(),
    source: z.string(),
    status: WcpStatus,
    current_step_index: z.number().int(),
    total_steps: z.number().int().optional(),
    started_at: Timestamp,
    completed_at: Timestamp.optional(),
    trace_id: z.string().optional(),
    metadata: JsonObject,
    attention: z.string(),
    failure_class: z.string().optional(),
    failure_reason: z.string().optional(),
    tokens_in: z.number(),
    tokens_out: z.number(),
    cost_usd: z.number(),
    steps: z.array(WorkflowStep).optional(),
  })
  .meta({ id: 'WorkflowStatusResponse' });

export const ListWorkflowsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
    status: WcpStatus.optional(),
    source: Source.optional(),
    trace_id: z.string().max(255).optional(),
  })
  .strict();

export const ListWorkflowsResponse = z
  .object({ workflows: z.array(WorkflowStatusResponse), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), has_more: z.boolean() })
  .meta({ id: 'ListWorkflowsResponse' });

export const ToolContextWire = z
  .object({
    tool_name: z.string().max(255).optional().meta({ description: 'Required when tool_context is sent (INVALID_TOOL_CONTEXT otherwise).' }),
    tool_type: z.enum(['function', 'mcp', 'api']).optional(),
    tool_input: z.unknown().optional(),
  })
  .strict();

export const StepGateRequest = z
  .object({
    step_name: z.string().min(1).max(500).optional(),
    step_type: StepTypeWire,
    step_input: z.unknown().optional(),
    model: z.string().max(200).optional(),
    provider: z.string().max(100).optional(),
    tokens_in: Tokens.optional(),
    tokens_out: Tokens.optional(),
    cost_usd: Usd.optional(),
    tool_context: ToolContextWire.optional(),
    retry_policy: z.enum(['idempotent', 'reevaluate']).optional(),
    idempotency_key: z.string().min(1).max(255).optional(),
  })
  .strict()
  .meta({ id: 'StepGateRequest' });

export const GateQuery = z.object({ include_prior_output: z.enum(['true', 'false']).optional() }).strict();

export const PolicyMatchWire = z
  .object({
    policy_id: z.string(),
    policy_name: z.string(),
    action: z.string(),
    reason: z.string().optional(),
    risk_level: z.string().optional(),
    matched_rule: z.string().optional(),
    policy_description: z.string().optional(),
    version: z.number().optional(),
  })
  .meta({ id: 'PolicyMatch' });

export const RetryContextWire = z
  .object({
    gate_count: z.number().int(),
    completion_count: z.number().int(),
    prior_completion_status: z.enum(['none', 'completed', 'gated_not_completed']),
    prior_output_available: z.boolean(),
    prior_output: z.unknown().optional(),
    prior_completion_at: Timestamp.optional(),
    first_attempt_at: Timestamp,
    last_attempt_at: Timestamp,
    last_decision: GateDecisionWire.optional(),
    idempotency_key: z.string().optional(),
  })
  .meta({ id: 'RetryContext' });

export const RedactionWire = z
  .object({
    field: z.enum(['input', 'tool_input', 'output']),
    path: z.string().meta({ description: 'JSONPath within the field' }),
    type: z.string().meta({ description: 'Detector kind: email, phone, credit_card, us_ssn, iban, ipv4, ipv6, jwt, api_key, private_key' }),
    policy_id: z.string().optional(),
  })
  .meta({ id: 'Redaction' });

export const StepGateResponse = z
  .object({
    decision: GateDecisionWire,
    step_id: z.string(),
    decision_id: z.string(),
    policy_ids: z.array(z.string()),
    reason: z.string(),
    approval_id: z.string().optional(),
    approval_url: z.string().optional(),
    approval_status: ApprovalStatusWire.optional(),
    policies_evaluated: z.array(PolicyMatchWire),
    policies_matched: z.array(PolicyMatchWire),
    cached: z.boolean().meta({ description: 'Deprecated: use decision_source.' }),
    decision_source: z.enum(['fresh', 'cached']),
    redacted: z.boolean().meta({ description: 'A redact policy masked part of step_input or tool_input before it was stored' }),
    redacted_fields: z.array(z.string()).meta({ description: 'JSONPaths in the request body that were masked' }),
    redactions: z.array(RedactionWire).optional(),
    redacted_input: z.unknown().optional().meta({ description: 'The masked step_input, when the policy says to answer with it' }),
    redacted_tool_input: z.unknown().optional(),
    retry_context: RetryContextWire,
  })
  .meta({ id: 'StepGateResponse' });

export const CompleteStepRequest = z
  .object({ output: z.unknown().optional(), tokens_in: Tokens.optional(), tokens_out: Tokens.optional(), cost_usd: Usd.optional(), idempotency_key: z.string().min(1).max(255).optional() })
  .strict()
  .optional()
  .meta({ id: 'CompleteStepRequest' });

export const ReasonRequest = z.object({ reason: z.string().max(2000).optional() }).strict().optional();
export const CompleteWorkflowRequest = z.object({ output: z.unknown().optional() }).strict().optional();

export const WorkflowActionResponse = z
  .object({ workflow_id: z.string(), status: WcpStatus, message: z.string(), reason: z.string().optional() })
  .meta({ id: 'WorkflowActionResponse' });

export const CheckpointList = z
  .object({
    workflow_id: z.string(),
    checkpoints: z.array(
      z.object({ checkpoint_id: z.string(), step_id: z.string(), step_index: z.number().int(), step_name: z.string(), step_type: StepTypeWire, completed_at: Timestamp.optional() }),
    ),
    count: z.number().int(),
  })
  .meta({ id: 'CheckpointList' });

export type WorkflowStep = z.infer<typeof WorkflowStep>;
export type StepGateRequest = z.infer<typeof StepGateRequest>;
export type StepGateResponse = z.infer<typeof StepGateResponse>;
export type WorkflowStatusResponse = z.infer<typeof WorkflowStatusResponse>;
export type CreateWorkflowRequest = z.infer<typeof CreateWorkflowRequest>;
export type CreateWorkflowResponse = z.infer<typeof CreateWorkflowResponse>;
export type ListWorkflowsResponse = z.infer<typeof ListWorkflowsResponse>;
export type WorkflowActionResponse = z.infer<typeof WorkflowActionResponse>;
export type CheckpointList = z.infer<typeof CheckpointList>;
