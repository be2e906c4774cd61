/**
 * @module The budgets wire (AxonFlow reference §3.6), with our scopes: organization | tenant |
 * workflow | agent | provider. Periods are UTC calendar periods; `limit_usd` > 0.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { UsagePeriodWire } from './usage.js';

export const BudgetScopeWire = z.enum(['organization', 'tenant', 'workflow', 'agent', 'provider']).meta({ id: 'BudgetScope' });
export const BudgetActionWire = z.enum(['warn', 'block', 'require_approval']).meta({ id: 'BudgetOnExceed' });
const LimitUsd = z.number().positive().max(1e9);
const Threshold = z.number().int().min(1).max(1000).meta({ description: 'Percent of limit_usd' });
const Thresholds = z.array(Threshold).max(10).meta({ description: 'Default [50, 80, 100]; each alerts once per period' });
const Name = z.string().min(1).max(200);
const Description = z.string().max(2000);
const ScopeId = z.string().min(1).max(500).meta({ description: 'Workflow name, agent id or provider; the tenant for tenant budgets; none for organization' });

export const BudgetIdParams = z.object({ id: Id }).strict();
export const BudgetTenantQuery = z.object({ tenant_id: Id.optional().meta({ description: "Admins: another tenant of the org" }) }).strict();

export const CreateBudgetRequest = z
  .object({
    id: Id.optional().meta({ description: 'Chosen by the caller (409 when taken in the tenant); generated when absent' }),
    name: Name,
    description: Description.optional(),
    scope: BudgetScopeWire,
    scope_id: ScopeId.optional(),
    limit_usd: LimitUsd,
    period: UsagePeriodWire,
    on_exceed: BudgetActionWire.default('warn'),
    alert_thresholds: Thresholds.optional(),
    enabled: z.boolean().default(true),
    tenant_id: Id.optional().meta({ description: 'Admins: create the budget in another tenant of the org' }),
  })
  .strict()
  .meta({ id: 'CreateBudgetRequest' });

export const UpdateBudgetRequest = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    limit_usd: LimitUsd.optional(),
    period: UsagePeriodWire.optional(),
    on_exceed: BudgetActionWire.optional(),
    alert_thresholds: Thresholds.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'UpdateBudgetRequest' });

export const ListBudgetsQuery = z
  .object({
    scope: BudgetScopeWire.optional(),
    scope_id: ScopeId.optional(),
    enabled: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    offset: z.coerce.number().int().min(0).default(0),
    tenant_id: Id.optional(),
  })
  .strict();

export const BudgetAlertsQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(20), tenant_id: Id.optional() })
  .strict();

export const BudgetWire = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    scope: BudgetScopeWire,
    scope_id: z.string().optional(),
    limit_usd: z.number(),
    period: UsagePeriodWire,
    on_exceed: BudgetActionWire,
    alert_thresholds: z.array(z.number()),
    enabled: z.boolean(),
    org_id: z.string(),
    tenant_id: z.string(),
    created_by: z.string(),
    updated_by: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Budget' });

export const BudgetList = z
  .object({ budgets: z.array(BudgetWire), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
  .meta({ id: 'BudgetList' });

export const BudgetStatusWire = z
  .object({
    budget: BudgetWire,
    used_usd: z.number(),
    remaining_usd: z.number(),
    percentage: z.number(),
    period_start: Timestamp,
    period_end: Timestamp.meta({ description: 'Exclusive: the start of the next period' }),
    is_exceeded: z.boolean(),
    is_blocked: z.boolean(),
  })
  .meta({ id: 'BudgetStatus' });

export const BudgetAlertWire = z
  .object({
    id: z.string(),
    budget_id: z.string(),
    period_start: Timestamp,
    threshold: z.number(),
    percentage_reached: z.number(),
    amount_usd: z.number(),
    limit_usd: z.number(),
    alert_type: z.enum(['threshold_reached', 'budget_exceeded']),
    message: z.string(),
    acknowledged: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'BudgetAlert' });

export const BudgetAlertList = z.object({ alerts: z.array(BudgetAlertWire), count: z.number().int() }).meta({ id: 'BudgetAlertList' });

export const BudgetCheckRequest = z
  .object({
    workflow: z.string().min(1).max(500).optional().meta({ description: 'The workflow (run) name' }),
    workflow_id: z.string().min(1).max(500).optional().meta({ description: "AxonFlow's name for workflow (it matches the name)" }),
    agent_id: Id.optional(),
    provider: z.string().min(1).max(100).optional(),
    estimated_cost_usd: z.number().min(0).max(1e9).optional().meta({ description: 'Counts toward the limits, as a gate counts its declared cost_usd' }),
    tenant_id: Id.optional().meta({ description: 'Admins: check for another tenant of the org' }),
    org_id: Id.optional().meta({ description: 'Accepted for AxonFlow clients and ignored: the credential decides the org' }),
    team_id: Id.optional().meta({ description: 'Accepted for AxonFlow clients and ignored: there are no team budgets' }),
    user_id: Id.optional().meta({ description: 'Accepted for AxonFlow clients and ignored: there are no user budgets' }),
  })
  .strict()
  .optional()
  .meta({ id: 'BudgetCheckRequest' });

export const BudgetCheckResponse = z
  .object({
    allowed: z.boolean(),
    action: BudgetActionWire.optional(),
    budget_id: z.string().optional(),
    budget_name: z.string().optional(),
    used_usd: z.number().optional(),
    limit_usd: z.number().optional(),
    percentage: z.number().optional(),
    message: z.string().optional(),
    budgets_checked: z.number().int(),
  })
  .meta({ id: 'BudgetCheckResponse' });

export type BudgetWire = z.infer<typeof BudgetWire>;
