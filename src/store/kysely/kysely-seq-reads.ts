/** @module SeqReads over Kysely: one index lookup on events (org_id, tenant_id, seq). */
import type { Kysely } from 'kysely';
import type { Scope } from '../../core/identity/scope.js';
import type { SeqReads } from '../../core/ports/seq-reads.js';
import type { Database } from './database.js';

export class KyselySeqReads implements SeqReads {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async latestSeq(scope: Scope): Promise<number> {
    const row = await this.#db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .executeTakeFirst();
    return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq);
  }
}
