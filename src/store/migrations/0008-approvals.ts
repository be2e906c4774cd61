/**
 * @module 0008: the approvals inbox and its sweeper.
 * - `approvals.due_at`: when the sweeper next has work on a pending approval (the earlier of its
 *   unmarked SLA and its expiry), null once decided. The sweeper's only query reads this index
 *   across all tenants, so a sweep costs the due rows, not the pending ones.
 * - `sla_at` and `resolved_at`: the SLA state a list filters on (`breached` when the SLA passed
 *   before the approval was resolved, or before now while pending).
 * - `approval_policies`: the policies that asked for each approval, one row each, so "approvals
 *   opened by policy X" is an index lookup instead of a scan of JSON.
 * Approvals written before this migration: pending ones become due at their expiry; their policy
 * ids are copied from the stored approval.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export function approvals(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('approvals').addColumn('sla_at', 'text').execute();
      await db.schema.alterTable('approvals').addColumn('resolved_at', 'text').execute();
      await db.schema.alterTable('approvals').addColumn('due_at', 'text').execute();
      await sql`update approvals set due_at = expires_at where status = 'pending'`.execute(db);
      await db.schema.createIndex('approvals_due_idx').on('approvals').column('due_at').execute();
      await db.schema.createIndex('approvals_requested_idx').on('approvals').columns(['org_id', 'tenant_id', 'requested_at', 'approval_id']).execute();

      await db.schema
        .createTable('approval_policies')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('approval_id', 'text', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.notNull())
        .addColumn('execution_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('approval_policies_pk', ['org_id', 'tenant_id', 'approval_id', 'policy_id'])
        .execute();
      await db.schema.createIndex('approval_policies_policy_idx').on('approval_policies').columns(['org_id', 'tenant_id', 'policy_id']).execute();
      await db.schema.createIndex('approval_policies_execution_idx').on('approval_policies').columns(['org_id', 'tenant_id', 'execution_id']).execute();
      const existing = await db.selectFrom('approvals').select(['org_id', 'tenant_id', 'approval_id', 'execution_id', 'doc']).execute();
      for (const row of existing) {
        const doc = (typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc) as { policyIds?: string[] };
        const policyIds = [...new Set(doc.policyIds ?? [])];
        if (policyIds.length === 0) continue;
        await db
          .insertInto('approval_policies')
          .values(policyIds.map((policyId) => ({ org_id: row.org_id, tenant_id: row.tenant_id, approval_id: row.approval_id, execution_id: row.execution_id, policy_id: policyId })))
          .execute();
      }
    },
  };
}
