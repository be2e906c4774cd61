/** @module 0004: keys of the deployment that every replica shares (e.g. the stream-token signing key). */
import type { Kysely, Migration } from 'kysely';

export function serverKeys(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('server_keys')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
