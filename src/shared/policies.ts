/** @module Policies as data: the file format (YAML or JSON) and, later, the policies API body. */
import { z } from 'zod';
import { Id } from './common.js';

export const PolicyDefinition = z
  .object({
    id: Id,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    enabled: z.boolean().default(true),
    priority: z.number().int().min(-1000).max(1000).default(0),
    severity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
    scope: z.object({ tenant_id: Id.optional(), workflow: z.string().min(1).max(500).optional() }).strict().optional(),
    when: z.string().min(1).max(10_000).meta({ description: 'A CEL expression over the gate facts (docs/policies.md)' }),
    action: z.enum(['block', 'require_approval', 'redact', 'warn', 'log', 'allow']),
    reason: z.string().min(1).max(2000).meta({ description: 'Shown to operators and agents; {path} placeholders read gate facts' }),
    approval_ttl_seconds: z.number().int().min(60).max(30 * 24 * 3600).optional(),
  })
  .strict()
  .meta({ id: 'PolicyDefinition' });

export const PolicyFile = z.object({ policies: z.array(PolicyDefinition) }).strict();

export type PolicyDefinition = z.infer<typeof PolicyDefinition>;
