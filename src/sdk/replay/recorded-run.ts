/**
 * @module A recorded run as replay needs it, read through the public API only: the run and its
 * steps in order with their outcomes (`GET /api/v1/executions/{id}`), and each step's payloads
 * whole from the run's event log (`GET …/{id}/events`): the gate's step input and tool input, the
 * completion's output, the failure's error. The log keeps payloads the step list shortens to a
 * preview, and tool inputs the step list does not show. Masked values stay masked.
 */
import type { WireEvent } from '../../shared/events.js';
import type { ExecutionSnapshot, ExecutionSummary } from '../../shared/executions.js';
import type { ExecutionsClient } from '../executions-client.js';
import type { ReplayStep } from './find-divergence.js';

export interface RecordedError {
  readonly message: string;
  readonly source?: string;
  readonly type?: string;
  readonly code?: string;
}

export interface RecordedStep extends ReplayStep {
  readonly stepId: string;
  readonly index: number;
  /** The exact step status: completed, failed, blocked, approval, skipped, running, pending. */
  readonly status: string;
  readonly output?: unknown;
  readonly error?: RecordedError;
  readonly approvalStatus?: string;
  /** The last gate's reason (why a step was blocked). */
  readonly gateReason?: string;
  readonly approval?: { readonly id: string; readonly by?: string; readonly comment?: string };
  readonly snapshot: ExecutionSnapshot;
}

export interface RecordedRun {
  readonly summary: ExecutionSummary;
  /** The run's input as the application started it. */
  readonly input?: unknown;
  readonly steps: readonly RecordedStep[];
}

const PAGE = 1000;

interface Payloads {
  input?: unknown;
  toolInput?: unknown;
  gated?: boolean;
  output?: unknown;
  error?: RecordedError;
  gateReason?: string;
  approval?: { id: string; by?: string; comment?: string };
}

type Data = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Folds the events that carry payloads, per step id; the first gate (or start) has the input. */
function collect(events: readonly WireEvent[], into: Map<string, Payloads>, run: { input?: unknown }): void {
  for (const event of events) {
    const data = event.data as Data;
    if (event.type === 'execution.created') {
      run.input = data.input;
      continue;
    }
    const stepId = typeof data.step_id === 'string' ? data.step_id : undefined;
    if (!stepId) continue;
    const p = into.get(stepId) ?? {};
    into.set(stepId, p);
    const tool = (typeof data.tool === 'object' && data.tool !== null ? data.tool : undefined) as Data | undefined;
    if (event.type === 'step.gated' && typeof data.reason === 'string') p.gateReason = data.reason;
    if (event.type === 'approval.requested' && typeof data.approval_id === 'string') p.approval = { id: data.approval_id };
    if (event.type === 'approval.decided' && p.approval) Object.assign(p.approval, { by: text(data.by), comment: text(data.comment) });
    if ((event.type === 'step.gated' && !p.gated) || (event.type === 'step.started' && p.input === undefined && p.toolInput === undefined)) {
      if (event.type === 'step.gated') p.gated = true;
      p.input = data.input;
      p.toolInput = tool?.input;
    } else if (event.type === 'step.completed') {
      p.output = data.output;
    } else if (event.type === 'step.failed' && typeof data.error === 'object' && data.error !== null) {
      const e = data.error as Data;
      p.error = { message: text(e.message) ?? '', source: text(e.source), type: text(e.type), code: text(e.code) };
    }
  }
}

export async function loadRecordedRun(executions: ExecutionsClient, executionId: string): Promise<RecordedRun> {
  const { summary, steps } = await executions.get(executionId);
  const payloads = new Map<string, Payloads>();
  const run: { input?: unknown } = { input: summary.input_summary };
  for (let after = 0; ; ) {
    const page = await executions.events(executionId, { afterSeq: after, limit: PAGE });
    collect(page.events, payloads, run);
    if (page.events.length < PAGE) break;
    after = page.last_seq;
  }
  return {
    summary,
    input: run.input,
    steps: [...steps]
      .sort((a, b) => a.step_index - b.step_index)
      .map((snapshot) => {
        const p = payloads.get(snapshot.step_id) ?? {};
        return {
          stepId: snapshot.step_id,
          index: snapshot.step_index,
          name: snapshot.step_name,
          type: snapshot.step_type,
          input: p.input,
          toolInput: p.toolInput,
          status: snapshot.status_detail,
          output: p.output,
          error: p.error ?? (snapshot.error_message ? { message: snapshot.error_message } : undefined),
          approvalStatus: snapshot.approval_status,
          gateReason: p.gateReason,
          approval: p.approval,
          snapshot,
        };
      }),
  };
}
