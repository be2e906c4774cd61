/**
 * @module 0011: the body format of a webhook's deliveries (`axonflow` or `slack`, docs/webhooks.md).
 * Existing webhooks keep the AxonFlow body they were created with. Deliveries need no column: their
 * body is fixed, in their webhook's format, when they are made.
 */
import type { Kysely, Migration } from 'kysely';

export function webhookFormat(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('webhooks')
        .addColumn('format', 'text', (c) => c.notNull().defaultTo('axonflow'))
        .execute();
    },
  };
}
