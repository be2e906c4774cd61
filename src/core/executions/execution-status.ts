/**
 * @module Predicates over execution and step statuses, and the status maps to each wire surface
 * (architecture §1). AxonFlow's replay wire has four words, WCP has four different ones; the
 * internal status stays exact and the presenters use these maps.
 */
import { assertNever, type ExecutionStatus, type StepStatus } from './vocabularies.js';

export function isTerminalStatus(status: ExecutionStatus): boolean {
  switch (status) {
    case 'pending':
    case 'running':
      return false;
    case 'completed':
    case 'failed':
    case 'cancelled':
    case 'aborted':
    case 'expired':
      return true;
    default:
      return assertNever(status, 'execution status');
  }
}

export function isTerminalStepStatus(status: StepStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'skipped';
}

/** A step that holds its run: blocked by policy or waiting for a human. */
export function isBlockingStepStatus(status: StepStatus): boolean {
  return status === 'blocked' || status === 'approval';
}

/** `/api/v1/unified/executions`: the internal vocabulary as is. */
export type UnifiedWireStatus = ExecutionStatus;
export function toUnifiedStatus(status: ExecutionStatus): UnifiedWireStatus {
  return status;
}

/** `/api/v1/executions` (replay): pending | running | completed | failed. */
export type ReplayWireStatus = 'pending' | 'running' | 'completed' | 'failed';
export function toReplayStatus(status: ExecutionStatus): ReplayWireStatus {
  switch (status) {
    case 'pending':
    case 'running':
    case 'completed':
    case 'failed':
      return status;
    case 'cancelled':
    case 'aborted':
    case 'expired':
      return 'failed';
    default:
      return assertNever(status, 'execution status');
  }
}

/** `/api/v1/workflows` (WCP): in_progress | completed | failed | aborted. */
export type WcpWireStatus = 'in_progress' | 'completed' | 'failed' | 'aborted';
export function toWcpStatus(status: ExecutionStatus): WcpWireStatus {
  switch (status) {
    case 'pending':
    case 'running':
      return 'in_progress';
    case 'completed':
    case 'failed':
      return status;
    case 'cancelled':
    case 'aborted':
    case 'expired':
      return 'aborted';
    default:
      return assertNever(status, 'execution status');
  }
}

/** Which internal statuses a wire status filter selects, for each surface. */
export function fromReplayStatus(status: ReplayWireStatus): ExecutionStatus[] {
  return status === 'failed' ? ['failed', 'cancelled', 'aborted', 'expired'] : [status];
}

export function fromWcpStatus(status: WcpWireStatus): ExecutionStatus[] {
  switch (status) {
    case 'in_progress':
      return ['pending', 'running'];
    case 'aborted':
      return ['cancelled', 'aborted', 'expired'];
    case 'completed':
    case 'failed':
      return [status];
    default:
      return assertNever(status, 'WCP status');
  }
}
