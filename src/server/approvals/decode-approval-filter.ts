/**
 * @module The inbox filters from the wire (`status` as a comma list, ages as durations such as
 * `30m`) to the store's ApprovalFilter. Ages are measured from the server clock's `now`.
 */
import type { ApprovalStatus } from '../../core/executions/index.js';
import type { ApprovalFilter } from '../../core/ports/approval-store.js';
import type { ApprovalFilterWire } from '../../shared/approvals.js';
import { parseDuration } from '../config/duration.js';

/** The earliest instant an age reaches back to: a longer one (the syntax allows any) means "before anything". */
const EARLIEST_MS = Date.parse('0000-01-01T00:00:00.000Z');

export function decodeApprovalFilter(wire: ApprovalFilterWire, now: string): ApprovalFilter {
  const at = (age: string) => new Date(Math.max(Date.parse(now) - parseDuration(age), EARLIEST_MS)).toISOString();
  return {
    statuses: wire.status ? ([...new Set(wire.status.split(','))] as ApprovalStatus[]) : undefined,
    workflowName: wire.workflow,
    policyId: wire.policy_id,
    requestedBefore: wire.older_than ? at(wire.older_than) : undefined,
    requestedAfter: wire.newer_than ? at(wire.newer_than) : undefined,
    sla: wire.sla,
    now,
  };
}
