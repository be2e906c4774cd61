/**
 * @module RerunStore over Kysely: re-run targets keyed by (org, tenant, workflow name), written with
 * their audit entry through `appendAudit` in the same transaction, and the children of a run read
 * through the `executions_parent_idx` index (0012).
 */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { Execution } from '../../core/executions/execution.js';
import type { Scope } from '../../core/identity/scope.js';
import type { RerunStore } from '../../core/ports/rerun-store.js';
import type { RerunTarget } from '../../core/reruns/rerun-target.js';
import { appendAudit } from './append-audit.js';
import type { Database } from './database.js';
import { docOf } from './rows.js';

export interface RerunTargetsTable {
  org_id: string;
  tenant_id: string;
  workflow_name: string;
  url: string;
  secret: string;
  description: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

type Tables = Database & { rerun_targets: RerunTargetsTable };

/** Children read at most, whatever the caller asks: a run is re-run by people, a few times. */
const MAX_CHILDREN = 1_000;

function targetOf(row: Selectable<RerunTargetsTable>): RerunTarget {
  return {
    orgId: row.org_id,
    tenantId: row.tenant_id,
    workflowName: row.workflow_name,
    url: row.url,
    secret: row.secret,
    ...(row.description !== null ? { description: row.description } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export class KyselyRerunStore implements RerunStore {
  readonly #db: Kysely<Tables>;

  constructor(db: Kysely<Database>) {
    this.#db = db as unknown as Kysely<Tables>;
  }

  async putRerunTarget(scope: Scope, target: RerunTarget, audit: AuditEntry): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('rerun_targets')
        .values({
          org_id: scope.orgId,
          tenant_id: scope.tenantId,
          workflow_name: target.workflowName,
          url: target.url,
          secret: target.secret,
          description: target.description ?? null,
          created_at: target.createdAt,
          created_by: target.createdBy,
          updated_at: target.updatedAt,
          updated_by: target.updatedBy,
        })
        // A replace keeps when and by whom the target was first created.
        .onConflict((oc) =>
          oc.columns(['org_id', 'tenant_id', 'workflow_name']).doUpdateSet((eb) => ({
            url: eb.ref('excluded.url'),
            secret: eb.ref('excluded.secret'),
            description: eb.ref('excluded.description'),
            updated_at: eb.ref('excluded.updated_at'),
            updated_by: eb.ref('excluded.updated_by'),
          })),
        )
        .execute();
      await appendAudit(trx, scope, [audit]);
    });
  }

  async getRerunTarget(scope: Scope, workflowName: string): Promise<RerunTarget | undefined> {
    const row = await this.#db
      .selectFrom('rerun_targets')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('workflow_name', '=', workflowName)
      .executeTakeFirst();
    return row ? targetOf(row) : undefined;
  }

  async listRerunTargets(scope: Scope): Promise<RerunTarget[]> {
    const rows = await this.#db.selectFrom('rerun_targets').selectAll().where('org_id', '=', scope.orgId).where('tenant_id', '=', scope.tenantId).orderBy('workflow_name').execute();
    return rows.map(targetOf);
  }

  async deleteRerunTarget(scope: Scope, workflowName: string, audit: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('rerun_targets')
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('workflow_name', '=', workflowName)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) return false;
      await appendAudit(trx, scope, [audit]);
      return true;
    });
  }

  async listChildExecutions(scope: Scope, parentExecutionId: string, limit: number): Promise<Execution[]> {
    const rows = await this.#db
      .selectFrom('executions')
      .select('doc')
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('parent_execution_id', '=', parentExecutionId)
      .orderBy('started_at')
      .orderBy('execution_id')
      .limit(Math.max(0, Math.min(limit, MAX_CHILDREN)))
      .execute();
    return rows.map((row) => docOf<Execution>(row));
  }
}
