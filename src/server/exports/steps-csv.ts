/**
 * @module The `csv` export: one row per step, in step order, with a header row (RFC 4180 quoting by
 * csv-stringify). Text cells that a spreadsheet would run as a formula (starting with = + - @, a
 * tab or a carriage return) are prefixed with an apostrophe (OWASP CSV injection); numbers are not.
 * Latency is the time spent in the step's provider and connector calls; duration is wall time.
 */
import { stringify } from 'csv-stringify/sync';
import type { Step } from '../../core/executions/index.js';
import type { RunExport } from '../../services/export-service.js';

export const STEP_CSV_COLUMNS = [
  'index',
  'step_id',
  'name',
  'type',
  'status',
  'decision',
  'agent_id',
  'provider',
  'model',
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'latency_ms',
  'duration_ms',
  'attempts',
  'approval_status',
  'started_at',
  'completed_at',
  'error',
] as const;

function row(step: Step): (string | number)[] {
  const latency = step.providerCalls.reduce((sum, c) => sum + c.latencyMs, 0) + step.connectorCalls.reduce((sum, c) => sum + c.latencyMs, 0);
  return [
    step.stepIndex,
    step.stepId,
    step.name,
    step.stepType,
    step.status,
    step.decision ?? '',
    step.agentId ?? '',
    step.provider ?? '',
    step.model ?? '',
    step.tokensIn,
    step.tokensOut,
    step.costUsd,
    latency,
    step.durationMs ?? '',
    step.attempts.length + 1,
    step.approvalStatus ?? '',
    step.startedAt ?? step.gatedAt ?? '',
    step.endedAt ?? '',
    step.error?.message ?? '',
  ];
}

export async function* stepsCsv(run: RunExport): AsyncGenerator<string> {
  yield stringify([STEP_CSV_COLUMNS as unknown as string[]]);
  for await (const page of run.steps()) yield stringify(page.map(row), { escape_formulas: true });
}
