/**
 * @module PolicyStore over Kysely. A write reads the policy's head row (locked on PostgreSQL;
 * SQLite writers are already serialised), checks the expectation, appends the next version and
 * moves the head, with the audit entry, in one transaction. Two PostgreSQL writers creating the
 * same new id collide on the head's key: the loser retries and then sees the winner's version.
 */
import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Scope } from '../../core/identity/scope.js';
import type { PolicySpec } from '../../core/policies/policy.js';
import type { PolicyStore, PolicyVersion, PolicyWrite } from '../../core/ports/policy-store.js';
import { appendAudit } from './append-audit.js';
import type { Database } from './database.js';
import { decodeJson, encodeJson } from './json.js';

interface PolicyVersionsTable {
  org_id: string;
  policy_id: string;
  version: number;
  spec: ColumnType<unknown, string | null, never>;
  deleted: number;
  created_at: string;
  created_by: string;
}

interface VersionRow {
  org_id: string;
  policy_id: string;
  version: number;
  spec: unknown;
  deleted: number;
  created_at: string;
  created_by: string;
}

interface PolicyHeadsTable {
  org_id: string;
  policy_id: string;
  version: number;
  deleted: number;
}

type Tables = Database & { policy_versions: PolicyVersionsTable; policy_heads: PolicyHeadsTable };

const ATTEMPTS = 3;

function versionOf(row: VersionRow): PolicyVersion {
  return {
    orgId: row.org_id,
    policyId: row.policy_id,
    version: Number(row.version),
    spec: row.spec === null ? undefined : decodeJson<PolicySpec>(row.spec),
    deleted: Number(row.deleted) === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export class KyselyPolicyStore implements PolicyStore {
  readonly #db: Kysely<Tables>;
  readonly #rowLocks: boolean;
  readonly #isUniqueViolation: (error: unknown) => boolean;

  constructor(db: Kysely<Database>, options: { rowLocks: boolean; isUniqueViolation: (error: unknown) => boolean }) {
    this.#db = db.withTables<{ policy_versions: PolicyVersionsTable; policy_heads: PolicyHeadsTable }>();
    this.#rowLocks = options.rowLocks;
    this.#isUniqueViolation = options.isUniqueViolation;
  }

  async appendPolicyVersion(scope: Scope, write: PolicyWrite, audit: AuditEntry): Promise<PolicyVersion> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#db.transaction().execute((trx) => this.#append(trx, scope, write, audit));
      } catch (error) {
        if (attempt >= ATTEMPTS || !this.#isUniqueViolation(error)) throw error;
      }
    }
  }

  async #append(trx: Transaction<Tables>, scope: Scope, write: PolicyWrite, audit: AuditEntry): Promise<PolicyVersion> {
    let query = trx.selectFrom('policy_heads').selectAll().where('org_id', '=', scope.orgId).where('policy_id', '=', write.policyId);
    if (this.#rowLocks) query = query.forUpdate();
    const head = await query.executeTakeFirst();
    const live = head !== undefined && Number(head.deleted) === 0;
    const current = head ? Number(head.version) : 0;
    const { expect } = write;
    if (expect === 'absent' && live) throw new DomainError('POLICY_ALREADY_EXISTS', { policyId: write.policyId, version: current });
    if (expect === 'present' && !live) throw new DomainError('POLICY_NOT_FOUND', { policyId: write.policyId });
    if (typeof expect === 'object' && (!live || current !== expect.version)) {
      if (!live && current === 0) throw new DomainError('POLICY_NOT_FOUND', { policyId: write.policyId });
      throw new DomainError('POLICY_VERSION_CONFLICT', { policyId: write.policyId, expected: expect.version, actual: live ? current : `${current} (deleted)` });
    }
    const row = {
      org_id: scope.orgId,
      policy_id: write.policyId,
      version: current + 1,
      spec: write.spec ? encodeJson(write.spec) : null,
      deleted: write.spec ? 0 : 1,
      created_at: write.at,
      created_by: write.by,
    };
    await trx.insertInto('policy_versions').values(row).execute();
    if (head) {
      await trx
        .updateTable('policy_heads')
        .set({ version: row.version, deleted: row.deleted })
        .where('org_id', '=', scope.orgId)
        .where('policy_id', '=', write.policyId)
        .execute();
    } else {
      await trx.insertInto('policy_heads').values({ org_id: scope.orgId, policy_id: write.policyId, version: row.version, deleted: row.deleted }).execute();
    }
    await appendAudit(trx, scope, [{ ...audit, details: { ...audit.details, version: row.version } }]);
    return { orgId: scope.orgId, policyId: write.policyId, version: row.version, spec: write.spec, deleted: !write.spec, createdAt: write.at, createdBy: write.by };
  }

  async getPolicyVersion(orgId: string, policyId: string, version?: number): Promise<PolicyVersion | undefined> {
    let query = this.#db.selectFrom('policy_versions').selectAll().where('org_id', '=', orgId).where('policy_id', '=', policyId);
    query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
    const row = await query.executeTakeFirst();
    return row ? versionOf(row) : undefined;
  }

  async listPolicyVersions(orgId: string, policyId: string): Promise<PolicyVersion[]> {
    const rows = await this.#db.selectFrom('policy_versions').selectAll().where('org_id', '=', orgId).where('policy_id', '=', policyId).orderBy('version', 'asc').execute();
    return rows.map(versionOf);
  }

  async listLivePolicies(orgId: string): Promise<PolicyVersion[]> {
    const rows = await this.#db
      .selectFrom('policy_heads as h')
      .innerJoin('policy_versions as v', (join) => join.onRef('v.org_id', '=', 'h.org_id').onRef('v.policy_id', '=', 'h.policy_id').onRef('v.version', '=', 'h.version'))
      .selectAll('v')
      .where('h.org_id', '=', orgId)
      .where('h.deleted', '=', 0)
      .orderBy('v.policy_id')
      .execute();
    return rows.map(versionOf);
  }
}
