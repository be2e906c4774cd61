/**
 * @module ExecutionProjection: the working set a fold updates. A store loads the execution and only
 * the steps and approvals the new events touch; the fold returns new objects for what it changes
 * and keeps the identity of what it does not, so a store writes exactly the changed rows.
 * `usage` holds only the records the folded events produced (usage is insert-only).
 */
import type { Approval } from './approval.js';
import type { Execution } from './execution.js';
import type { Step } from './step.js';
import type { UsageRecord } from './usage-record.js';
import type { ExecutionEvent } from '../events/event-catalogue.js';

export interface ExecutionProjection {
  readonly execution: Execution | undefined;
  readonly steps: ReadonlyMap<string, Step>;
  readonly approvals: ReadonlyMap<string, Approval>;
  readonly usage: readonly UsageRecord[];
}

/** How a fold treats payloads; a store passes its configuration, rebuilds must pass the same. */
export interface FoldOptions {
  readonly payloadCapBytes: number;
}

export function emptyProjection(): ExecutionProjection {
  return { execution: undefined, steps: new Map(), approvals: new Map(), usage: [] };
}

/** The step and approval ids a batch of events refers to: what a store must load before folding. */
export function touchedKeys(events: readonly Pick<ExecutionEvent, 'type' | 'data'>[]): {
  stepIds: string[];
  approvalIds: string[];
} {
  const stepIds = new Set<string>();
  const approvalIds = new Set<string>();
  for (const event of events) {
    const data = event.data as { stepId?: unknown; approvalId?: unknown };
    if (typeof data.stepId === 'string') stepIds.add(data.stepId);
    if (typeof data.approvalId === 'string') approvalIds.add(data.approvalId);
  }
  return { stepIds: [...stepIds], approvalIds: [...approvalIds] };
}
