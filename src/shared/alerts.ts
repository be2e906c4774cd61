/**
 * @module The built-in alerts wire (docs/alerts.md): per-tenant rules of five kinds, and alert
 * episodes (firing, then resolved) with their history.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const ALERT_KIND_VALUES = ['failure_rate', 'pending_approvals', 'connector_errors', 'retry_loops', 'cost_growth'] as const;
export const AlertKindWire = z.enum(ALERT_KIND_VALUES).meta({ id: 'AlertKind' });
export const AlertStateWire = z.enum(['firing', 'resolved']).meta({ id: 'AlertState' });

const Minutes = z.number().int().min(1).max(7 * 24 * 60);
const Count = z.number().int().min(0).max(1_000_000);

export const FailureRateRuleWire = z.object({ enabled: z.boolean(), threshold_pct: z.number().min(0).max(100), window_minutes: Minutes, min_runs: z.number().int().min(1).max(1_000_000) }).strict();
export const PendingApprovalsRuleWire = z.object({ enabled: z.boolean(), max_pending: Count, max_oldest_minutes: Minutes }).strict();
export const ConnectorErrorsRuleWire = z.object({ enabled: z.boolean(), min_errors: z.number().int().min(1).max(1_000_000), window_minutes: Minutes }).strict();
export const RetryLoopsRuleWire = z.object({ enabled: z.boolean(), min_retries: z.number().int().min(1).max(1000), window_minutes: Minutes }).strict();
export const CostGrowthRuleWire = z.object({ enabled: z.boolean(), factor: z.number().min(1).max(1000), window_minutes: Minutes, min_cost_usd: z.number().min(0).max(1e9) }).strict();

export const AlertRulesWire = z
  .object({
    failure_rate: FailureRateRuleWire,
    pending_approvals: PendingApprovalsRuleWire,
    connector_errors: ConnectorErrorsRuleWire,
    retry_loops: RetryLoopsRuleWire,
    cost_growth: CostGrowthRuleWire,
  })
  .meta({ id: 'AlertRules' });

export const AlertRulesResponse = z
  .object({ tenant_id: z.string(), rules: AlertRulesWire, defaults: AlertRulesWire, updated_at: Timestamp.optional() })
  .meta({ id: 'AlertRulesResponse' });

export const PutAlertRulesRequest = z
  .object({
    failure_rate: FailureRateRuleWire.partial().optional(),
    pending_approvals: PendingApprovalsRuleWire.partial().optional(),
    connector_errors: ConnectorErrorsRuleWire.partial().optional(),
    retry_loops: RetryLoopsRuleWire.partial().optional(),
    cost_growth: CostGrowthRuleWire.partial().optional(),
    tenant_id: Id.optional().meta({ description: 'Admins: another tenant of the org' }),
  })
  .strict()
  .meta({ id: 'PutAlertRulesRequest', description: 'Members given replace the stored ones; a kind or member left out keeps its current value (a stored override, or the default). `{}` per kind is allowed.' });

export const AlertWire = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    kind: AlertKindWire,
    subject: z.string().meta({ description: 'Workflow (failure_rate, retry_loops), connector (connector_errors), backlog | oldest_age (pending_approvals), tenant (cost_growth)' }),
    state: AlertStateWire,
    value: z.number().meta({ description: 'What was measured when it fired: percent, count, minutes or USD' }),
    threshold: z.number(),
    summary: z.string(),
    fired_at: Timestamp,
    resolved_at: Timestamp.optional(),
    resolved_value: z.number().optional(),
  })
  .meta({ id: 'Alert' });

export const AlertList = z.object({ alerts: z.array(AlertWire), firing: z.number().int() }).meta({ id: 'AlertList' });

export const ListAlertsQuery = z
  .object({
    state: AlertStateWire.optional(),
    kind: AlertKindWire.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    tenant_id: Id.optional().meta({ description: 'Admins: another tenant of the org' }),
  })
  .strict();
export const AlertTenantQuery = z.object({ tenant_id: Id.optional().meta({ description: 'Admins: another tenant of the org' }) }).strict();
export const AlertIdParams = z.object({ id: Id }).strict();
