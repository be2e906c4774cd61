/** @module CancelService: an operator cancels a run; SDK clients watching it abort the step in flight. */
import { planCancel } from '../core/cancellation/index.js';
import type { Execution } from '../core/executions/index.js';
import type { Scope } from '../core/identity/scope.js';
import type { EventWriter } from './event-writer.js';

export class CancelService {
  constructor(private readonly writer: EventWriter) {}

  async cancel(scope: Scope, executionId: string, reason: string, by: string): Promise<Execution> {
    const result = await this.writer.append(scope, { executionId, decide: (current) => planCancel(current, executionId, reason, by) });
    return result.projection.execution as Execution;
  }
}
