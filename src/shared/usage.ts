/**
 * @module The usage wire (AxonFlow reference §3.6): totals over a UTC calendar period and
 * breakdowns by workflow, provider, model, agent or tenant, most expensive first.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const UsagePeriodWire = z.enum(['daily', 'weekly', 'monthly', 'quarterly', 'yearly']).meta({ id: 'UsagePeriod' });
export const UsageGroupByWire = z.enum(['workflow', 'provider', 'model', 'agent', 'tenant']).meta({ id: 'UsageGroupBy' });

const filters = {
  period: UsagePeriodWire.default('monthly').meta({ description: 'The current UTC calendar period; default monthly' }),
  start_time: Timestamp.optional().meta({ description: 'Replaces the start of the period (inclusive)' }),
  end_time: Timestamp.optional().meta({ description: 'Replaces the end of the period (exclusive)' }),
  provider: z.string().min(1).max(100).optional(),
  model: z.string().min(1).max(200).optional(),
  agent_id: Id.optional(),
  workflow: z.string().min(1).max(500).optional().meta({ description: 'The workflow (run) name' }),
  tenant_id: Id.optional().meta({ description: 'Admins: another tenant of the org' }),
};

export const UsageQuery = z.object(filters).strict();
export const UsageBreakdownQuery = z
  .object({ ...filters, group_by: UsageGroupByWire.default('provider').meta({ description: 'tenant (admin only) spans every tenant of the org' }) })
  .strict();

export const UsageSummary = z
  .object({
    period: UsagePeriodWire,
    period_start: Timestamp,
    period_end: Timestamp,
    cost_usd: z.number(),
    tokens_in: z.number().int(),
    tokens_out: z.number().int(),
    total_tokens: z.number().int(),
    request_count: z.number().int(),
    tenant_id: z.string(),
  })
  .meta({ id: 'UsageSummary' });

export const UsageBreakdownItem = z
  .object({
    group_by: UsageGroupByWire,
    group_value: z.string().meta({ description: 'Empty for records without a value (a step with no agent)' }),
    cost_usd: z.number(),
    tokens_in: z.number().int(),
    tokens_out: z.number().int(),
    request_count: z.number().int(),
    percentage: z.number().meta({ description: 'Share of total_cost_usd, in percent' }),
  })
  .meta({ id: 'UsageBreakdownItem' });

export const UsageBreakdownResponse = z
  .object({
    group_by: UsageGroupByWire,
    period: UsagePeriodWire,
    period_start: Timestamp,
    period_end: Timestamp,
    total_cost_usd: z.number(),
    total_tokens_in: z.number().int(),
    total_tokens_out: z.number().int(),
    total_request_count: z.number().int(),
    items: z.array(UsageBreakdownItem),
  })
  .meta({ id: 'UsageBreakdownResponse' });
