/** @module ExecutionStore over Kysely: the append transaction and the projection reads. */
import type { Kysely } from 'kysely';
import type { Approval, Execution, ExecutionEvent, Step, UsageRecord } from '../../core/index.js';
import type { Scope } from '../../core/identity/scope.js';
import type {
  AppendRequest,
  AppendResult,
  ExecutionPage,
  ExecutionStore,
  ListExecutionsQuery,
  ReadEventsQuery,
} from '../../core/ports/execution-store.js';
import { type AppendContext, appendEvents } from './append-events.js';
import type { Database } from './database.js';
import { docOf, eventFromRow, usageFromRow } from './rows.js';

/** Attempts per append when a concurrent writer created the same run or event first. */
const APPEND_ATTEMPTS = 3;
const MAX_EVENTS_PER_READ = 10_000;

export class KyselyExecutionStore implements ExecutionStore {
  readonly #db: Kysely<Database>;
  readonly #ctx: AppendContext;
  readonly #isUniqueViolation: (error: unknown) => boolean;

  constructor(db: Kysely<Database>, ctx: AppendContext, isUniqueViolation: (error: unknown) => boolean) {
    this.#db = db;
    this.#ctx = ctx;
    this.#isUniqueViolation = isUniqueViolation;
  }

  async append(scope: Scope, request: AppendRequest): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction().execute((trx) => appendEvents(trx, this.#ctx, scope, request));
      } catch (error) {
        if (attempt < APPEND_ATTEMPTS && this.#isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  async getExecution(scope: Scope, executionId: string): Promise<Execution | undefined> {
    const row = await this.#db
      .selectFrom('executions')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .executeTakeFirst();
    return row ? docOf<Execution>(row) : undefined;
  }

  async getExecutions(scope: Scope, executionIds: readonly string[]): Promise<Execution[]> {
    const found: Execution[] = [];
    for (let i = 0; i < executionIds.length; i += 500) {
      const rows = await this.#db
        .selectFrom('executions')
        .select('doc')
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('execution_id', 'in', executionIds.slice(i, i + 500))
        .execute();
      for (const row of rows) found.push(docOf<Execution>(row));
    }
    return found;
  }

  async listExecutions(scope: Scope, query: ListExecutionsQuery): Promise<ExecutionPage> {
    let base = this.#db.selectFrom('executions').where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId);
    if (query.statuses && query.statuses.length > 0) base = base.where('status', 'in', query.statuses);
    if (query.executionType) base = base.where('execution_type', '=', query.executionType);
    if (query.source) base = base.where('source', '=', query.source);
    if (query.traceId) base = base.where('trace_id', '=', query.traceId);
    const rows = await base
      .select('doc')
      .orderBy('started_at', 'desc')
      .orderBy('execution_id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return { executions: rows.map((row) => docOf<Execution>(row)), total: Number(count.n) };
  }

  async listSteps(scope: Scope, executionId: string): Promise<Step[]> {
    const rows = await this.#db
      .selectFrom('steps')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .orderBy('step_index')
      .execute();
    return rows.map((row) => docOf<Step>(row));
  }

  async getStep(scope: Scope, executionId: string, stepId: string): Promise<Step | undefined> {
    const row = await this.#db
      .selectFrom('steps')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .where('step_id', '=', stepId)
      .executeTakeFirst();
    return row ? docOf<Step>(row) : undefined;
  }

  async getApproval(scope: Scope, approvalId: string): Promise<Approval | undefined> {
    const row = await this.#db
      .selectFrom('approvals')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('approval_id', '=', approvalId)
      .executeTakeFirst();
    return row ? docOf<Approval>(row) : undefined;
  }

  async listApprovals(scope: Scope, executionId: string): Promise<Approval[]> {
    const rows = await this.#db
      .selectFrom('approvals')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .orderBy('requested_at')
      .orderBy('approval_id')
      .execute();
    return rows.map((row) => docOf<Approval>(row));
  }

  async listUsage(scope: Scope, executionId: string): Promise<UsageRecord[]> {
    const rows = await this.#db
      .selectFrom('usage_records')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', executionId)
      .orderBy('seq')
      .execute();
    return rows.map(usageFromRow);
  }

  async findEvents(scope: Scope, executionId: string, eventIds: readonly string[]): Promise<ExecutionEvent[]> {
    const found: ExecutionEvent[] = [];
    for (let i = 0; i < eventIds.length; i += 500) {
      const rows = await this.#db
        .selectFrom('events')
        .selectAll()
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('execution_id', '=', executionId)
        .where('event_id', 'in', eventIds.slice(i, i + 500))
        .execute();
      for (const row of rows) found.push(eventFromRow(row));
    }
    return found;
  }

  async readEvents(scope: Scope, query: ReadEventsQuery): Promise<ExecutionEvent[]> {
    let q = this.#db
      .selectFrom('events')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('seq', '>', query.afterSeq ?? 0);
    if (query.executionId !== undefined) q = q.where('execution_id', '=', query.executionId);
    const rows = await q
      .orderBy('seq')
      .limit(Math.min(query.limit ?? MAX_EVENTS_PER_READ, MAX_EVENTS_PER_READ))
      .execute();
    return rows.map(eventFromRow);
  }
}
