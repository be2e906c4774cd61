/**
 * @module Turns one wire IngestEvent into the domain event it reports. LLM calls without a cost
 * are priced from the price table here, so the log stores the cost that was charged.
 */
import type { EventDraft } from '../../core/events/event-catalogue.js';
import { costOf, type PriceTable } from '../../core/pricing/index.js';
import type { IngestItem } from '../../services/ingest-service.js';
import type { IngestEvent } from '../../shared/ingest.js';

type WireError = { message: string; type?: string; code?: string; source?: 'provider' | 'connector' | 'step' };

function stepError(error: WireError) {
  return { message: error.message, type: error.type, code: error.code, source: error.source ?? 'step' } as const;
}

export function decodeIngestEvent(event: IngestEvent, index: number, prices: PriceTable): IngestItem {
  // Stored times are ISO-8601 UTC with milliseconds (decision 0001), so they sort and compare as
  // text; a client's offset or missing milliseconds would otherwise misplace the event in windows.
  const common = { eventId: event.event_id, at: event.at === undefined ? undefined : new Date(event.at).toISOString() };
  let draft: EventDraft;
  switch (event.type) {
    case 'execution.started':
      draft = {
        type: 'execution.created',
        data: {
          executionType: 'reported',
          name: event.workflow_name,
          source: event.source ?? 'external',
          traceId: event.trace_id,
          metadata: event.metadata,
          input: event.input,
          parentExecutionId: event.parent_execution_id,
          rerunId: event.rerun_id,
          totalSteps: event.total_steps,
          userId: event.user_id,
        },
      };
      break;
    case 'execution.completed':
      draft = { type: 'execution.completed', data: { output: event.output } };
      break;
    case 'execution.failed':
      draft = { type: 'execution.failed', data: { error: stepError(event.error), stepId: event.step_id } };
      break;
    case 'step.started':
      draft = {
        type: 'step.started',
        data: {
          stepId: event.step_id,
          name: event.step_name,
          stepType: event.step_type,
          input: event.input,
          agentId: event.agent_id,
          parentStepId: event.parent_step_id,
          provider: event.provider,
          model: event.model,
          tool: event.tool,
        },
      };
      break;
    case 'step.completed':
      draft = {
        type: 'step.completed',
        data: { stepId: event.step_id, output: event.output, tokensIn: event.tokens_in, tokensOut: event.tokens_out, costUsd: event.cost_usd, provider: event.provider, model: event.model },
      };
      break;
    case 'step.failed':
      draft = { type: 'step.failed', data: { stepId: event.step_id, error: stepError(event.error) } };
      break;
    case 'llm.call': {
      const costUsd =
        event.cost_usd ??
        costOf(prices, { provider: event.provider, model: event.model, tokensIn: event.tokens_in, tokensOut: event.tokens_out, tokensCached: event.tokens_cached }).costUsd;
      draft = {
        type: 'provider.called',
        data: {
          stepId: event.step_id,
          provider: event.provider,
          model: event.model,
          tokensIn: event.tokens_in,
          tokensOut: event.tokens_out,
          tokensCached: event.tokens_cached,
          latencyMs: event.latency_ms,
          outcome: event.status,
          error: event.error,
          costUsd,
        },
      };
      break;
    }
    case 'retry.attempt':
      draft = { type: 'step.attempt_failed', data: { stepId: event.step_id, attempt: event.attempt, error: stepError(event.error), backoffMs: event.backoff_ms } };
      break;
    case 'connector.call':
      draft = {
        type: 'connector.called',
        data: {
          stepId: event.step_id,
          connector: event.connector,
          operation: event.operation,
          latencyMs: event.latency_ms,
          outcome: event.status,
          error: event.error,
          errorType: event.error_type,
        },
      };
      break;
    case 'agent.handoff':
      draft = { type: 'agent.handoff', data: { stepId: event.step_id, agentId: event.agent_id, parentStepId: event.parent_step_id, name: event.step_name } };
      break;
  }
  return { index, executionId: event.execution_id, draft: { ...draft, ...common } as IngestItem['draft'] };
}
