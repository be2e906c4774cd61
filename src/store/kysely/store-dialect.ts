/**
 * @module StoreDialect: what an adapter tells the shared Kysely store about its backend. The shared
 * code branches on these flags and predicates, never on which adapter it is.
 */
import type { StoreCapabilities } from '../../core/ports/store.js';
import type { ColumnTypes } from '../migrations/column-types.js';

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
  /** The backend cannot be reached (refused, dropped, shutting down): maps to STORE_UNAVAILABLE. */
  isUnavailable(error: unknown): boolean;
}
