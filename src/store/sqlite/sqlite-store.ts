/**
 * @module The embedded store: one SQLite file in WAL mode, for a single server process (other
 * processes such as `axonflow credentials` may write to it briefly). synchronous=FULL, so an
 * acknowledged write survives power loss, not only a process crash.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Store } from '../../core/ports/store.js';
import type { Database as Schema } from '../kysely/database.js';
import { createKyselyStore } from '../kysely/kysely-store.js';
import type { StoreDialect } from '../kysely/store-dialect.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';
import type { SqliteStoreConfig } from './sqlite-store-config.js';

const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|CORRUPT|NOTADB)/;

export const sqliteStoreDialect: StoreDialect = {
  capabilities: { backend: 'sqlite', multiProcess: false },
  columnTypes: { json: 'text', int64: 'integer', float: 'real' },
  rowLocks: false,
  isUniqueViolation: (error) => {
    const code = (error as { code?: unknown })?.code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
  isUnavailable: (error) => {
    const code = (error as { code?: unknown })?.code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) return true;
    return error instanceof TypeError && /database connection is not open/i.test(error.message);
  },
};

export function createSqliteStore(config: SqliteStoreConfig): Store {
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const database = new Database(config.path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000))}`);
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database }) });
  return createKyselyStore({ db, dialect: sqliteStoreDialect, clock: config.clock, ids: config.ids });
}
