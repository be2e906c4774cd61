/**
 * @module The one migration set both stores run, in name order. Append new migrations; never edit
 * one that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { ColumnTypes } from './column-types.js';
import { initial } from './0001-initial.js';
import { executionFilters } from './0002-execution-filters.js';

export type { ColumnTypes } from './column-types.js';

export function migrationProvider(types: ColumnTypes): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initial(types),
    '0002-execution-filters': executionFilters(types),
  };
  return { getMigrations: async () => migrations };
}
