/**
 * @module ServerKeyStore over Kysely. Insert-if-absent, then read: whichever replica inserts first
 * decides the key, and every caller (the losers too) returns that one.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/ports/clock.js';
import type { ServerKeyStore } from '../../core/ports/server-key-store.js';
import type { Database } from './database.js';

interface ServerKeysTable {
  name: string;
  value: string;
  created_at: string;
}

export class KyselyKeyStore implements ServerKeyStore {
  readonly #db: Kysely<Database & { server_keys: ServerKeysTable }>;
  readonly #clock: Clock;

  constructor(db: Kysely<Database>, clock: Clock) {
    this.#db = db.withTables<{ server_keys: ServerKeysTable }>();
    this.#clock = clock;
  }

  async ensureServerKey(name: string, candidate: string): Promise<string> {
    await this.#db
      .insertInto('server_keys')
      .values({ name, value: candidate, created_at: this.#clock.now() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.#db.selectFrom('server_keys').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return row.value;
  }
}
