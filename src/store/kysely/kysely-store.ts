/**
 * @module createKyselyStore: the Store both adapters return. It owns migrations, the readiness
 * ping, and one error edge: a backend that cannot be reached becomes STORE_UNAVAILABLE, whatever
 * the method.
 */
import { type Kysely, Migrator, sql } from 'kysely';
import { DomainError } from '../../core/errors/domain-error.js';
import { DEFAULT_PAYLOAD_CAP_BYTES } from '../../core/executions/payload-preview.js';
import { type Clock, systemClock } from '../../core/ports/clock.js';
import { type Ids, randomIds } from '../../core/ports/ids.js';
import type { MigrationReport, Store } from '../../core/ports/store.js';
import { migrationProvider } from '../migrations/index.js';
import type { Database } from './database.js';
import { KyselyExecutionStore } from './kysely-execution-store.js';
import { KyselyIdentityStore } from './kysely-identity-store.js';
import { KyselyKeyStore } from './kysely-key-store.js';
import { KyselyPolicyStore } from './kysely-policy-store.js';
import { KyselySeqReads } from './kysely-seq-reads.js';
import { KyselyBudgetStore } from './kysely-budget-store.js';
import { KyselyPriceStore } from './kysely-price-store.js';
import { KyselyUsageStore } from './kysely-usage-store.js';
import { KyselyWebhookStore } from './kysely-webhook-store.js';
import { KyselyApprovalStore } from './kysely-approval-store.js';
import { KyselyAlertStore } from './kysely-alert-store.js';
import { KyselyAuditStore } from './kysely-audit-store.js';
import { KyselyRerunStore } from './kysely-rerun-store.js';
import { deleteExecution, listAudit } from './kysely-audit.js';
import type { StoreDialect } from './store-dialect.js';

export interface KyselyStoreOptions {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  readonly clock?: Clock;
  readonly ids?: Ids;
  /** Payloads over this many bytes of JSON are previewed in projections (whole in the log). @default 65536 */
  readonly payloadCapBytes?: number;
  /** Called after the Kysely instance is destroyed (close extra handles). */
  readonly onClose?: () => Promise<void>;
  /**
   * Opens the connection migrations run on, destroyed when they finish; default `db`. (PostgreSQL
   * bounds each query of `db`; an index build on a large table may take longer.)
   */
  readonly migrationDb?: () => Kysely<Database>;
}

export function createKyselyStore(options: KyselyStoreOptions): Store {
  const { db, dialect } = options;
  const executions = new KyselyExecutionStore(
    db,
    {
      clock: options.clock ?? systemClock,
      ids: options.ids ?? randomIds,
      rowLocks: dialect.rowLocks,
      fold: { payloadCapBytes: options.payloadCapBytes ?? DEFAULT_PAYLOAD_CAP_BYTES },
      writeStepSearch: dialect.writeStepSearch,
    },
    dialect,
  );
  const identity = new KyselyIdentityStore(db, (e) => dialect.isUniqueViolation(e));
  const keys = new KyselyKeyStore(db, options.clock ?? systemClock);
  const seqs = new KyselySeqReads(db);
  const usage = new KyselyUsageStore(db);
  const budgets = new KyselyBudgetStore(db);
  const prices = new KyselyPriceStore(db);
  const policies = new KyselyPolicyStore(db, { rowLocks: dialect.rowLocks, isUniqueViolation: (e) => dialect.isUniqueViolation(e) });
  const webhooks = new KyselyWebhookStore(db, { rowLocks: dialect.rowLocks });
  const approvals = new KyselyApprovalStore(db);
  const alerts = new KyselyAlertStore(db);
  const audit = new KyselyAuditStore(db);
  const reruns = new KyselyRerunStore(db);

  let closed = false;

  async function guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!DomainError.is(error) && (closed || dialect.isUnavailable(error))) {
        throw new DomainError('STORE_UNAVAILABLE', {}, { cause: error });
      }
      throw error;
    }
  }

  async function migrate(): Promise<MigrationReport> {
    const target = options.migrationDb?.() ?? db;
    const migrator = new Migrator({
      db: target,
      provider: migrationProvider(dialect.columnTypes),
      migrationTableSchema: dialect.migrationTableSchema,
    });
    const { error, results } = await migrator.migrateToLatest().finally(() => (target === db ? undefined : target.destroy()));
    if (error) throw new Error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
  }

  const store: Store = {
    capabilities: dialect.capabilities,
    migrate: () => guard(migrate),
    ping: () => guard(async () => void (await sql`select 1`.execute(db))),
    close: async () => {
      closed = true;
      await db.destroy();
      await options.onClose?.();
    },
    append: (scope, request) => guard(() => executions.append(scope, request)),
    getExecution: (scope, id) => guard(() => executions.getExecution(scope, id)),
    getExecutions: (scope, ids) => guard(() => executions.getExecutions(scope, ids)),
    listExecutions: (scope, query) => guard(() => executions.listExecutions(scope, query)),
    countExecutions: (scope, filter) => guard(() => executions.countExecutions(scope, filter)),
    listSteps: (scope, id) => guard(() => executions.listSteps(scope, id)),
    readSteps: (scope, query) => guard(() => executions.readSteps(scope, query)),
    getStep: (scope, id, stepId) => guard(() => executions.getStep(scope, id, stepId)),
    getApproval: (scope, approvalId) => guard(() => executions.getApproval(scope, approvalId)),
    listApprovals: (scope, id) => guard(() => executions.listApprovals(scope, id)),
    listApprovalViews: (scope, query) => guard(() => approvals.listApprovalViews(scope, query)),
    getApprovalView: (scope, approvalId) => guard(() => approvals.getApprovalView(scope, approvalId)),
    findDueApprovals: (now, limit) => guard(() => approvals.findDueApprovals(now, limit)),
    pendingApprovalBacklog: () => guard(() => approvals.pendingApprovalBacklog()),
    listUsage: (scope, id) => guard(() => executions.listUsage(scope, id)),
    readEvents: (scope, query) => guard(() => executions.readEvents(scope, query)),
    findEvents: (scope, id, eventIds) => guard(() => executions.findEvents(scope, id, eventIds)),
    latestSeq: (scope) => guard(() => seqs.latestSeq(scope)),
    deleteExecution: (scope, id, audit) => guard(() => deleteExecution(db, scope, id, audit)),
    listAudit: (scope, query) => guard(() => listAudit(db, scope, query)),
    ensureTenant: (scope, at) => guard(() => identity.ensureTenant(scope, at)),
    insertCredential: (record, audit) => guard(() => identity.insertCredential(record, audit)),
    updateCredentialSecret: (id, lookup, hash, audit) => guard(() => identity.updateCredentialSecret(id, lookup, hash, audit)),
    findCredentialsByLookup: (lookup) => guard(() => identity.findCredentialsByLookup(lookup)),
    findCredentialById: (id) => guard(() => identity.findCredentialById(id)),
    getCredential: (scope, id) => guard(() => identity.getCredential(scope, id)),
    listCredentials: (scope) => guard(() => identity.listCredentials(scope)),
    revokeCredential: (scope, id, at, audit) => guard(() => identity.revokeCredential(scope, id, at, audit)),
    ensureServerKey: (name, candidate) => guard(() => keys.ensureServerKey(name, candidate)),
    usageTotals: (scope, query) => guard(() => usage.usageTotals(scope, query)),
    usageBreakdown: (scope, query, groupBy, limit) => guard(() => usage.usageBreakdown(scope, query, groupBy, limit)),
    insertBudget: (scope, budget, audit) => guard(() => budgets.insertBudget(scope, budget, audit)),
    updateBudget: (scope, budget, audit) => guard(() => budgets.updateBudget(scope, budget, audit)),
    deleteBudget: (scope, id, audit) => guard(() => budgets.deleteBudget(scope, id, audit)),
    getBudget: (scope, id) => guard(() => budgets.getBudget(scope, id)),
    listBudgets: (scope, query) => guard(() => budgets.listBudgets(scope, query)),
    listGateBudgets: (scope) => guard(() => budgets.listGateBudgets(scope)),
    recordBudgetAlert: (scope, alert) => guard(() => budgets.recordBudgetAlert(scope, alert)),
    listBudgetAlerts: (scope, id, limit) => guard(() => budgets.listBudgetAlerts(scope, id, limit)),
    listPriceOverrides: (scope) => guard(() => prices.listPriceOverrides(scope)),
    putPriceOverrides: (scope, overrides, audit) => guard(() => prices.putPriceOverrides(scope, overrides, audit)),
    deletePriceOverride: (scope, provider, model, audit) => guard(() => prices.deletePriceOverride(scope, provider, model, audit)),
    appendPolicyVersion: (scope, write, audit) => guard(() => policies.appendPolicyVersion(scope, write, audit)),
    getPolicyVersion: (orgId, id, version) => guard(() => policies.getPolicyVersion(orgId, id, version)),
    listPolicyVersions: (orgId, id) => guard(() => policies.listPolicyVersions(orgId, id)),
    listLivePolicies: (orgId) => guard(() => policies.listLivePolicies(orgId)),
    insertWebhook: (scope, webhook, cursorSeq, audit) => guard(() => webhooks.insertWebhook(scope, webhook, cursorSeq, audit)),
    updateWebhook: (scope, webhook, audit, opts) => guard(() => webhooks.updateWebhook(scope, webhook, audit, opts)),
    deleteWebhook: (scope, id, audit) => guard(() => webhooks.deleteWebhook(scope, id, audit)),
    getWebhook: (scope, id) => guard(() => webhooks.getWebhook(scope, id)),
    listWebhooks: (scope) => guard(() => webhooks.listWebhooks(scope)),
    listEnabledWebhooks: () => guard(() => webhooks.listEnabledWebhooks()),
    advanceWebhookCursor: (scope, id, from, to, deliveries) => guard(() => webhooks.advanceWebhookCursor(scope, id, from, to, deliveries)),
    insertWebhookDelivery: (scope, delivery) => guard(() => webhooks.insertWebhookDelivery(scope, delivery)),
    claimWebhookDeliveries: (now, until, limit, token) => guard(() => webhooks.claimWebhookDeliveries(now, until, limit, token)),
    recordWebhookAttempt: (id, token, record) => guard(() => webhooks.recordWebhookAttempt(id, token, record)),
    listWebhookDeliveries: (scope, id, query) => guard(() => webhooks.listWebhookDeliveries(scope, id, query)),
    getWebhookDelivery: (scope, id, deliveryId) => guard(() => webhooks.getWebhookDelivery(scope, id, deliveryId)),
    redeliverWebhookDelivery: (scope, id, deliveryId, at) => guard(() => webhooks.redeliverWebhookDelivery(scope, id, deliveryId, at)),
    getAlertRules: (scope) => guard(() => alerts.getAlertRules(scope)),
    putAlertRules: (scope, rules, audit) => guard(() => alerts.putAlertRules(scope, rules, audit)),
    listAlertScopes: () => guard(() => alerts.listAlertScopes()),
    alertSignals: (scope, query) => guard(() => alerts.alertSignals(scope, query)),
    listFiringAlerts: (scope) => guard(() => alerts.listFiringAlerts(scope)),
    fireAlert: (scope, alert, deliveries) => guard(() => alerts.fireAlert(scope, alert, deliveries)),
    resolveAlert: (scope, id, at, value, deliveries) => guard(() => alerts.resolveAlert(scope, id, at, value, deliveries)),
    listAlerts: (scope, query) => guard(() => alerts.listAlerts(scope, query)),
    getAlert: (scope, id) => guard(() => alerts.getAlert(scope, id)),
    recordAudit: (scope, entry) => guard(() => audit.recordAudit(scope, entry)),
    auditForExecution: (scope, id) => guard(() => audit.auditForExecution(scope, id)),
    searchAudit: (scope, query) => guard(() => audit.searchAudit(scope, query)),
    readAuditChain: (scope, query) => guard(() => audit.readAuditChain(scope, query)),
    auditHead: (scope) => guard(() => audit.auditHead(scope)),
    putRerunTarget: (scope, target, entry) => guard(() => reruns.putRerunTarget(scope, target, entry)),
    getRerunTarget: (scope, name) => guard(() => reruns.getRerunTarget(scope, name)),
    listRerunTargets: (scope) => guard(() => reruns.listRerunTargets(scope)),
    deleteRerunTarget: (scope, name, entry) => guard(() => reruns.deleteRerunTarget(scope, name, entry)),
    listChildExecutions: (scope, id, limit) => guard(() => reruns.listChildExecutions(scope, id, limit)),
  };
  return store;
}
