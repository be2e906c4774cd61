/**
 * @module Row mapping between the projection tables and domain objects. Reads decode `doc`; writes
 * fill the filter columns from the same object, so the two never disagree.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Approval, Execution, ExecutionEvent, Step, UsageRecord } from '../../core/index.js';
import type { Scope } from '../../core/identity/scope.js';
import type { ApprovalsTable, CredentialsTable, EventsTable, ExecutionsTable, StepsTable, UsageRecordsTable } from './database.js';
import { decodeJson, encodeJson } from './json.js';
import type { CredentialRecord } from '../../core/identity/credential.js';
import { isRole } from '../../core/identity/role.js';
import { approvalDueAt } from '../../core/approvals/approval-deadlines.js';

export function executionRow(execution: Execution): Insertable<ExecutionsTable> {
  return {
    org_id: execution.orgId,
    tenant_id: execution.tenantId,
    execution_id: execution.executionId,
    execution_type: execution.executionType,
    name: execution.name,
    source: execution.source,
    status: execution.status,
    trace_id: execution.traceId ?? null,
    started_at: execution.startedAt,
    completed_at: execution.completedAt ?? null,
    updated_at: execution.updatedAt,
    duration_ms: execution.durationMs ?? null,
    tokens_total: execution.tokensIn + execution.tokensOut,
    cost_usd: execution.costUsd,
    attention: execution.attention,
    failure_class: execution.failureClass ?? null,
    last_seq: execution.lastSeq,
    parent_execution_id: execution.parentExecutionId ?? null,
    doc: encodeJson(execution),
  };
}

export function stepRow(scope: Scope, step: Step): Insertable<StepsTable> {
  return {
    org_id: scope.orgId,
    tenant_id: scope.tenantId,
    execution_id: step.executionId,
    step_id: step.stepId,
    step_index: step.stepIndex,
    name: step.name,
    step_type: step.stepType,
    status: step.status,
    provider: step.provider ?? null,
    model: step.model ?? null,
    agent_id: step.agentId ?? null,
    updated_seq: step.updatedSeq,
    doc: encodeJson(step),
  };
}

export function approvalRow(scope: Scope, approval: Approval): Insertable<ApprovalsTable> {
  return {
    org_id: scope.orgId,
    tenant_id: scope.tenantId,
    approval_id: approval.approvalId,
    execution_id: approval.executionId,
    step_id: approval.stepId,
    status: approval.status,
    requested_at: approval.requestedAt,
    expires_at: approval.expiresAt ?? null,
    sla_at: approval.slaAt ?? null,
    resolved_at: approval.status === 'pending' ? null : (approval.decidedAt ?? null),
    due_at: approvalDueAt(approval) ?? null,
    updated_seq: approval.updatedSeq,
    doc: encodeJson(approval),
  };
}

export function usageRow(scope: Scope, usage: UsageRecord): Insertable<UsageRecordsTable> {
  return {
    org_id: scope.orgId,
    tenant_id: scope.tenantId,
    usage_id: usage.usageId,
    seq: usage.seq,
    execution_id: usage.executionId,
    step_id: usage.stepId ?? null,
    at: usage.at,
    workflow_name: usage.workflowName,
    agent_id: usage.agentId ?? null,
    provider: usage.provider,
    model: usage.model,
    tokens_in: usage.tokensIn,
    tokens_out: usage.tokensOut,
    tokens_cached: usage.tokensCached,
    cost_usd: usage.costUsd,
  };
}

export function usageFromRow(row: Selectable<UsageRecordsTable>): UsageRecord {
  return {
    usageId: row.usage_id,
    seq: Number(row.seq),
    executionId: row.execution_id,
    stepId: row.step_id ?? undefined,
    at: row.at,
    workflowName: row.workflow_name,
    agentId: row.agent_id ?? undefined,
    provider: row.provider,
    model: row.model,
    tokensIn: Number(row.tokens_in),
    tokensOut: Number(row.tokens_out),
    tokensCached: Number(row.tokens_cached),
    costUsd: Number(row.cost_usd),
  };
}

export function eventRow(event: ExecutionEvent): Insertable<EventsTable> {
  return {
    seq: event.seq,
    org_id: event.orgId,
    tenant_id: event.tenantId,
    execution_id: event.executionId,
    event_id: event.eventId,
    type: event.type,
    at: event.at,
    recorded_at: event.recordedAt,
    data: encodeJson(event.data),
  };
}

export function eventFromRow(row: Selectable<EventsTable>): ExecutionEvent {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    orgId: row.org_id,
    tenantId: row.tenant_id,
    executionId: row.execution_id,
    at: row.at,
    recordedAt: row.recorded_at,
    type: row.type,
    data: decodeJson(row.data),
  } as ExecutionEvent;
}

export function docOf<T>(row: { doc: unknown }): T {
  return decodeJson<T>(row.doc);
}

export function credentialFromRow(row: Selectable<CredentialsTable>): CredentialRecord {
  if (!isRole(row.role)) throw new Error(`Stored credential ${row.client_id} has unknown role ${row.role}`);
  return {
    clientId: row.client_id,
    orgId: row.org_id,
    tenantId: row.tenant_id,
    role: row.role,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    secretLookup: row.secret_lookup,
    secretHash: row.secret_hash,
  };
}
