/** @module Policies between the wire (snake_case, seconds) and core (camelCase, milliseconds). */
import type { Policy, PolicySpec } from '../../core/policies/index.js';
import type { PolicyVersionView, PolicyView } from '../../services/policy-service.js';
import type { PolicyDefinition, PolicyResource } from '../../shared/policies.js';

export function specOf(definition: PolicyDefinition): PolicySpec {
  return {
    id: definition.id,
    name: definition.name,
    description: definition.description,
    enabled: definition.enabled,
    priority: definition.priority,
    severity: definition.severity,
    scope: definition.scope ? { tenantId: definition.scope.tenant_id, workflow: definition.scope.workflow } : undefined,
    when: definition.when,
    action: definition.action,
    reason: definition.reason,
    approvalTtlMs: definition.approval_ttl_seconds !== undefined ? definition.approval_ttl_seconds * 1000 : undefined,
    approvalSlaMs: definition.approval_sla_seconds !== undefined ? definition.approval_sla_seconds * 1000 : undefined,
    onReject: definition.on_reject,
    redact: definition.redact ? { kinds: definition.redact.kinds ?? 'all', inResponse: definition.redact.in_response } : undefined,
  };
}

export function definitionOf(policy: Policy): PolicyDefinition {
  return {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    enabled: policy.enabled,
    priority: policy.priority,
    severity: policy.severity,
    scope: policy.scope ? { tenant_id: policy.scope.tenantId, workflow: policy.scope.workflow } : undefined,
    when: policy.when,
    action: policy.action,
    reason: policy.reason,
    approval_ttl_seconds: policy.approvalTtlMs !== undefined ? Math.round(policy.approvalTtlMs / 1000) : undefined,
    approval_sla_seconds: policy.approvalSlaMs !== undefined ? Math.round(policy.approvalSlaMs / 1000) : undefined,
    on_reject: policy.onReject,
    redact: policy.redact ? { kinds: policy.redact.kinds === 'all' ? undefined : ([...policy.redact.kinds] as NonNullable<PolicyDefinition['redact']>['kinds']), in_response: policy.redact.inResponse } : undefined,
  };
}

export function presentPolicy(view: PolicyView): PolicyResource {
  return { ...definitionOf(view.policy), version: view.policy.version, source: view.policy.source ?? 'api', created_at: view.createdAt, created_by: view.createdBy };
}

export function presentPolicyVersion(view: PolicyVersionView) {
  return {
    policy_id: view.policyId,
    version: view.version,
    deleted: view.deleted,
    created_at: view.createdAt,
    created_by: view.createdBy,
    policy: view.policy ? presentPolicy({ policy: view.policy, createdAt: view.createdAt, createdBy: view.createdBy }) : undefined,
  };
}
