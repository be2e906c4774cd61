/**
 * @module Search and metadata SQL on SQLite: an FTS5 trigram table keyed by the step row's rowid,
 * queried with the term as one quoted phrase (a substring, 3+ characters, case-insensitive).
 */
import { sql, type Transaction } from 'kysely';
import type { Scope } from '../../core/identity/scope.js';
import type { Database } from '../kysely/database.js';

export async function writeSqliteStepSearch(trx: Transaction<Database>, scope: Scope, executionId: string, stepId: string, body: string): Promise<void> {
  await sql`insert or replace into step_search (rowid, org_id, tenant_id, execution_id, step_id, body)
    values ((select rowid from steps where org_id = ${scope.orgId} and tenant_id = ${scope.tenantId} and execution_id = ${executionId} and step_id = ${stepId}),
            ${scope.orgId}, ${scope.tenantId}, ${executionId}, ${stepId}, ${body})`.execute(trx);
}

/**
 * Trigrams need 3 characters; a shorter term (2-character words are common in Chinese and
 * Japanese) falls back to LIKE over the same table: a scan, case-insensitive for ASCII only.
 */
export function sqliteSearchCondition(scope: Scope, term: string) {
  if ([...term].length < 3) {
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql<boolean>`executions.execution_id in (select execution_id from step_search where body like ${pattern} escape '\\' and org_id = ${scope.orgId} and tenant_id = ${scope.tenantId})`;
  }
  const phrase = `"${term.replaceAll('"', '""')}"`;
  return sql<boolean>`executions.execution_id in (select execution_id from step_search where step_search match ${phrase} and org_id = ${scope.orgId} and tenant_id = ${scope.tenantId})`;
}

export function sqliteMetadataEquals(key: string, value: string) {
  return sql<boolean>`cast(json_extract(executions.doc, ${`$.metadata."${key}"`}) as text) = ${value}`;
}
