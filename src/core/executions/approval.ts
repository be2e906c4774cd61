/**
 * @module Approval: a human decision a gate is waiting for. `expired` is distinct from `rejected`.
 */
import type { ApprovalStatus } from './vocabularies.js';

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
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly comment?: string;
  readonly updatedSeq: number;
}
