/**
 * @module foldRerun: how re-run events change the original run's projection. They add to (or
 * complete an entry of) `reruns` and nothing else: a re-run of an ended run leaves its status,
 * counters and classification as they were. A dispatch for an unknown re-run id is ignored.
 */
import type { EventOf } from '../events/event-catalogue.js';
import type { Rerun } from '../reruns/rerun.js';
import type { Execution } from './execution.js';

export function foldRerun(execution: Execution, event: EventOf<'rerun.requested' | 'rerun.dispatched'>): Execution {
  const reruns = execution.reruns ?? [];
  if (event.type === 'rerun.requested') {
    const d = event.data;
    if (reruns.some((r) => r.rerunId === d.rerunId)) return execution;
    const rerun: Rerun = {
      rerunId: d.rerunId,
      requestedAt: event.at,
      requestedBy: d.requestedBy,
      reason: d.reason,
      ...(d.fromStep ? { fromStep: d.fromStep } : {}),
      targetUrl: d.targetUrl,
    };
    return { ...execution, reruns: [...reruns, rerun] };
  }
  const d = event.data;
  if (!reruns.some((r) => r.rerunId === d.rerunId)) return execution;
  const dispatch = {
    outcome: d.outcome,
    ...(d.responseStatus !== undefined ? { responseStatus: d.responseStatus } : {}),
    ...(d.error !== undefined ? { error: d.error } : {}),
    latencyMs: d.latencyMs,
    at: event.at,
  };
  return { ...execution, reruns: reruns.map((r) => (r.rerunId === d.rerunId ? { ...r, dispatch } : r)) };
}
