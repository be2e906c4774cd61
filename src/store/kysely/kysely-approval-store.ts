/**
 * @module ApprovalStore over Kysely: approvals joined with their run and step in one query, keyset
 * pages (oldest request first), and the sweeper's due query on `approvals_due_idx`.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Approval, ExecutionStatus, ExecutionType, Step } from '../../core/executions/index.js';
import type { Scope } from '../../core/identity/scope.js';
import type { ApprovalFilter, ApprovalPage, ApprovalStore, ApprovalView, DueApproval, ListApprovalsQuery, PendingApprovalBacklog } from '../../core/ports/approval-store.js';
import type { Database } from './database.js';
import { decodeJson } from './json.js';

type Eb = ExpressionBuilder<Database & { a: Database['approvals']; e: Database['executions'] }, 'a' | 'e'>;

interface Cursor {
  readonly r: string;
  readonly id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof value.r === 'string' && typeof value.id === 'string') return { r: value.r, id: value.id };
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION_FAILED', { summary: 'query cursor: is not a cursor this list returned' });
}

export class KyselyApprovalStore implements ApprovalStore {
  constructor(private readonly db: Kysely<Database>) {}

  #base(scope: Scope) {
    return this.db
      .selectFrom('approvals as a')
      .innerJoin('executions as e', (join) => join.onRef('e.org_id', '=', 'a.org_id').onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.execution_id', '=', 'a.execution_id'))
      .leftJoin('steps as s', (join) =>
        join.onRef('s.org_id', '=', 'a.org_id').onRef('s.tenant_id', '=', 'a.tenant_id').onRef('s.execution_id', '=', 'a.execution_id').onRef('s.step_id', '=', 'a.step_id'),
      )
      .select(['a.doc as approval_doc', 's.doc as step_doc', 'e.name as workflow_name', 'e.execution_type', 'e.status as execution_status', 'a.requested_at', 'a.approval_id'])
      .where('a.org_id', '=', scope.orgId)
      .where('a.tenant_id', '=', scope.tenantId);
  }

  async listApprovalViews(scope: Scope, query: ListApprovalsQuery): Promise<ApprovalPage> {
    let select = this.#base(scope).where((eb) => filterExpression(eb as unknown as Eb, query));
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      select = select.where((eb) => eb.or([eb('a.requested_at', '>', c.r), eb.and([eb('a.requested_at', '=', c.r), eb('a.approval_id', '>', c.id)])]));
    }
    const rows = await select.orderBy('a.requested_at', 'asc').orderBy('a.approval_id', 'asc').limit(query.limit + 1).execute();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { items: page.map(viewOf), nextCursor: rows.length > query.limit && last ? encodeCursor({ r: last.requested_at, id: last.approval_id }) : undefined };
  }

  async getApprovalView(scope: Scope, approvalId: string): Promise<ApprovalView | undefined> {
    const row = await this.#base(scope).where('a.approval_id', '=', approvalId).executeTakeFirst();
    return row ? viewOf(row) : undefined;
  }

  async findDueApprovals(now: string, limit: number): Promise<DueApproval[]> {
    const rows = await this.db
      .selectFrom('approvals')
      .select(['org_id', 'tenant_id', 'execution_id', 'approval_id', 'due_at'])
      .where('due_at', '<=', now)
      .orderBy('due_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ scope: { orgId: row.org_id, tenantId: row.tenant_id }, executionId: row.execution_id, approvalId: row.approval_id, dueAt: row.due_at as string }));
  }

  async pendingApprovalBacklog(): Promise<PendingApprovalBacklog[]> {
    const rows = await this.db
      .selectFrom('approvals as a')
      .innerJoin('executions as e', (join) => join.onRef('e.org_id', '=', 'a.org_id').onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.execution_id', '=', 'a.execution_id'))
      .select((eb) => ['e.name as workflow_name', eb.fn.countAll<number | string>().as('pending'), eb.fn.min('a.requested_at').as('oldest')])
      .where('a.status', '=', 'pending')
      .groupBy('e.name')
      .orderBy('e.name')
      .execute();
    return rows.map((row) => ({ workflowName: row.workflow_name, pending: Number(row.pending), oldestRequestedAt: row.oldest as string }));
  }
}

function viewOf(row: { approval_doc: unknown; step_doc: unknown; workflow_name: string; execution_type: string; execution_status: string }): ApprovalView {
  return {
    approval: decodeJson<Approval>(row.approval_doc),
    step: row.step_doc === null || row.step_doc === undefined ? undefined : decodeJson<Step>(row.step_doc),
    workflowName: row.workflow_name,
    executionType: row.execution_type as ExecutionType,
    executionStatus: row.execution_status as ExecutionStatus,
  };
}

function filterExpression(eb: Eb, filter: ApprovalFilter) {
  const needsNow = filter.sla !== undefined || filter.excludeLapsed;
  if (needsNow && filter.now === undefined) throw new Error('ApprovalFilter: sla and excludeLapsed need now');
  const now = filter.now ?? '';
  const parts = [];
  if (filter.statuses) parts.push(filter.statuses.length === 0 ? sql<boolean>`1 = 0` : eb('a.status', 'in', [...filter.statuses]));
  if (filter.workflowName !== undefined) parts.push(eb('e.name', '=', filter.workflowName));
  if (filter.executionType !== undefined) parts.push(eb('e.execution_type', '=', filter.executionType));
  if (filter.requestedBefore !== undefined) parts.push(eb('a.requested_at', '<=', filter.requestedBefore));
  if (filter.requestedAfter !== undefined) parts.push(eb('a.requested_at', '>=', filter.requestedAfter));
  if (filter.policyId !== undefined) {
    parts.push(
      eb.exists(
        eb
          .selectFrom('approval_policies as p')
          .select(sql`1`.as('one'))
          .whereRef('p.org_id', '=', 'a.org_id')
          .whereRef('p.tenant_id', '=', 'a.tenant_id')
          .whereRef('p.approval_id', '=', 'a.approval_id')
          .where('p.policy_id', '=', filter.policyId),
      ),
    );
  }
  const until = sql<string>`coalesce(${sql.ref('a.resolved_at')}, ${now})`;
  if (filter.sla === 'breached') parts.push(eb.and([eb('a.sla_at', 'is not', null), eb('a.sla_at', '<=', until)]));
  if (filter.sla === 'ok') parts.push(eb.or([eb('a.sla_at', 'is', null), eb('a.sla_at', '>', until)]));
  if (filter.activeRunsOnly) parts.push(eb('e.status', 'in', ['pending', 'running']));
  if (filter.excludeLapsed) parts.push(eb.or([eb('a.status', '<>', 'pending'), eb('a.expires_at', 'is', null), eb('a.expires_at', '>', now)]));
  return eb.and(parts);
}
