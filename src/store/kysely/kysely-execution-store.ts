/** @module ExecutionStore over Kysely: the append transaction and the projection reads. */
import type { Kysely } from 'kysely';
import type { Approval, Execution, ExecutionEvent, Step, UsageRecord } from '../../core/index.js';
import type { Scope } from '../../core/identity/scope.js';
import type {
  AppendRequest,
  AppendResult,
  ExecutionFilter,
  ExecutionPage,
  ExecutionStore,
  ListExecutionsQuery,
  ReadEventsQuery,
  ReadStepsQuery,
} from '../../core/ports/execution-store.js';
import { type AppendContext, appendEvents } from './append-events.js';
import type { Database } from './database.js';
import { afterCursor, decodeCursor, encodeCursor, filterExpression, sortExpression } from './execution-query.js';
import { docOf, eventFromRow, usageFromRow } from './rows.js';
import type { StoreDialect } from './store-dialect.js';

/** Attempts per append when a concurrent writer created the same run or event first. */
const APPEND_ATTEMPTS = 3;
const MAX_EVENTS_PER_READ = 10_000;
const MAX_STEPS_PER_READ = 1_000;

/** The run reads and writes; deletion and audit live in kysely-audit.ts. */
export class KyselyExecutionStore implements Omit<ExecutionStore, 'deleteExecution' | 'listAudit'> {
  readonly #db: Kysely<Database>;
  readonly #ctx: AppendContext;
  readonly #dialect: StoreDialect;

  constructor(db: Kysely<Database>, ctx: AppendContext, dialect: StoreDialect) {
    this.#db = db;
    this.#ctx = ctx;
    this.#dialect = dialect;
  }

  async append(scope: Scope, request: AppendRequest): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction().execute((trx) => appendEvents(trx, this.#ctx, scope, request));
      } catch (error) {
        if (attempt < APPEND_ATTEMPTS && this.#dialect.isUniqueViolation(error)) continue;
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
    const sort = query.sort ?? { field: 'started_at' as const, direction: 'desc' as const };
    const key = sortExpression(sort.field);
    const cursor = query.cursor !== undefined ? decodeCursor(query.cursor, sort.field) : undefined;
    let page = this.#db
      .selectFrom('executions')
      .select(['doc', 'execution_id', key.as('sort_key')])
      .where((eb) => filterExpression(eb, this.#dialect, scope, query));
    if (cursor) page = page.where((eb) => afterCursor(eb, sort.field, sort.direction, cursor));
    const rows = await page
      .orderBy(key, sort.direction)
      .orderBy('execution_id', sort.direction)
      .limit(query.limit + 1)
      .offset(cursor ? 0 : (query.offset ?? 0))
      .execute();
    const more = rows.length > query.limit;
    const shown = rows.slice(0, query.limit);
    const last = shown[shown.length - 1];
    return {
      executions: shown.map((row) => docOf<Execution>(row)),
      total: await this.countExecutions(scope, query),
      nextCursor: more && last ? encodeCursor({ v: sort.field === 'started_at' ? String(last.sort_key) : Number(last.sort_key), id: last.execution_id }) : undefined,
    };
  }

  async countExecutions(scope: Scope, filter: ExecutionFilter): Promise<number> {
    const row = await this.#db
      .selectFrom('executions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where((eb) => filterExpression(eb, this.#dialect, scope, filter))
      .executeTakeFirstOrThrow();
    return Number(row.n);
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

  async readSteps(scope: Scope, query: ReadStepsQuery): Promise<Step[]> {
    const rows = await this.#db
      .selectFrom('steps')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('execution_id', '=', query.executionId)
      .where('step_index', '>', query.afterIndex ?? -1)
      .orderBy('step_index')
      .limit(Math.max(1, Math.min(query.limit, MAX_STEPS_PER_READ)))
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
