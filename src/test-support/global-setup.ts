/**
 * Runs once before all test files: fails the whole run, with a message saying what to do, when
 * PostgreSQL is required and not answering; removes test schemas a killed earlier run left. Schemas
 * younger than LEFTOVER_AGE_MS may belong to a run going on beside this one, and are kept.
 */
import { TEST_SCHEMA_PREFIX, postgresEnabled, schemaCreatedAt, testPgUrl, withPgClient } from './postgres.js';

const LEFTOVER_AGE_MS = 2 * 60 * 60 * 1000;

export default async function setup(): Promise<void> {
  if (!postgresEnabled()) {
    console.warn('AXONFLOW_TEST_PG=off: PostgreSQL cases are skipped. CI never sets this.');
    return;
  }
  try {
    await withPgClient(async (client) => {
      const stale = await client.query<{ nspname: string }>(
        `select nspname from pg_namespace where nspname like $1`,
        [`${TEST_SCHEMA_PREFIX}%`],
      );
      for (const row of stale.rows) {
        const createdAt = schemaCreatedAt(row.nspname);
        if (createdAt !== undefined && Date.now() - createdAt < LEFTOVER_AGE_MS) continue;
        await client.query(`drop schema if exists "${row.nspname}" cascade`);
      }
    });
  } catch (error) {
    throw new Error(
      `PostgreSQL is required by the test suite and did not answer at ${testPgUrl()}: ${(error as Error).message}. ` +
        'Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set AXONFLOW_TEST_PG_URL.',
    );
  }
}
