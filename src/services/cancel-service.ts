/** @module CancelService: an operator cancels a run; SDK clients watching it abort the step in flight. */
import { planCancel } from '../core/cancellation/index.js';
import type { Execution } from '../core/executions/index.js';
import type { Scope } from '../core/identity/scope.js';
import type { ExecutionStore } from '../core/ports/execution-store.js';
import type { EventWriter } from './event-writer.js';

export class CancelService {
  constructor(
    private readonly writer: EventWriter,
    private readonly store: ExecutionStore,
  ) {}

  async cancel(scope: Scope, executionId: string, reason: string, by: string): Promise<Execution> {
    // Approvals are loaded so the cancel can close the open ones in the same transaction.
    const approvalIds = (await this.store.listApprovals(scope, executionId)).filter((a) => a.status === 'pending').map((a) => a.approvalId);
    const result = await this.writer.append(scope, { executionId, load: { approvalIds }, decide: (current) => planCancel(current, executionId, reason, by) });
    return result.projection.execution as Execution;
  }
}
