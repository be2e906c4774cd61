/**
 * @module Approval: a human decision a gate is waiting for. `expired` is distinct from `rejected`.
 * `slaAt` is when the approval should have been decided by (escalation); `expiresAt` when it stops
 * being decidable and its run is aborted.
 */
import type { ApprovalStatus } from './vocabularies.js';

/** What a rejection does to the run: abort it (AxonFlow's behaviour, the default) or fail it. */
export const ON_REJECT_ACTIONS = ['abort', 'fail'] as const;
export type OnReject = (typeof ON_REJECT_ACTIONS)[number];

export interface Approval {
  readonly approvalId: string;
  readonly executionId: string;
  readonly stepId: string;
  readonly status: ApprovalStatus;
  readonly policyIds: readonly string[];
  readonly reason: string;
  readonly requestedAt: string;
  readonly expiresAt?: string;
  readonly slaAt?: string;
  /** Set once, by the sweeper, when the approval was still pending at `slaAt`. */
  readonly slaBreached?: boolean;
  readonly slaBreachedAt?: string;
  /** From the deciding policy; absent means `abort`. */
  readonly onReject?: OnReject;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly comment?: string;
  readonly updatedSeq: number;
}
