/** @module Where a spawned server keeps its data, per store kind: an SQLite file or a PostgreSQL schema. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchemas, newSchemaName, pgUrlWithSchema, postgresEnabled } from './postgres.js';

export interface DbLocation {
  readonly url: string;
  cleanup(): Promise<void>;
}

export function dbLocation(kind: 'sqlite' | 'postgres'): DbLocation {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'axonflow-proc-'));
    return { url: `sqlite:${join(dir, 'axonflow.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = newSchemaName();
  return { url: pgUrlWithSchema(schema), cleanup: () => dropSchemas([schema]) };
}

/** The store kinds process-level tests run against (PostgreSQL unless AXONFLOW_TEST_PG=off). */
export function storeKinds(): readonly ('sqlite' | 'postgres')[] {
  return postgresEnabled() ? ['sqlite', 'postgres'] : ['sqlite'];
}
