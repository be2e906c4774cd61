/**
 * @module The event timeline: every event of a run in order, with its offset from the start, its
 * step, a one-line summary an operator can read, and a duration where the event has one (provider
 * and connector calls), so a UI can draw a waterfall of steps, attempts, decisions and approvals.
 */
import type { ExecutionEvent } from '../../core/events/event-catalogue.js';
import type { Execution, Step } from '../../core/executions/index.js';
import type { TimelineItem } from '../../shared/executions.js';
import { toSnakeCase } from './snake-case.js';

const usd = (n: number) => `$${n.toFixed(n < 0.01 ? 6 : 4)}`;

export function summarise(event: ExecutionEvent, stepName: (id: string) => string): string {
  switch (event.type) {
    case 'execution.created':
      return `Run ${event.data.name} started (${event.data.source})`;
    case 'execution.started':
      return 'Run running';
    case 'execution.resumed':
      return `Run resumed${event.data.by ? ` by ${event.data.by}` : ''}`;
    case 'step.gated': {
      const d = event.data;
      const what = d.cached ? 'Gate retried' : 'Gate';
      return `${what} ${stepName(d.stepId)}: ${d.decision}${d.reason ? ` (${d.reason})` : ''}${d.policiesMatched.length ? `; policies ${d.policiesMatched.map((p) => p.policyName).join(', ')}` : ''}`;
    }
    case 'step.started':
      return `Step ${stepName(event.data.stepId)} started`;
    case 'step.attempt_failed':
      return `Attempt ${event.data.attempt} of ${stepName(event.data.stepId)} failed (${event.data.error.source}): ${event.data.error.message}${event.data.backoffMs !== undefined ? `; retry in ${event.data.backoffMs} ms` : ''}`;
    case 'provider.called': {
      const d = event.data;
      return `${d.provider}/${d.model} ${d.outcome === 'ok' ? 'answered' : `failed: ${d.error ?? 'error'}`} in ${d.latencyMs} ms, ${d.tokensIn}/${d.tokensOut} tokens, ${usd(d.costUsd)}`;
    }
    case 'connector.called': {
      const d = event.data;
      return `${d.connector}.${d.operation} ${d.outcome === 'ok' ? 'ok' : `failed: ${d.error ?? d.errorType ?? 'error'}`} in ${d.latencyMs} ms`;
    }
    case 'agent.handoff':
      return `Handed to agent ${event.data.agentId}${event.data.parentStepId ? ` from ${stepName(event.data.parentStepId)}` : ''}`;
    case 'step.completed':
      return `Step ${stepName(event.data.stepId)} completed`;
    case 'step.failed':
      return `Step ${stepName(event.data.stepId)} failed (${event.data.error.source}): ${event.data.error.message}`;
    case 'step.skipped':
      return `Step ${stepName(event.data.stepId)} skipped${event.data.reason ? `: ${event.data.reason}` : ''}`;
    case 'approval.requested':
      return `Approval requested for ${stepName(event.data.stepId)}: ${event.data.reason}`;
    case 'approval.decided':
      return `${event.data.decision === 'approved' ? 'Approved' : 'Rejected'} by ${event.data.by}: ${event.data.comment}`;
    case 'approval.expired':
      return `Approval for ${stepName(event.data.stepId)} expired`;
    case 'approval.sla_breached':
      return `Approval for ${stepName(event.data.stepId)} is past its SLA`;
    case 'execution.cancel_requested':
      return `Cancel requested by ${event.data.by}: ${event.data.reason}`;
    case 'execution.completed':
      return 'Run completed';
    case 'execution.failed':
      return `Run failed: ${event.data.error.message}`;
    case 'execution.cancelled':
      return `Run cancelled: ${event.data.reason}`;
    case 'execution.aborted':
      return `Run aborted: ${event.data.reason}`;
    case 'execution.expired':
      return `Run expired: ${event.data.reason}`;
    case 'rerun.requested': {
      const d = event.data;
      return `Re-run ${d.rerunId} requested by ${d.requestedBy}${d.fromStep ? ` from step ${d.fromStep.stepIndex} (${d.fromStep.name})` : ''}: ${d.reason}`;
    }
    case 'rerun.dispatched': {
      const d = event.data;
      return d.outcome === 'ok' ? `Re-run ${d.rerunId} accepted by its target (HTTP ${d.responseStatus ?? '?'}) in ${d.latencyMs} ms` : `Re-run ${d.rerunId} not accepted by its target: ${d.error ?? 'error'}`;
    }
  }
}

export function presentEventTimeline(execution: Execution, steps: readonly Step[], events: readonly ExecutionEvent[], truncated: boolean) {
  const byId = new Map(steps.map((s) => [s.stepId, s]));
  const start = Date.parse(execution.startedAt);
  const items: TimelineItem[] = events.map((event) => {
    const stepId = (event.data as { stepId?: string }).stepId;
    const duration = (event.data as { latencyMs?: number }).latencyMs;
    return {
      seq: event.seq,
      at: event.at,
      offset_ms: Date.parse(event.at) - start,
      type: event.type,
      step_id: stepId,
      step_index: stepId ? byId.get(stepId)?.stepIndex : undefined,
      summary: summarise(event, (id) => byId.get(id)?.name ?? id),
      duration_ms: duration,
      data: toSnakeCase(event.data) as Record<string, unknown>,
    };
  });
  return { execution_id: execution.executionId, started_at: execution.startedAt, completed_at: execution.completedAt, items, truncated };
}
