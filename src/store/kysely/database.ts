/**
 * @module The one table schema both adapters share (Kysely types). Projection tables keep the
 * columns lists filter and sort on, plus `doc`: the whole domain object as JSON, so a read is
 * one row and a new domain field needs no migration unless something filters on it.
 * JSON columns are jsonb on PostgreSQL and text on SQLite; reads accept both forms.
 */
import type { ColumnType } from 'kysely';

/** Written as JSON text; read back as text (SQLite) or an already-parsed value (PostgreSQL). */
export type JsonColumn = ColumnType<unknown, string, string>;
/** 64-bit integers: PostgreSQL bigint arrives as a string unless the pool parses it. */
export type Int64 = ColumnType<number, number, number>;

export interface OrgsTable {
  org_id: string;
  created_at: string;
}

export interface TenantsTable {
  org_id: string;
  tenant_id: string;
  created_at: string;
}

export interface CredentialsTable {
  client_id: string;
  org_id: string;
  tenant_id: string;
  role: string;
  name: string | null;
  secret_lookup: string;
  secret_hash: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
}

export interface EventSeqTable {
  id: number;
  value: Int64;
}

export interface EventsTable {
  seq: Int64;
  org_id: string;
  tenant_id: string;
  execution_id: string;
  event_id: string;
  type: string;
  at: string;
  recorded_at: string;
  data: JsonColumn;
}

export interface ExecutionsTable {
  org_id: string;
  tenant_id: string;
  execution_id: string;
  execution_type: string;
  name: string;
  source: string;
  status: string;
  trace_id: string | null;
  started_at: string;
  completed_at: string | null;
  updated_at: string;
  duration_ms: number | null;
  tokens_total: Int64;
  cost_usd: number;
  attention: string;
  failure_class: string | null;
  last_seq: Int64;
  /** 0012: how a run's re-runs (and sub-runs) are found. */
  parent_execution_id: string | null;
  doc: JsonColumn;
}

export interface StepsTable {
  org_id: string;
  tenant_id: string;
  execution_id: string;
  step_id: string;
  step_index: number;
  name: string;
  step_type: string;
  status: string;
  provider: string | null;
  model: string | null;
  agent_id: string | null;
  updated_seq: Int64;
  doc: JsonColumn;
}

/** Each step's searchable text. On SQLite an FTS5 table whose rowid is the step row's rowid. */
export interface StepSearchTable {
  org_id: string;
  tenant_id: string;
  execution_id: string;
  step_id: string;
  body: string;
}

export interface ApprovalsTable {
  org_id: string;
  tenant_id: string;
  approval_id: string;
  execution_id: string;
  step_id: string;
  status: string;
  requested_at: string;
  expires_at: string | null;
  /** 0008 */
  sla_at: string | null;
  resolved_at: string | null;
  due_at: string | null;
  updated_seq: Int64;
  doc: JsonColumn;
}

/** 0008: the policies that asked for each approval. */
export interface ApprovalPoliciesTable {
  org_id: string;
  tenant_id: string;
  approval_id: string;
  policy_id: string;
  execution_id: string;
}

export interface UsageRecordsTable {
  org_id: string;
  tenant_id: string;
  usage_id: string;
  seq: Int64;
  execution_id: string;
  step_id: string | null;
  at: string;
  workflow_name: string;
  agent_id: string | null;
  provider: string;
  model: string;
  tokens_in: Int64;
  tokens_out: Int64;
  tokens_cached: Int64;
  cost_usd: number;
}

/** 0010: every row is a link of its tenant's hash chain (docs/audit.md). */
export interface AuditLogTable {
  org_id: string;
  tenant_id: string;
  seq: Int64;
  audit_id: string;
  at: string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  execution_id: string | null;
  details: JsonColumn;
  prev_hash: string;
  hash: string;
}

/** 0010: where each tenant's audit chain ends; its row lock serialises the tenant's audit writers. */
export interface AuditChainHeadsTable {
  org_id: string;
  tenant_id: string;
  seq: Int64;
  hash: string;
}

export interface Database {
  orgs: OrgsTable;
  tenants: TenantsTable;
  credentials: CredentialsTable;
  event_seq: EventSeqTable;
  events: EventsTable;
  executions: ExecutionsTable;
  steps: StepsTable;
  step_search: StepSearchTable;
  approvals: ApprovalsTable;
  approval_policies: ApprovalPoliciesTable;
  usage_records: UsageRecordsTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
}
