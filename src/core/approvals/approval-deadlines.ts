/**
 * @module The two deadlines of an approval. `approvalDueAt` is when the sweeper next has work on
 * it (the earlier of an unmarked SLA and the expiry; none once it is decided), which stores keep
 * as an indexed column. `slaStateOf` is what lists show: `breached` when the SLA time passed
 * before the approval was resolved (or, while pending, before `now`).
 */
import type { Approval } from '../executions/approval.js';

export type SlaState = 'ok' | 'breached';

export function approvalDueAt(approval: Approval): string | undefined {
  if (approval.status !== 'pending') return undefined;
  const sla = approval.slaBreached ? undefined : approval.slaAt;
  const times = [sla, approval.expiresAt].filter((t): t is string => t !== undefined);
  return times.length === 0 ? undefined : times.reduce((a, b) => (a <= b ? a : b));
}

export function slaStateOf(approval: Approval, now: string): SlaState {
  if (approval.slaBreached) return 'breached';
  if (approval.slaAt === undefined) return 'ok';
  const until = approval.status === 'pending' ? now : (approval.decidedAt ?? now);
  return approval.slaAt <= until ? 'breached' : 'ok';
}
