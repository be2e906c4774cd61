/**
 * @module "Stuck": a run that is neither finished nor waiting on anyone, with no event for longer
 * than the configured time. It needs a clock, so it is derived when a run is read, not folded.
 * A stuck run keeps the class of its latest problem, or is a workflow logic bug (the agent or
 * orchestrator stopped without saying so).
 */
import type { Execution } from './execution.js';
import { isTerminalStatus } from './execution-status.js';

export const DEFAULT_STUCK_AFTER_MS = 15 * 60 * 1000;

export function isStuck(execution: Execution, now: string, stuckAfterMs: number): boolean {
  if (isTerminalStatus(execution.status) || execution.attention !== 'none') return false;
  return Date.parse(now) - Date.parse(execution.updatedAt) > stuckAfterMs;
}

export function withStuck(execution: Execution, now: string, stuckAfterMs: number): Execution {
  if (!isStuck(execution, now, stuckAfterMs)) return execution;
  const idleMinutes = Math.floor((Date.parse(now) - Date.parse(execution.updatedAt)) / 60_000);
  return {
    ...execution,
    attention: 'stuck',
    failureClass: execution.failureClass ?? 'workflow_logic_bug',
    failureReason: execution.failureReason ?? `No progress for ${idleMinutes} min (last event at ${execution.updatedAt})`,
  };
}

/** The last update before which a running run counts as stuck: for filtering in the store. */
export function stuckBefore(now: string, stuckAfterMs: number): string {
  return new Date(Date.parse(now) - stuckAfterMs).toISOString();
}
