/**
 * @module Execution: the summary of one run that every list and detail reads. It is a projection:
 * `foldExecution` derives every field from the event log, including the counters that let the
 * fold update a run without reading all of its steps.
 */
import type { Rerun } from '../reruns/rerun.js';
import type { StepError } from './step.js';
import type { Attention, ExecutionStatus, ExecutionType, FailureClass } from './vocabularies.js';

export interface CancelRequest {
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface Execution {
  readonly orgId: string;
  readonly tenantId: string;
  readonly executionId: string;
  readonly executionType: ExecutionType;
  readonly name: string;
  readonly source: string;
  readonly status: ExecutionStatus;
  readonly statusReason?: string;
  readonly traceId?: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly userId?: string;
  readonly clientId?: string;
  readonly parentExecutionId?: string;
  /** This run carries out re-run `rerunId` of `parentExecutionId`. */
  readonly rerunId?: string;
  /** Re-runs operators asked for, oldest first; absent until the first. */
  readonly reruns?: readonly Rerun[];
  readonly createdAt: string;
  readonly startedAt: string;
  readonly completedAt?: string;
  readonly updatedAt: string;
  readonly durationMs?: number;
  /** Steps the client declared up front, when it did; otherwise the number seen so far. */
  readonly totalSteps: number;
  readonly stepCount: number;
  readonly currentStepIndex: number;
  readonly completedSteps: number;
  readonly failedSteps: number;
  readonly blockedSteps: number;
  readonly pendingApprovals: number;
  /** Steps whose approval is pending, oldest first. */
  readonly pendingApprovalSteps: readonly string[];
  readonly retryCount: number;
  /** An attempt failed and nothing has succeeded since. */
  readonly retrying: boolean;
  readonly providerCalls: number;
  readonly providerErrors: number;
  readonly connectorCalls: number;
  readonly connectorErrors: number;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly tokensCached: number;
  readonly costUsd: number;
  readonly error?: StepError & { readonly stepId?: string };
  readonly cancelRequest?: CancelRequest;
  /** The most recent fact that explains trouble; the classifier reads it. */
  readonly lastProblem?: StepError & { readonly stepId?: string; readonly at: string };
  readonly attention: Attention;
  readonly failureClass?: FailureClass;
  readonly failureReason?: string;
  readonly failureStep?: string;
  readonly lastSeq: number;
  readonly eventCount: number;
}
