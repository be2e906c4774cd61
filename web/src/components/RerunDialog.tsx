/**
 * @module The "Re-run" action of a run that has ended (operators and above): asks for a reason
 * (at least 10 characters, as the API does) and an optional step to start from, sends the request
 * through the SDK, and shows what the application's re-run target answered. The new run appears
 * under the run's re-runs once the application has started it.
 */
import { useState } from 'react';
import type { ExecutionSnapshot } from '../../../src/shared/executions.js';
import type { RerunResponse } from '../../../src/shared/reruns.js';
import { useSession } from '../api/context.js';
import { errorText } from './States.js';

/** The API's minimum (src/shared/vocabularies.ts RERUN_REASON_MIN), repeated so the form says it before sending. */
const MIN_REASON = 10;

export function rerunOutcomeText(answer: RerunResponse): string {
  const d = answer.delivery;
  if (d.status === 'delivered') return `Re-run ${answer.rerun_id} sent: the application accepted it (HTTP ${d.response_status}). Its new run is listed under Re-runs once started.`;
  return `Re-run ${answer.rerun_id} was recorded, but the application did not accept it: ${d.error ?? `HTTP ${d.response_status}`}.`;
}

export function RerunDialog({ executionId, steps, onDone }: { executionId: string; steps: readonly ExecutionSnapshot[]; onDone: () => void }) {
  const { client } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [fromStep, setFromStep] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [answer, setAnswer] = useState<RerunResponse>();
  const missing = MIN_REASON - reason.trim().length;

  async function submit() {
    setBusy(true);
    setError(undefined);
    try {
      const sent = await client.reruns.request(executionId, { reason: reason.trim(), fromStep: fromStep === '' ? undefined : Number(fromStep) });
      setAnswer(sent);
      setOpen(false);
      setReason('');
      setFromStep('');
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="rerun">
      <button
        type="button"
        disabled={open}
        onClick={() => {
          setOpen(true);
          setAnswer(undefined);
        }}
      >
        Re-run
      </button>
      {open && (
        <div className="card action-form" role="dialog" aria-label="re-run form">
          <div className="small">The application that runs this workflow is asked to run it again; the request is recorded on this run.</div>
          <label>
            Reason <span className="muted small">(at least {MIN_REASON} characters)</span>
            <textarea aria-label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
          </label>
          {missing > 0 && <div className="muted small">{missing} more characters</div>}
          <label>
            Start from step <span className="muted small">(optional)</span>
            <select aria-label="From step" value={fromStep} onChange={(e) => setFromStep(e.target.value)}>
              <option value="">the start</option>
              {steps.map((s) => (
                <option key={s.step_id} value={s.step_index}>
                  #{s.step_index} {s.step_name}
                </option>
              ))}
            </select>
          </label>
          <div className="action-buttons">
            <button type="button" className="approve" disabled={busy || missing > 0} onClick={() => void submit()}>
              {busy ? 'Sending…' : 'Confirm re-run'}
            </button>
            <button type="button" className="ghost" onClick={() => setOpen(false)}>
              Back
            </button>
          </div>
        </div>
      )}
      {error && (
        <div className="state state-error" role="alert">
          {error}
        </div>
      )}
      {answer && (
        <div className={`state ${answer.delivery.status === 'delivered' ? 'state-ok' : 'state-error'}`} role="status" data-testid="rerun-outcome">
          {rerunOutcomeText(answer)}
        </div>
      )}
    </div>
  );
}
