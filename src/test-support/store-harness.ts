/**
 * @module Store harnesses: how the conformance suite gets fresh stores of each kind, and the list
 * of kinds every storage test loops over (SQLite always; PostgreSQL unless AXONFLOW_TEST_PG=off).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../core/ports/clock.js';
import type { Ids } from '../core/ports/ids.js';
import type { Store } from '../core/ports/store.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import { dropSchemas, newSchemaName, postgresEnabled, testPgUrl, withPgClient } from './postgres.js';

export interface StoreOptions {
  readonly clock?: Clock;
  readonly ids?: Ids;
}

/** A place holding one database: several stores may be opened on it (replicas, restarts). */
export interface StoreLocation {
  open(options?: StoreOptions): Store;
}

/** A harness's own database, which tests may also reach past every store. */
export interface RawStoreLocation extends StoreLocation {
  /** Runs one SQL statement directly (tests that tamper with rows); answers its rows. Write SQL both backends accept. */
  sql(statement: string): Promise<Record<string, unknown>[]>;
}

export interface StoreHarness {
  readonly kind: 'sqlite' | 'postgres';
  /** A new, empty database. */
  location(): RawStoreLocation;
  /** Removes every database this harness created. */
  cleanup(): Promise<void>;
}

export function sqliteHarness(): StoreHarness {
  const dirs: string[] = [];
  return {
    kind: 'sqlite',
    location() {
      const dir = mkdtempSync(join(tmpdir(), 'axonflow-test-'));
      dirs.push(dir);
      const path = join(dir, 'axonflow.db');
      return {
        open: (options) => createSqliteStore({ path, ...options }),
        sql: async (statement) => {
          const db = new BetterSqlite3(path);
          try {
            db.pragma('busy_timeout = 5000');
            const prepared = db.prepare(statement);
            return prepared.reader ? (prepared.all() as Record<string, unknown>[]) : (prepared.run(), []);
          } finally {
            db.close();
          }
        },
      };
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresHarness(): StoreHarness {
  const schemas: string[] = [];
  return {
    kind: 'postgres',
    location() {
      const schema = newSchemaName();
      schemas.push(schema);
      return {
        open: (options) => createPostgresStore({ connectionString: testPgUrl(), schema, poolSize: 5, ...options }),
        sql: (statement) =>
          withPgClient(async (client) => {
            await client.query(`set search_path to "${schema}"`);
            return (await client.query(statement)).rows as Record<string, unknown>[];
          }),
      };
    },
    async cleanup() {
      await dropSchemas(schemas.splice(0));
    },
  };
}

/** The harnesses every storage test runs against. */
export function storeHarnesses(): StoreHarness[] {
  return postgresEnabled() ? [sqliteHarness(), postgresHarness()] : [sqliteHarness()];
}
