/**
 * @module 0007: webhooks and their deliveries. `cursor_seq` is how far in its tenant's event log a
 * webhook has been turned into deliveries. A delivery is unique per (webhook, event seq), so
 * replicas scanning the same events create it once; `lease_until`/`lease_token` let one sender
 * claim an attempt. `body` is text in both stores (never jsonb, which would reorder keys): every
 * attempt sends the bytes that were signed.
 */
import type { Kysely, Migration } from 'kysely';
import type { ColumnTypes } from './column-types.js';

export function webhooks(types: ColumnTypes): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhooks')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('events', types.json, (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('description', 'text')
        .addColumn('cursor_seq', types.int64, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('webhooks_pk', ['org_id', 'tenant_id', 'webhook_id'])
        .execute();
      await db.schema.createIndex('webhooks_enabled_idx').on('webhooks').column('enabled').execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('delivery_id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('webhook_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        // NULL for deliveries that carry no log event (tests); NULLs never collide in the unique key.
        .addColumn('event_seq', types.int64)
        .addColumn('event_id', 'text')
        .addColumn('execution_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('round_start', 'integer', (c) => c.notNull())
        .addColumn('last_response_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('next_attempt_at', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('lease_token', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('attempt_log', types.json, (c) => c.notNull())
        .addUniqueConstraint('webhook_deliveries_event_uq', ['webhook_id', 'event_seq'])
        .execute();
      // The senders' claim: pending and due.
      await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
      // The delivery log of one webhook, newest first.
      await db.schema.createIndex('webhook_deliveries_log_idx').on('webhook_deliveries').columns(['org_id', 'tenant_id', 'webhook_id', 'created_at']).execute();
    },
  };
}
