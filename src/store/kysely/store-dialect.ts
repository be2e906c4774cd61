/**
 * @module StoreDialect: what an adapter tells the shared Kysely store about its backend. The shared
 * code branches on these flags and predicates, never on which adapter it is.
 */
import type { RawBuilder, Transaction } from 'kysely';
import type { Scope } from '../../core/identity/scope.js';
import type { StoreCapabilities } from '../../core/ports/store.js';
import type { ColumnTypes } from '../migrations/column-types.js';
import type { Database } from './database.js';

export interface StoreDialect {
  readonly capabilities: StoreCapabilities;
  readonly columnTypes: ColumnTypes;
  /**
   * `SELECT … FOR UPDATE` exists. Without row locks the adapter must serialise writers itself
   * (SQLite: one connection, `BEGIN IMMEDIATE`).
   */
  readonly rowLocks: boolean;
  /** Where Kysely keeps its migration tables; undefined where schemas do not exist. */
  readonly migrationTableSchema?: string;
  isUniqueViolation(error: unknown): boolean;
  /** Replaces the searchable text of one step (the step row is already written). */
  writeStepSearch(trx: Transaction<Database>, scope: Scope, executionId: string, stepId: string, body: string): Promise<void>;
  /** True for executions with a step whose text contains `term` (case-insensitive). */
  searchCondition(scope: Scope, term: string): RawBuilder<boolean>;
  /** True for executions whose metadata[key], as text, equals value. */
  metadataEquals(key: string, value: string): RawBuilder<boolean>;
  /** The backend cannot be reached (refused, dropped, shutting down): maps to STORE_UNAVAILABLE. */
  isUnavailable(error: unknown): boolean;
}
