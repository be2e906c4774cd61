/**
 * 0010 on a database that already has audit rows (written by 0003's plain inserts): they are
 * chained per tenant in (at, audit_id) order, the heads are set, verification passes, and new
 * records continue each chain. On both backends, through the real migrator and stores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChain } from '../../core/audit/audit-chain.js';
import type { Store } from '../../core/ports/store.js';
import { AuditService } from '../../services/audit-service.js';
import { dropSchemas, newSchemaName, postgresEnabled, testPgUrl } from '../../test-support/postgres.js';
import { createPostgresStore } from '../postgres/postgres-store.js';
import { createSqliteStore } from '../sqlite/sqlite-store.js';
import { type ColumnTypes, migrationProvider } from './index.js';

interface Backend {
  readonly kind: string;
  readonly types: ColumnTypes;
  /** A raw Kysely on a new database, and how to open a store on it once the raw one is closed. */
  create(): { db: Kysely<any>; schema?: string; open: () => Store };
  cleanup(): Promise<void>;
}

const dirs: string[] = [];
const schemas: string[] = [];

const sqlite: Backend = {
  kind: 'sqlite',
  types: { json: 'text', int64: 'integer', float: 'real', search: 'fts5' },
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'axonflow-0010-'));
    dirs.push(dir);
    const path = join(dir, 'axonflow.db');
    return { db: new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(path) }) }), open: () => createSqliteStore({ path }) };
  },
  async cleanup() {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
};

const postgres: Backend = {
  kind: 'postgres',
  types: { json: 'jsonb', int64: 'bigint', float: 'double precision', search: 'pg_trgm' },
  create() {
    const schema = newSchemaName();
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: testPgUrl(), max: 2, options: `-c search_path=${schema}` });
    return { db: new Kysely<any>({ dialect: new PostgresDialect({ pool }) }), schema, open: () => createPostgresStore({ connectionString: testPgUrl(), schema, poolSize: 2 }) };
  },
  cleanup: () => dropSchemas(schemas.splice(0)),
};

const legacy = (tenant: string, id: string, at: string, extra: Record<string, string> = {}) => ({
  org_id: 'acme',
  tenant_id: tenant,
  audit_id: id,
  at,
  actor: 'admin-1',
  action: 'budget.update',
  target_type: 'budget',
  target_id: 'monthly',
  details: JSON.stringify({ id, nested: { b: 2, a: 1 } }),
  ...extra,
});

for (const backend of postgresEnabled() ? [sqlite, postgres] : [sqlite]) {
  describe(`migration 0010-audit-chain on existing rows [${backend.kind}]`, () => {
    afterAll(() => backend.cleanup());

    it('chains old rows per tenant in time order, sets the heads, and lets new records continue', async () => {
      const { db, schema, open } = backend.create();
      const migrator = new Migrator({ db, provider: migrationProvider(backend.types), migrationTableSchema: schema });
      const before = await migrator.migrateTo('0009-alerts');
      expect(before.error).toBeUndefined();
      await db
        .insertInto('audit_log')
        .values([
          legacy('payments', 'aud_c', '2026-05-01T10:00:02.000Z'),
          legacy('payments', 'aud_b', '2026-05-01T10:00:01.000Z', { target_type: 'execution', target_id: 'wf_9', action: 'execution.delete' }),
          legacy('payments', 'aud_a', '2026-05-01T10:00:01.000Z'),
          legacy('support', 'aud_z', '2026-05-01T09:00:00.000Z'),
        ])
        .execute();
      await db.destroy();

      const store = open();
      try {
        const applied = (await store.migrate()).applied;
        expect(applied[0]).toBe('0010-audit-chain');
        const payments = { orgId: 'acme', tenantId: 'payments' };
        const records = await store.readAuditChain(payments, { limit: 10 });
        expect(records.map((r) => [r.seq, r.auditId])).toEqual([
          [1, 'aud_a'],
          [2, 'aud_b'],
          [3, 'aud_c'],
        ]);
        expect(records[0]!.prevHash).toBe(GENESIS_HASH);
        expect(records[1]).toMatchObject({ executionId: 'wf_9', details: { id: 'aud_b', nested: { a: 1, b: 2 } } });
        expect(verifyChain(records)).toMatchObject({ valid: true, checked: 3 });
        expect(await store.auditHead(payments)).toEqual({ seq: 3, hash: records[2]!.hash });
        const audit = new AuditService({ store, pageSize: 2 });
        expect(await audit.verify(payments)).toMatchObject({ valid: true, checked: 3 });
        expect(await audit.verify({ orgId: 'acme', tenantId: 'support' })).toMatchObject({ valid: true, checked: 1 });
        expect(await store.listAudit(payments, { targetType: 'execution', targetId: 'wf_9', limit: 5 })).toEqual([expect.objectContaining({ auditId: 'aud_b', action: 'execution.delete' })]);

        await store.recordAudit(payments, { auditId: 'aud_new', at: '2026-06-01T00:00:00.000Z', actor: 'ops', action: 'execution.export', targetType: 'execution', targetId: 'wf_9', details: {} });
        const [next] = await store.readAuditChain(payments, { afterSeq: 3, limit: 10 });
        expect(next).toMatchObject({ seq: 4, prevHash: records[2]!.hash });
        expect(await audit.verify(payments)).toMatchObject({ valid: true, checked: 4 });
        expect((await store.auditForExecution(payments, 'wf_9')).map((r) => r.auditId)).toEqual(['aud_b', 'aud_new']);
      } finally {
        await store.close();
      }
    });
  });
}
