/** @module Re-run targets and re-runs on the wire (snake_case). A target's secret never appears here: only its hint. */
import type { Execution } from '../../core/executions/execution.js';
import type { Rerun, RerunDispatch, RerunFromStep, RerunTarget } from '../../core/reruns/index.js';
import { secretHint } from '../../core/webhooks/webhook.js';
import type { RerunResponse, RerunTargetWire, RerunWire } from '../../shared/reruns.js';
import type { LinkedRerun } from '../../services/rerun-service.js';

export function presentRerunTarget(target: RerunTarget): RerunTargetWire {
  return {
    workflow_name: target.workflowName,
    url: target.url,
    description: target.description,
    secret_hint: secretHint(target.secret),
    org_id: target.orgId,
    tenant_id: target.tenantId,
    created_by: target.createdBy,
    updated_by: target.updatedBy,
    created_at: target.createdAt,
    updated_at: target.updatedAt,
  };
}

const fromStepWire = (step: RerunFromStep | undefined) => (step ? { step_index: step.stepIndex, step_id: step.stepId, step_name: step.name } : undefined);

function deliveryWire(dispatch: RerunDispatch) {
  return {
    status: dispatch.outcome === 'ok' ? ('delivered' as const) : ('failed' as const),
    response_status: dispatch.responseStatus,
    error: dispatch.error,
    duration_ms: dispatch.latencyMs,
    at: dispatch.at,
  };
}

export function presentRerunOutcome(execution: Execution, rerun: Rerun & { readonly dispatch: RerunDispatch }): RerunResponse {
  return {
    rerun_id: rerun.rerunId,
    execution_id: execution.executionId,
    workflow_name: execution.name,
    target_url: rerun.targetUrl,
    requested_at: rerun.requestedAt,
    requested_by: rerun.requestedBy,
    reason: rerun.reason,
    from_step: fromStepWire(rerun.fromStep),
    delivery: deliveryWire(rerun.dispatch),
  };
}

export function presentRerun({ rerun, child }: LinkedRerun): RerunWire {
  return {
    rerun_id: rerun.rerunId,
    requested_at: rerun.requestedAt,
    requested_by: rerun.requestedBy,
    reason: rerun.reason,
    from_step: fromStepWire(rerun.fromStep),
    target_url: rerun.targetUrl,
    delivery: rerun.dispatch ? deliveryWire(rerun.dispatch) : undefined,
    execution_id: child?.executionId,
    execution_status: child?.status,
  };
}
