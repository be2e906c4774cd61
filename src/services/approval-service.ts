/**
 * @module ApprovalService: a reviewer's decision on a pending approval. The identity recorded is
 * the one the caller's credential proves. (The approvals inbox and its routes build on this.)
 */
import { planApprovalDecision } from '../core/approvals/index.js';
import { DomainError } from '../core/errors/domain-error.js';
import type { Approval } from '../core/executions/index.js';
import type { Scope } from '../core/identity/scope.js';
import type { Clock } from '../core/ports/clock.js';
import type { ExecutionStore } from '../core/ports/execution-store.js';
import type { EventWriter } from './event-writer.js';

export class ApprovalService {
  constructor(
    private readonly store: ExecutionStore,
    private readonly writer: EventWriter,
    private readonly clock: Clock,
  ) {}

  async decide(scope: Scope, approvalId: string, decision: 'approved' | 'rejected', by: string, comment: string): Promise<Approval> {
    const approval = await this.store.getApproval(scope, approvalId);
    if (!approval) throw new DomainError('APPROVAL_NOT_FOUND', { approvalId });
    const result = await this.writer.append(scope, {
      executionId: approval.executionId,
      load: { approvalIds: [approvalId], stepIds: [approval.stepId] },
      decide: (current) => planApprovalDecision(current, { approvalId, decision, by, comment, now: this.clock.now() }),
    });
    return result.projection.approvals.get(approvalId) as Approval;
  }
}
