/**
 * @module The one migration set both stores run, in name order. Append new migrations; never edit
 * one that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { ColumnTypes } from './column-types.js';
import { initial } from './0001-initial.js';
import { executionFilters } from './0002-execution-filters.js';
import { auditLog } from './0003-audit-log.js';
import { serverKeys } from './0004-server-keys.js';
import { policies } from './0005-policies.js';
import { budgets } from './0006-budgets.js';
import { webhooks } from './0007-webhooks.js';
import { approvals } from './0008-approvals.js';
import { alerts } from './0009-alerts.js';
import { auditChain } from './0010-audit-chain.js';
import { webhookFormat } from './0011-webhook-format.js';
import { rerunTargets } from './0012-rerun-targets.js';

export type { ColumnTypes } from './column-types.js';

export function migrationProvider(types: ColumnTypes): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001-initial': initial(types),
    '0002-execution-filters': executionFilters(types),
    '0003-audit-log': auditLog(types),
    '0004-server-keys': serverKeys(),
    '0005-policies': policies(types),
    '0006-budgets': budgets(types),
    '0007-webhooks': webhooks(types),
    '0008-approvals': approvals(),
    '0009-alerts': alerts(types),
    '0010-audit-chain': auditChain(types),
    '0011-webhook-format': webhookFormat(),
    '0012-rerun-targets': rerunTargets(types),
  };
  return { getMigrations: async () => migrations };
}
