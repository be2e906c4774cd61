/**
 * @module The approvals wire: AxonFlow's WCP approve / reject / pending routes (reference §3.3),
 * and our inbox under `/api/v1/approvals` (filters, SLA state, bulk decisions).
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { ApprovalStatusWire, GateDecisionWire, PolicyMatchWire, RetryContextWire, StepTypeWire, WcpStatus } from './workflows.js';

const APPROVAL_STATUS_LIST = /^(pending|approved|rejected|expired)(,(pending|approved|rejected|expired))*$/;
const DURATION = /^(?:\d+(?:ms|s|m|h))+$/;

/** AxonFlow: a justification of at least 10 characters once trimmed. */
const Justification = z.string().trim().min(10, 'must be at least 10 characters once trimmed').max(2000);
const DeciderName = z.string().min(1).max(255).meta({ description: 'Admins only: record the decision in this name (default: the caller’s client id); DECIDER_OVERRIDE_FORBIDDEN otherwise' });

export const SlaStateWire = z.enum(['ok', 'breached']).meta({ id: 'SlaState', description: '`breached`: the SLA time passed before the approval was resolved (before now while pending)' });
export const OnRejectWire = z.enum(['abort', 'fail']).meta({ id: 'OnReject' });

export const ApproveRequest = z.object({ comment: Justification, approved_by: DeciderName.optional() }).strict().meta({ id: 'ApproveRequest' });
export const RejectRequest = z.object({ reason: Justification, rejected_by: DeciderName.optional() }).strict().meta({ id: 'RejectRequest' });

export const ApprovalIdParams = z.object({ id: Id }).strict();

/** AxonFlow's `ApprovalResponse` (WCP approve/reject); `comment` and `on_reject` are ours. */
export const ApprovalResponse = z
  .object({
    workflow_id: z.string(),
    step_id: z.string(),
    status: WcpStatus.meta({ description: 'The workflow’s status after the decision' }),
    decision: GateDecisionWire.meta({ description: 'The step’s decision now: allow once approved, block once rejected' }),
    reason: z.string(),
    approval_status: ApprovalStatusWire,
    approval_id: z.string(),
    approved_by: z.string().optional(),
    approved_at: Timestamp.optional(),
    rejected_by: z.string().optional(),
    rejected_at: Timestamp.optional(),
    comment: z.string().optional(),
    on_reject: OnRejectWire,
    policies_matched: z.array(PolicyMatchWire),
    retry_context: RetryContextWire,
    message: z.string().meta({ description: '"Step approved", "Step rejected, workflow aborted" or "Step rejected, workflow failed"' }),
  })
  .meta({ id: 'ApprovalResponse' });

export const PendingApprovalsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

export const PendingApproval = z
  .object({
    workflow_id: z.string(),
    workflow_name: z.string(),
    step_id: z.string(),
    step_index: z.number().int(),
    step_name: z.string(),
    step_type: StepTypeWire,
    decision: GateDecisionWire,
    decision_reason: z.string(),
    policies_matched: z.array(PolicyMatchWire),
    step_input: z.unknown(),
    approval_status: ApprovalStatusWire,
    created_at: Timestamp,
    approval_id: z.string(),
    expires_at: Timestamp.optional(),
    sla_at: Timestamp.optional(),
    sla_state: SlaStateWire,
  })
  .meta({ id: 'PendingApproval' });

export const PendingApprovalsResponse = z
  .object({ pending_approvals: z.array(PendingApproval).meta({ description: 'Oldest first; always an array' }), count: z.number().int() })
  .meta({ id: 'PendingApprovalsResponse' });

/** The filters of the inbox list, also usable as a bulk selection. */
const filterFields = {
  status: z.string().regex(APPROVAL_STATUS_LIST, 'must be pending, approved, rejected or expired, comma-separated').optional(),
  workflow: z.string().min(1).max(500).optional().meta({ description: 'The workflow name, exactly' }),
  policy_id: z.string().min(1).max(128).optional().meta({ description: 'Approvals one of whose requesting policies is this one' }),
  older_than: z.string().regex(DURATION, 'must be a duration such as 30m, 4h or 1h30m').optional().meta({ description: 'Requested at least this long ago' }),
  newer_than: z.string().regex(DURATION, 'must be a duration such as 30m, 4h or 1h30m').optional().meta({ description: 'Requested at most this long ago' }),
  sla: SlaStateWire.optional(),
};

export const ListApprovalsQuery = z
  .object({
    ...filterFields,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(1000).optional().meta({ description: 'next_cursor of the previous page' }),
  })
  .strict();

export const ApprovalFilterWire = z.object(filterFields).strict().meta({ id: 'ApprovalFilter' });

export const ApprovalResource = z
  .object({
    approval_id: z.string(),
    status: ApprovalStatusWire,
    execution_id: z.string().meta({ description: 'The run (its workflow_id on the WCP surface)' }),
    workflow_name: z.string(),
    execution_type: z.string(),
    execution_status: z.string().meta({ description: 'The run’s status (pending | running | completed | failed | cancelled | aborted | expired)' }),
    step_id: z.string(),
    step_index: z.number().int().optional(),
    step_name: z.string().optional(),
    step_type: StepTypeWire.optional(),
    step_input: z.unknown().optional(),
    reason: z.string(),
    policy_ids: z.array(z.string()),
    policies_matched: z.array(PolicyMatchWire),
    on_reject: OnRejectWire,
    requested_at: Timestamp,
    age_seconds: z.number().int(),
    expires_at: Timestamp.optional(),
    sla_at: Timestamp.optional(),
    sla_state: SlaStateWire,
    sla_breached_at: Timestamp.optional().meta({ description: 'When approval.sla_breached was recorded' }),
    decided_by: z.string().optional(),
    decided_at: Timestamp.optional().meta({ description: 'When it was approved, rejected or expired' }),
    comment: z.string().optional().meta({ description: 'The approval comment or rejection reason' }),
  })
  .meta({ id: 'Approval' });

export const ApprovalList = z
  .object({ approvals: z.array(ApprovalResource), count: z.number().int(), next_cursor: z.string().optional() })
  .meta({ id: 'ApprovalList' });

export const BULK_APPROVAL_MAX = 500;

export const BulkApprovalRequest = z
  .object({
    action: z.enum(['approve', 'reject']),
    ids: z.array(Id).min(1).max(100_000).optional().meta({ description: `Approval ids; at most ${BULK_APPROVAL_MAX} (BULK_LIMIT_EXCEEDED). Exactly one of ids and filter.` }),
    filter: ApprovalFilterWire.optional().meta({ description: 'Selects pending, unexpired approvals of runs still going; status is ignored' }),
    comment: z.string().max(2000).optional().meta({ description: 'approve: at least 10 characters once trimmed' }),
    reason: z.string().max(2000).optional().meta({ description: 'reject: at least 10 characters once trimmed' }),
    dry_run: z.boolean().default(false).meta({ description: 'Only report which approvals would be decided' }),
  })
  .strict()
  .meta({ id: 'BulkApprovalRequest' });

export const BulkApprovalItem = z
  .object({
    approval_id: z.string(),
    ok: z.boolean(),
    status: ApprovalStatusWire.optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'BulkApprovalItem' });

export const BulkApprovalResponse = z
  .object({
    action: z.enum(['approve', 'reject']),
    dry_run: z.boolean(),
    count: z.number().int().meta({ description: 'Approvals decided (dry run: that would be)' }),
    ids: z.array(z.string()),
    results: z.array(BulkApprovalItem).optional().meta({ description: 'Per requested approval, in order; absent in a dry run' }),
    failed: z.number().int().optional(),
  })
  .meta({ id: 'BulkApprovalResponse' });

export type ApproveRequest = z.infer<typeof ApproveRequest>;
export type RejectRequest = z.infer<typeof RejectRequest>;
export type ApprovalResponse = z.infer<typeof ApprovalResponse>;
export type PendingApproval = z.infer<typeof PendingApproval>;
export type PendingApprovalsResponse = z.infer<typeof PendingApprovalsResponse>;
export type ApprovalResource = z.infer<typeof ApprovalResource>;
export type ApprovalList = z.infer<typeof ApprovalList>;
export type ApprovalFilterWire = z.infer<typeof ApprovalFilterWire>;
export type BulkApprovalRequest = z.input<typeof BulkApprovalRequest>;
export type BulkApprovalResponse = z.infer<typeof BulkApprovalResponse>;
