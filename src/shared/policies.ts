/** @module Policies as data: the file format (YAML or JSON), the policies API and simulation. */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** Policy ids go in URL paths: no slashes, no colons (`budget:` names budget matches). */
export const PolicyId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must start with a letter or digit and contain only letters, digits and . _ -');

export const DETECTOR_KIND_NAMES = ['email', 'phone', 'credit_card', 'us_ssn', 'iban', 'ipv4', 'ipv6', 'jwt', 'api_key', 'private_key', 'pii', 'secrets'] as const;

export const RedactOptions = z
  .object({
    kinds: z
      .array(z.enum(DETECTOR_KIND_NAMES))
      .min(1)
      .optional()
      .meta({ description: 'Detector kinds, or the groups `pii` and `secrets`, to mask; every kind when absent' }),
    in_response: z.boolean().default(false).meta({ description: 'Also answer the gate with the masked input (`redacted_input`)' }),
  })
  .strict();

const policyFields = {
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
  approval_sla_seconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .optional()
    .meta({ description: 'For require_approval: how long reviewers have before the approval is reported past its SLA (approval.sla_breached); server default 4 h' }),
  on_reject: z
    .enum(['abort', 'fail'])
    .optional()
    .meta({ description: 'For require_approval: what a rejection does to the run; default abort (AxonFlow)' }),
  redact: RedactOptions.optional(),
};

export const PolicyDefinition = z
  .object({ id: PolicyId, ...policyFields })
  .strict()
  .meta({ id: 'PolicyDefinition' });

export const PolicyFile = z.object({ policies: z.array(PolicyDefinition) }).strict();

/** `PUT /api/v1/policies/{id}`: the id comes from the path; a body id must agree. */
export const PolicyUpdate = z
  .object({ id: PolicyId.optional(), ...policyFields })
  .strict()
  .meta({ id: 'PolicyUpdate' });

export const PolicyIdParams = z.object({ id: PolicyId });

/** Versions are 32-bit integers in the store; a larger one cannot exist. */
const PolicyVersion = z.coerce.number().int().min(1).max(2_147_483_647);

export const PolicyReadQuery = z.object({ version: PolicyVersion.optional() }).strict();

export const PolicyWriteQuery = z
  .object({ expected_version: PolicyVersion.optional().meta({ description: 'Refuse (409) unless the live version is this one' }) })
  .strict();

export const PolicyResource = PolicyDefinition.extend({
  version: z.number().int(),
  source: z.enum(['file', 'api']).meta({ description: '`file`: from the deployment policy files, read-only' }),
  created_at: Timestamp.optional(),
  created_by: z.string().optional(),
}).meta({ id: 'Policy' });

export const PolicyList = z.object({ policies: z.array(PolicyResource), count: z.number().int() }).meta({ id: 'PolicyList' });

export const PolicyVersionEntry = z
  .object({
    policy_id: z.string(),
    version: z.number().int(),
    deleted: z.boolean(),
    created_at: Timestamp.optional(),
    created_by: z.string().optional(),
    policy: PolicyResource.optional().meta({ description: 'Absent on a deletion' }),
  })
  .meta({ id: 'PolicyVersion' });

export const PolicyVersionList = z.object({ policy_id: z.string(), versions: z.array(PolicyVersionEntry) }).meta({ id: 'PolicyVersionList' });

export type PolicyDefinition = z.infer<typeof PolicyDefinition>;
export type PolicyUpdate = z.infer<typeof PolicyUpdate>;
export type PolicyResource = z.infer<typeof PolicyResource>;

export const PolicySimulationRequest = z
  .object({
    policies: z.array(PolicyDefinition).min(1).max(100).meta({ description: 'The draft policies' }),
    mode: z
      .enum(['overlay', 'replace'])
      .default('overlay')
      .meta({ description: '`overlay`: drafts replace live policies of the same id and join the others; `replace`: evaluate the drafts alone' }),
    start_time: Timestamp.optional().meta({ description: 'Runs started at or after; default 7 days before end_time' }),
    end_time: Timestamp.optional().meta({ description: 'Runs started at or before; default now' }),
    workflow: z.string().min(1).max(500).optional().meta({ description: 'Only runs of this workflow name' }),
    max_steps: z.number().int().min(1).max(100_000).default(10_000),
    examples_per_policy: z.number().int().min(0).max(20).default(3),
  })
  .strict()
  .meta({ id: 'PolicySimulationRequest' });

const Decision = z.enum(['allow', 'block', 'require_approval']);

export const PolicySimulationResponse = z
  .object({
    mode: z.enum(['overlay', 'replace']),
    start_time: Timestamp,
    end_time: Timestamp,
    executions_scanned: z.number().int(),
    steps_evaluated: z.number().int(),
    steps_changed: z.number().int(),
    truncated: z.boolean().meta({ description: 'max_steps was reached before the window was covered' }),
    transitions: z.array(z.object({ from: Decision, to: Decision, steps: z.number().int() })),
    policies: z.array(
      z.object({
        policy_id: z.string(),
        policy_name: z.string(),
        action: z.string(),
        matched_steps: z.number().int(),
        changed_steps: z.number().int().meta({ description: 'Steps whose decision changes where this policy’s own verdict changed' }),
        errors: z.number().int().meta({ description: 'Steps where the expression read a missing field' }),
        examples: z.array(
          z.object({
            execution_id: z.string(),
            workflow_name: z.string(),
            step_id: z.string(),
            step_name: z.string(),
            recorded_decision: Decision,
            simulated_decision: Decision,
            reason: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PolicySimulationResponse' });
