/**
 * @module Search and metadata SQL on PostgreSQL: a step text table with a pg_trgm GIN index, queried
 * with ILIKE (a substring, case-insensitive, any language); without pg_trgm the same query scans.
 */
import { sql, type Transaction } from 'kysely';
import type { Scope } from '../../core/identity/scope.js';
import type { Database } from '../kysely/database.js';

export async function writePostgresStepSearch(trx: Transaction<Database>, scope: Scope, executionId: string, stepId: string, body: string): Promise<void> {
  await trx
    .insertInto('step_search')
    .values({ org_id: scope.orgId, tenant_id: scope.tenantId, execution_id: executionId, step_id: stepId, body })
    .onConflict((oc) => oc.columns(['org_id', 'tenant_id', 'execution_id', 'step_id']).doUpdateSet({ body }))
    .execute();
}

/** LIKE's own wildcards in the term are matched literally. */
function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function postgresSearchCondition(scope: Scope, term: string) {
  return sql<boolean>`executions.execution_id in (select execution_id from step_search where org_id = ${scope.orgId} and tenant_id = ${scope.tenantId} and body ilike ${likePattern(term)})`;
}

export function postgresMetadataEquals(key: string, value: string) {
  return sql<boolean>`executions.doc -> 'metadata' ->> ${key} = ${value}`;
}
