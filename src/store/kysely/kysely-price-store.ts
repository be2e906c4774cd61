/** @module PriceStore over Kysely: one row per (org, provider, model), names in lower case. */
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Scope } from '../../core/identity/scope.js';
import type { PriceOverride, PriceStore } from '../../core/ports/price-store.js';
import { appendAudit } from './append-audit.js';
import type { Database } from './database.js';

interface PriceOverridesTable {
  org_id: string;
  provider: string;
  model: string;
  input_per_1k: number;
  output_per_1k: number;
  cached_input_per_1k: number | null;
  updated_at: string;
  updated_by: string;
}

type Tables = Database & { price_overrides: PriceOverridesTable };

export class KyselyPriceStore implements PriceStore {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Database>) {
    this.#db = db.withTables<{ price_overrides: PriceOverridesTable }>();
  }

  async listPriceOverrides(scope: Scope): Promise<PriceOverride[]> {
    const rows = await this.#db.selectFrom('price_overrides').selectAll().where('org_id', '=', scope.orgId).orderBy('provider').orderBy('model').execute();
    return rows.map((row) => ({
      provider: row.provider,
      model: row.model,
      price: {
        inputPer1k: Number(row.input_per_1k),
        outputPer1k: Number(row.output_per_1k),
        ...(row.cached_input_per_1k === null ? {} : { cachedInputPer1k: Number(row.cached_input_per_1k) }),
      },
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }));
  }

  putPriceOverrides(scope: Scope, overrides: readonly PriceOverride[], audit: AuditEntry): Promise<void> {
    return this.#db.transaction().execute(async (trx) => {
      for (const o of overrides) {
        const values = {
          input_per_1k: o.price.inputPer1k,
          output_per_1k: o.price.outputPer1k,
          cached_input_per_1k: o.price.cachedInputPer1k ?? null,
          updated_at: o.updatedAt,
          updated_by: o.updatedBy,
        };
        await trx
          .insertInto('price_overrides')
          .values({ org_id: scope.orgId, provider: o.provider.toLowerCase(), model: o.model.toLowerCase(), ...values })
          .onConflict((oc) => oc.columns(['org_id', 'provider', 'model']).doUpdateSet(values))
          .execute();
      }
      await appendAudit(trx, scope, [audit]);
    });
  }

  deletePriceOverride(scope: Scope, provider: string, model: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('price_overrides')
        .where('org_id', '=', scope.orgId)
        .where('provider', '=', provider.toLowerCase())
        .where('model', '=', model.toLowerCase())
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await appendAudit(trx, scope, [audit]);
      return true;
    });
  }
}
