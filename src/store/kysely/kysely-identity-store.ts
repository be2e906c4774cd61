/** @module IdentityStore over Kysely: orgs, tenants, credentials; changes given an audit entry chain it in the same transaction. */
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import { type Credential, type CredentialRecord, publicCredential } from '../../core/identity/credential.js';
import type { Scope } from '../../core/identity/scope.js';
import type { IdentityStore } from '../../core/ports/identity-store.js';
import { appendAudit } from './append-audit.js';
import type { Database } from './database.js';
import { credentialFromRow } from './rows.js';


export class KyselyIdentityStore implements IdentityStore {
  readonly #db: Kysely<Database>;
  readonly #isUniqueViolation: (error: unknown) => boolean;

  constructor(db: Kysely<Database>, isUniqueViolation: (error: unknown) => boolean) {
    this.#db = db;
    this.#isUniqueViolation = isUniqueViolation;
  }

  async ensureTenant(scope: Scope, at: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await trx.insertInto('orgs').values({ org_id: scope.orgId, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
      await trx
        .insertInto('tenants')
        .values({ org_id: scope.orgId, tenant_id: scope.tenantId, created_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
    });
  }

  async insertCredential(record: CredentialRecord, audit?: AuditEntry): Promise<boolean> {
    try {
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('credentials')
          .values({
            client_id: record.clientId,
            org_id: record.orgId,
            tenant_id: record.tenantId,
            role: record.role,
            name: record.name,
            secret_lookup: record.secretLookup,
            secret_hash: record.secretHash,
            created_at: record.createdAt,
            created_by: record.createdBy,
            revoked_at: record.revokedAt,
          })
          .execute();
        if (audit) await appendAudit(trx, { orgId: record.orgId, tenantId: record.tenantId }, [audit]);
      });
      return true;
    } catch (error) {
      if (this.#isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async updateCredentialSecret(clientId: string, secretLookup: string, secretHash: string, audit?: AuditEntry): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('credentials')
        .set({ secret_lookup: secretLookup, secret_hash: secretHash, revoked_at: null })
        .where('client_id', '=', clientId)
        .returning(['org_id', 'tenant_id'])
        .executeTakeFirst();
      if (row && audit) await appendAudit(trx, { orgId: row.org_id, tenantId: row.tenant_id }, [audit]);
    });
  }

  async findCredentialsByLookup(secretLookup: string): Promise<CredentialRecord[]> {
    const rows = await this.#db.selectFrom('credentials').selectAll().where('secret_lookup', '=', secretLookup).execute();
    return rows.map(credentialFromRow);
  }

  async findCredentialById(clientId: string): Promise<CredentialRecord | undefined> {
    const row = await this.#db.selectFrom('credentials').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    return row ? credentialFromRow(row) : undefined;
  }

  async getCredential(scope: Scope, clientId: string): Promise<Credential | undefined> {
    const row = await this.#db
      .selectFrom('credentials')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row ? publicCredential(credentialFromRow(row)) : undefined;
  }

  async listCredentials(scope: Scope): Promise<Credential[]> {
    const rows = await this.#db
      .selectFrom('credentials')
      .selectAll()
      .where('org_id', '=', scope.orgId)
      .where('tenant_id', '=', scope.tenantId)
      .orderBy('created_at')
      .orderBy('client_id')
      .execute();
    return rows.map((row) => publicCredential(credentialFromRow(row)));
  }

  async revokeCredential(scope: Scope, clientId: string, at: string, audit?: AuditEntry): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('credentials')
        .set({ revoked_at: at })
        .where('org_id', '=', scope.orgId)
        .where('tenant_id', '=', scope.tenantId)
        .where('client_id', '=', clientId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (audit) await appendAudit(trx, scope, [audit]);
      return true;
    });
  }
}
