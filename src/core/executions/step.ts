/**
 * @module Step and Attempt: one unit of work in an execution and each try at it.
 * Fields are the union of what the playbook's signals need (reference §10.3).
 */
import type { ApprovalStatus, CallOutcome, ErrorSource, GateDecision, StepStatus, StepType } from './vocabularies.js';
import type { PolicyMatch, Redaction, RedactionPlan } from './policy-decision.js';

export interface StepError {
  readonly message: string;
  readonly source: ErrorSource;
  readonly type?: string;
  readonly code?: string;
}

export interface Attempt {
  readonly attempt: number;
  readonly at: string;
  readonly outcome: CallOutcome;
  readonly error?: StepError;
  readonly backoffMs?: number;
}

export interface ToolContext {
  readonly name: string;
  readonly type?: string;
  readonly input?: unknown;
}

export interface ProviderCall {
  readonly at: string;
  readonly provider: string;
  readonly model: string;
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly tokensCached: number;
  readonly latencyMs: number;
  readonly outcome: CallOutcome;
  readonly costUsd: number;
  readonly error?: string;
}

export interface ConnectorCall {
  readonly at: string;
  readonly connector: string;
  readonly operation: string;
  readonly latencyMs: number;
  readonly outcome: CallOutcome;
  readonly error?: string;
  readonly errorType?: string;
}

export interface Step {
  readonly executionId: string;
  readonly stepId: string;
  readonly stepIndex: number;
  readonly name: string;
  readonly stepType: StepType;
  readonly status: StepStatus;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly agentId?: string;
  readonly parentStepId?: string;
  readonly provider?: string;
  readonly model?: string;
  readonly tool?: ToolContext;
  readonly decision?: GateDecision;
  readonly decisionReason?: string;
  readonly policiesEvaluated: readonly PolicyMatch[];
  readonly policiesMatched: readonly PolicyMatch[];
  readonly redactions: readonly Redaction[];
  /** From the step's gate: the detector kinds its output is masked for at completion. */
  readonly redact?: RedactionPlan;
  readonly approvalId?: string;
  readonly approvalStatus?: ApprovalStatus;
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  readonly rejectedBy?: string;
  readonly rejectedAt?: string;
  readonly approvalComment?: string;
  readonly idempotencyKey?: string;
  readonly inputHash?: string;
  readonly gateCount: number;
  readonly completionCount: number;
  readonly attempts: readonly Attempt[];
  readonly providerCalls: readonly ProviderCall[];
  readonly connectorCalls: readonly ConnectorCall[];
  readonly tokensIn: number;
  readonly tokensOut: number;
  readonly tokensCached: number;
  readonly costUsd: number;
  readonly error?: StepError;
  readonly gatedAt?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly durationMs?: number;
  readonly firstAttemptAt: string;
  readonly lastAttemptAt: string;
  readonly updatedSeq: number;
}
