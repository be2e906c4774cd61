/**
 * @module The body a re-run target receives. Fixed when the request is made and signed as sent:
 * snake_case like every wire body, `from_step` and `input_overrides` null rather than absent so a
 * receiver can tell "not asked for" from a typo. `parent_execution_id` is the run to re-run (the
 * value the new run must carry), the same as `execution_id`; both are kept so a receiver can pass
 * the one named for what it does.
 */
import type { Execution } from '../executions/execution.js';
import { executionLinks } from '../webhooks/webhook-payload.js';
import type { Rerun } from './rerun.js';

export const RERUN_EVENT = 'rerun.requested';

export interface RerunPayloadInput {
  readonly execution: Execution;
  readonly rerun: Rerun;
  /** The original run's input, whole (from its `execution.created` event, not the capped projection). */
  readonly input: unknown;
  readonly inputOverrides?: Readonly<Record<string, unknown>>;
}

export function rerunPayload({ execution, rerun, input, inputOverrides }: RerunPayloadInput): Record<string, unknown> {
  return {
    event: RERUN_EVENT,
    rerun_id: rerun.rerunId,
    execution_id: execution.executionId,
    parent_execution_id: execution.executionId,
    workflow_name: execution.name,
    org_id: execution.orgId,
    tenant_id: execution.tenantId,
    trace_id: execution.traceId,
    from_step: rerun.fromStep ? { step_index: rerun.fromStep.stepIndex, step_id: rerun.fromStep.stepId, step_name: rerun.fromStep.name } : null,
    input: input ?? null,
    input_overrides: inputOverrides ?? null,
    reason: rerun.reason,
    requested_by: rerun.requestedBy,
    timestamp: rerun.requestedAt,
    links: executionLinks(execution.executionId),
  };
}
