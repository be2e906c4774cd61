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
import { sqliteMetadataEquals, sqliteSearchCondition, writeSqliteStepSearch } from './sqlite-search.js';
import type { SqliteStoreConfig } from './sqlite-store-config.js';

const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|CORRUPT|NOTADB)/;

export const sqliteStoreDialect: StoreDialect = {
  capabilities: { backend: 'sqlite', multiProcess: false },
  columnTypes: { json: 'text', int64: 'integer', float: 'real', search: 'fts5' },
  rowLocks: false,
  writeStepSearch: writeSqliteStepSearch,
  searchCondition: sqliteSearchCondition,
  metadataEquals: sqliteMetadataEquals,
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

/** Most-recently used prepared statements kept per connection; Kysely would prepare each query anew. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query it runs. Preparing costs as much as running a small insert, and our
 * queries repeat, so statements are reused by SQL text. Safe because Kysely runs one query at a
 * time on the single SQLite connection and we never stream results.
 */
function withStatementCache(database: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

export function createSqliteStore(config: SqliteStoreConfig): Store {
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const database = new Database(config.path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000))}`);
  const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }) });
  return createKyselyStore({ db, dialect: sqliteStoreDialect, clock: config.clock, ids: config.ids, payloadCapBytes: config.payloadCapBytes });
}
