/**
 * @module PostgreSQL for tests. Every suite gets its own schema (`axt_…`) in the test database, so
 * files run in parallel without seeing each other. PostgreSQL is required: set
 * AXONFLOW_TEST_PG_URL to point elsewhere; only AXONFLOW_TEST_PG=off (never set in CI) skips it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_SCHEMA_PREFIX = 'axt_';

export function testPgUrl(): string {
  return process.env.AXONFLOW_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function postgresEnabled(): boolean {
  return process.env.AXONFLOW_TEST_PG !== 'off';
}

/** `axt_<creation ms, base 36>_<random>`: the time lets a later run tell leftovers from a concurrent run's schemas. */
export function newSchemaName(): string {
  return `${TEST_SCHEMA_PREFIX}${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
}

/** When a test schema was made, from its name; undefined for names without a time (older runs). */
export function schemaCreatedAt(name: string): number | undefined {
  const match = new RegExp(`^${TEST_SCHEMA_PREFIX}([0-9a-z]+)_[0-9a-f]+$`).exec(name);
  return match ? parseInt(match[1]!, 36) : undefined;
}

export async function withPgClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPgUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchemas(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await withPgClient(async (client) => {
    for (const name of names) await client.query(`drop schema if exists "${name}" cascade`);
  });
}

/** Appends `?schema=` so the URL form the server accepts selects the test schema. */
export function pgUrlWithSchema(schema: string): string {
  const url = new URL(testPgUrl());
  url.searchParams.set('schema', schema);
  return url.toString();
}
