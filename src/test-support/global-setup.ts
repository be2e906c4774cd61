/**
 * Runs once before all test files: fails the whole run, with a message saying what to do, when
 * PostgreSQL is required and not answering; removes test schemas a killed earlier run left.
 */
import { TEST_SCHEMA_PREFIX, postgresEnabled, testPgUrl, withPgClient } from './postgres.js';

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
      for (const row of stale.rows) await client.query(`drop schema if exists "${row.nspname}" cascade`);
    });
  } catch (error) {
    throw new Error(
      `PostgreSQL is required by the test suite and did not answer at ${testPgUrl()}: ${(error as Error).message}. ` +
        'Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set AXONFLOW_TEST_PG_URL.',
    );
  }
}
