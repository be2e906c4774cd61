/**
 * @module The waterfall's layout, a pure function of the event timeline: one row per step with a
 * bar from its first event (the gate) to its end, the attempts inside it (split where an attempt
 * failed and the step retried), provider and connector calls as spans ending at their event, and
 * marks at the gate decision, approval requests and decisions, retries and failures. Positions are
 * percentages of the run's span (start to end, or to `now` while it runs).
 */
import type { TimelineItem } from '../../../src/shared/executions.js';

export type MarkKind = 'decision' | 'blocked' | 'approval' | 'approved' | 'rejected' | 'expired' | 'retry' | 'failed';

export interface WaterfallMark {
  readonly kind: MarkKind;
  readonly left: number;
  readonly offsetMs: number;
  readonly label: string;
}

export interface WaterfallSpan {
  readonly kind: 'attempt' | 'provider' | 'connector';
  readonly left: number;
  readonly width: number;
  readonly label: string;
  readonly failed: boolean;
}

export interface WaterfallRow {
  readonly stepId: string;
  readonly stepIndex: number;
  readonly name: string;
  readonly status: 'running' | 'completed' | 'failed' | 'skipped' | 'blocked' | 'approval';
  readonly startMs: number;
  readonly endMs: number;
  readonly left: number;
  readonly width: number;
  readonly attempts: number;
  readonly spans: WaterfallSpan[];
  readonly marks: WaterfallMark[];
}

export interface WaterfallModel {
  readonly totalMs: number;
  readonly rows: WaterfallRow[];
  /** Run-level marks (cancel requests, the end). */
  readonly marks: WaterfallMark[];
}

const pct = (ms: number, total: number) => (total <= 0 ? 0 : Math.min(100, Math.max(0, (ms / total) * 100)));
const round = (n: number) => Math.round(n * 100) / 100;

interface Building {
  stepId: string;
  stepIndex: number;
  name: string;
  status: WaterfallRow['status'];
  startMs: number;
  endMs?: number;
  attemptStarts: number[];
  attemptEnds: { at: number; failed: boolean }[];
  calls: { kind: 'provider' | 'connector'; start: number; end: number; label: string; failed: boolean }[];
  marks: { kind: MarkKind; at: number; label: string }[];
}

/**
 * @param items the run's timeline (`GET /api/v1/executions/{id}/timeline?format=events`).
 * @param endMs the run's span in ms: its duration when over, `now - started_at` while it runs.
 */
export function buildWaterfall(items: readonly TimelineItem[], endMs: number): WaterfallModel {
  const steps = new Map<string, Building>();
  const runMarks: { kind: MarkKind; at: number; label: string }[] = [];
  const lastOffset = items.reduce((max, i) => Math.max(max, i.offset_ms), 0);
  const total = Math.max(endMs, lastOffset, 1);

  for (const item of items) {
    const at = item.offset_ms;
    const data = item.data as Record<string, unknown>;
    if (!item.step_id) {
      if (item.type === 'execution.cancel_requested') runMarks.push({ kind: 'failed', at, label: item.summary });
      continue;
    }
    let step = steps.get(item.step_id);
    if (!step) {
      step = { stepId: item.step_id, stepIndex: item.step_index ?? steps.size, name: String(data.name ?? item.step_id), status: 'running', startMs: at, attemptStarts: [], attemptEnds: [], calls: [], marks: [] };
      steps.set(item.step_id, step);
    }
    if (typeof data.name === 'string') step.name = data.name;
    switch (item.type) {
      case 'step.gated': {
        const decision = String(data.decision);
        step.marks.push({ kind: decision === 'block' ? 'blocked' : decision === 'require_approval' ? 'approval' : 'decision', at, label: item.summary });
        if (decision === 'block') {
          step.status = 'blocked';
          step.endMs = at;
        } else if (decision === 'require_approval') step.status = 'approval';
        // A gate that allows starts an attempt unless step.started follows (reported runs).
        else if (step.attemptStarts.length === 0) step.attemptStarts.push(at);
        break;
      }
      case 'step.started':
        if (step.attemptStarts.length === step.attemptEnds.length) step.attemptStarts.push(at);
        step.status = 'running';
        break;
      case 'step.attempt_failed':
        step.attemptEnds.push({ at, failed: true });
        step.attemptStarts.push(at);
        step.marks.push({ kind: 'retry', at, label: item.summary });
        break;
      case 'provider.called':
      case 'connector.called': {
        const kind = item.type === 'provider.called' ? 'provider' : 'connector';
        const latency = item.duration_ms ?? 0;
        const label = kind === 'provider' ? `${data.provider}/${data.model}` : `${data.connector}.${data.operation}`;
        // Reported latencies may exceed what the log saw (clock skew, batching): never before the step.
        step.calls.push({ kind, start: Math.max(step.startMs, at - latency), end: at, label, failed: data.outcome !== 'ok' });
        break;
      }
      case 'approval.requested':
        step.status = 'approval';
        step.marks.push({ kind: 'approval', at, label: item.summary });
        break;
      case 'approval.decided': {
        const approved = data.decision === 'approved';
        step.marks.push({ kind: approved ? 'approved' : 'rejected', at, label: item.summary });
        if (approved) {
          step.status = 'running';
          if (step.attemptStarts.length === step.attemptEnds.length) step.attemptStarts.push(at);
        } else {
          step.status = 'failed';
          step.endMs = at;
        }
        break;
      }
      case 'approval.expired':
        step.marks.push({ kind: 'expired', at, label: item.summary });
        step.status = 'failed';
        step.endMs = at;
        break;
      case 'step.completed':
        step.status = 'completed';
        step.endMs = at;
        step.attemptEnds.push({ at, failed: false });
        break;
      case 'step.failed':
        step.status = 'failed';
        step.endMs = at;
        step.attemptEnds.push({ at, failed: true });
        step.marks.push({ kind: 'failed', at, label: item.summary });
        break;
      case 'step.skipped':
        step.status = 'skipped';
        step.endMs = at;
        break;
      default:
        break;
    }
  }

  const rows = [...steps.values()]
    .sort((a, b) => a.stepIndex - b.stepIndex || a.startMs - b.startMs)
    .map((s): WaterfallRow => {
      const end = s.endMs ?? total;
      const spans: WaterfallSpan[] = [];
      s.attemptStarts.forEach((start, i) => {
        const stop = s.attemptEnds[i];
        const until = stop?.at ?? end;
        spans.push({ kind: 'attempt', left: round(pct(start, total)), width: round(pct(until - start, total)), label: `attempt ${i + 1}`, failed: stop?.failed ?? false });
      });
      for (const call of s.calls) spans.push({ kind: call.kind, left: round(pct(call.start, total)), width: round(pct(call.end - call.start, total)), label: call.label, failed: call.failed });
      return {
        stepId: s.stepId,
        stepIndex: s.stepIndex,
        name: s.name,
        status: s.status,
        startMs: s.startMs,
        endMs: end,
        left: round(pct(s.startMs, total)),
        width: round(pct(end - s.startMs, total)),
        attempts: s.attemptStarts.length,
        spans,
        marks: s.marks.map((m) => ({ kind: m.kind, left: round(pct(m.at, total)), offsetMs: m.at, label: m.label })),
      };
    });
  return { totalMs: total, rows, marks: runMarks.map((m) => ({ kind: m.kind, left: round(pct(m.at, total)), offsetMs: m.at, label: m.label })) };
}
