/**
 * @module Policies for approval tests, compiled through the real engine: transfers need approval
 * (1 h TTL, 10 min SLA), refunds need approval and fail the run when rejected, anything named
 * `payments.wire` needs approval with the server's defaults.
 */
import type { CompiledPolicy } from '../core/policies/index.js';
import { compilePolicy } from '../core/policies/compile-policy.js';
import { specOf } from '../server/presenters/policy-presenter.js';
import { PolicyDefinition } from '../shared/policies.js';

const DEFINITIONS = [
  {
    id: 'transfer_needs-approval',
    name: 'Transfers need a reviewer',
    when: 'tool != null && tool.name == "payments.transfer"',
    action: 'require_approval',
    reason: 'Transfers need a reviewer',
    approval_ttl_seconds: 3600,
    approval_sla_seconds: 600,
  },
  {
    id: 'refund-fails-on-reject',
    name: 'Refunds need a reviewer',
    when: 'tool != null && tool.name == "payments.refund"',
    action: 'require_approval',
    reason: 'Refunds need a reviewer',
    on_reject: 'fail',
  },
  { id: 'wire-needs-approval', name: 'Wires need a reviewer', when: 'tool != null && tool.name == "payments.wire"', action: 'require_approval', reason: 'Wires need a reviewer' },
] as const;

export function approvalPolicies(): CompiledPolicy[] {
  return DEFINITIONS.map((d) => compilePolicy({ ...specOf(PolicyDefinition.parse(d)), version: 1, source: 'file' }));
}

export const TRANSFER_TTL_MS = 3_600_000;
export const TRANSFER_SLA_MS = 600_000;
