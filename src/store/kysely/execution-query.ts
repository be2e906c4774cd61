/**
 * @module The SQL of execution lists and counts: one filter expression for both, the sort, and
 * keyset cursors. Cursors are opaque base64url JSON `{v, id}`: the sort value and the execution id
 * of the last row served, so a page continues exactly after it even while new runs arrive.
 */
import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Scope } from '../../core/identity/scope.js';
import type { ExecutionFilter, SortField } from '../../core/ports/execution-store.js';
import type { Database } from './database.js';
import type { StoreDialect } from './store-dialect.js';

type Eb = ExpressionBuilder<Database, 'executions'>;

function range(eb: Eb, column: 'cost_usd' | 'tokens_total' | 'duration_ms', r: { min?: number; max?: number } | undefined): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (r?.min !== undefined) out.push(eb(column, '>=', r.min));
  if (r?.max !== undefined) out.push(eb(column, '<=', r.max));
  return out;
}

function stepHas(eb: Eb, column: 'provider' | 'model' | 'agent_id', value: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('steps as s')
      .select(sql`1`.as('one'))
      .whereRef('s.org_id', '=', 'executions.org_id')
      .whereRef('s.tenant_id', '=', 'executions.tenant_id')
      .whereRef('s.execution_id', '=', 'executions.execution_id')
      .where(`s.${column}`, '=', value),
  );
}

export function filterExpression(eb: Eb, dialect: StoreDialect, scope: Scope, filter: ExecutionFilter): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [eb('executions.org_id', '=', scope.orgId), eb('executions.tenant_id', '=', scope.tenantId)];
  if (filter.statuses?.length) parts.push(eb('status', 'in', filter.statuses));
  if (filter.executionType) parts.push(eb('execution_type', '=', filter.executionType));
  if (filter.name) parts.push(eb('name', '=', filter.name));
  if (filter.source) parts.push(eb('source', '=', filter.source));
  if (filter.traceId) parts.push(eb('trace_id', '=', filter.traceId));
  // A stuck run (derived when read) with no class of its own reads as a workflow logic bug.
  const stuck = (before: string) => eb.and([eb('status', 'in', ['pending', 'running']), eb('attention', '=', 'none'), eb('updated_at', '<', before)]);
  if (filter.failureClasses?.length) {
    const stored = eb('failure_class', 'in', filter.failureClasses);
    parts.push(
      filter.failureClasses.includes('workflow_logic_bug') && filter.stuckBefore
        ? eb.or([stored, eb.and([eb('failure_class', 'is', null), stuck(filter.stuckBefore)])])
        : stored,
    );
  }
  if (filter.attention?.length) {
    const plain = filter.attention.filter((a) => a !== 'stuck');
    const either: Expression<SqlBool>[] = [];
    if (plain.length) either.push(eb('attention', 'in', plain));
    if (filter.attention.includes('stuck')) {
      if (!filter.stuckBefore) throw new Error('attention=stuck needs stuckBefore');
      either.push(stuck(filter.stuckBefore));
    }
    parts.push(eb.or(either));
  }
  if (filter.provider) parts.push(stepHas(eb, 'provider', filter.provider));
  if (filter.model) parts.push(stepHas(eb, 'model', filter.model));
  if (filter.agentId) parts.push(stepHas(eb, 'agent_id', filter.agentId));
  for (const { key, value } of filter.metadata ?? []) parts.push(dialect.metadataEquals(key, value));
  parts.push(...range(eb, 'cost_usd', filter.costUsd), ...range(eb, 'tokens_total', filter.tokens), ...range(eb, 'duration_ms', filter.durationMs));
  if (filter.startedFrom) parts.push(eb('started_at', '>=', filter.startedFrom));
  if (filter.startedTo) parts.push(eb('started_at', '<=', filter.startedTo));
  if (filter.search !== undefined) parts.push(dialect.searchCondition(scope, filter.search));
  return eb.and(parts);
}

/** The sort key of each field; a run without a duration sorts as -1 (before every finished one). */
export function sortExpression(field: SortField) {
  switch (field) {
    case 'started_at':
      return sql<string | number>`executions.started_at`;
    case 'duration':
      return sql<string | number>`coalesce(executions.duration_ms, -1)`;
    case 'cost':
      return sql<string | number>`executions.cost_usd`;
  }
}

interface Cursor {
  readonly v: string | number;
  readonly id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string, field: SortField): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    const typeOk = field === 'started_at' ? typeof value.v === 'string' : typeof value.v === 'number';
    if (typeOk && typeof value.id === 'string') return { v: value.v!, id: value.id };
  } catch {
    // fall through to the refusal
  }
  throw new DomainError('VALIDATION_FAILED', { summary: 'cursor is not a cursor of this list (did the sort change?)', issues: [{ location: 'querystring', field: 'cursor', message: 'is not valid for this sort' }] });
}

/** Rows strictly after the cursor in the given order. */
export function afterCursor(eb: Eb, field: SortField, direction: 'asc' | 'desc', cursor: Cursor): Expression<SqlBool> {
  const key = sortExpression(field);
  const op = direction === 'desc' ? '<' : '>';
  return eb.or([eb(key, op, cursor.v), eb.and([eb(key, '=', cursor.v), eb('execution_id', op, cursor.id)])]);
}
