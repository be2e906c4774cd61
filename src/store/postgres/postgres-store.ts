/**
 * @module The PostgreSQL store: a pg pool shared by any number of replicas. Row locks keep
 * appends to one run in order; the seq counter row keeps seq order equal to commit order.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Store } from '../../core/ports/store.js';
import type { Database } from '../kysely/database.js';
import { createKyselyStore } from '../kysely/kysely-store.js';
import type { StoreDialect } from '../kysely/store-dialect.js';
import { postgresMetadataEquals, postgresSearchCondition, writePostgresStepSearch } from './postgres-search.js';
import type { PostgresStoreConfig } from './postgres-store-config.js';

const INT8_OID = 20;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']);
/** SQLSTATE class 08 (connection), 57P0x (shutting down), 53300 (too many connections). */
const UNAVAILABLE_STATES = /^(08|57P0[1-3]|53300)/;
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Query read timeout/i;

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return UNAVAILABLE_MESSAGES.test(error.message);
}

export function postgresStoreDialect(schema: string): StoreDialect {
  return {
    capabilities: { backend: 'postgres', multiProcess: true },
    columnTypes: { json: 'jsonb', int64: 'bigint', float: 'double precision', search: 'pg_trgm' },
    rowLocks: true,
    writeStepSearch: writePostgresStepSearch,
    searchCondition: postgresSearchCondition,
    metadataEquals: postgresMetadataEquals,
    migrationTableSchema: schema,
    isUniqueViolation: (error) => (error as { code?: unknown })?.code === '23505',
    isUnavailable,
  };
}

export function createPostgresStore(config: PostgresStoreConfig): Store {
  const schema = config.schema ?? 'public';
  if (!IDENTIFIER.test(schema)) throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
  const poolConfig: pg.PoolConfig = {
    connectionString: config.connectionString,
    max: config.poolSize ?? 10,
    connectionTimeoutMillis: config.connectTimeoutMs ?? 5000,
    options: `-c search_path=${schema}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  };
  const openPool = (extra: pg.PoolConfig) => {
    const pool = new pg.Pool({ ...poolConfig, ...extra });
    // An idle connection dropped by the server emits here; without a listener the process would exit.
    pool.on('error', (error) => config.onIdleError?.(error));
    // So would a checked-out connection dropped between two statements (no query to fail): pg
    // emits on the client itself, where the pool listens only while the client is idle.
    pool.on('connect', (client) => client.on('error', (error) => config.onIdleError?.(error)));
    return pool;
  };
  // query_timeout bounds a query whose server went silent (a stalled host, a network partition):
  // without it the request would wait for TCP to give up, many minutes later.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: openPool({ query_timeout: config.queryTimeoutMs ?? 30_000 }) }) });
  return createKyselyStore({
    db,
    dialect: postgresStoreDialect(schema),
    clock: config.clock,
    ids: config.ids,
    payloadCapBytes: config.payloadCapBytes,
    migrationDb: () => new Kysely<Database>({ dialect: new PostgresDialect({ pool: openPool({ max: 1 }) }) }),
  });
}
