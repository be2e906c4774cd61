/**
 * @module Compares a write ledger (write-load.ts) with what the server stores, read back through
 * the API: every acknowledged write is there exactly once, and nothing (acknowledged or not) is
 * there twice. Returns the problems found, so a failing test names them all.
 */
import type { AxonFlowClient } from '../sdk/axonflow-client.js';
import type { WireEvent } from '../shared/events.js';
import type { Ledger } from './write-load.js';

/** Every event of one run, in seq order, through the API. */
export async function runEvents(client: AxonFlowClient, runId: string): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  for (let after = 0; ; ) {
    const page = await client.executions.events(runId, { afterSeq: after, limit: 1000 });
    events.push(...page.events);
    if (page.events.length === 0 || page.last_seq === after) return events;
    after = page.last_seq;
  }
}

export interface LedgerCheck {
  readonly problems: string[];
  /** The seq of every event of the ledger's runs. */
  readonly seqs: number[];
  /** Events read back, in all. */
  readonly events: number;
}

export async function checkLedger(client: AxonFlowClient, ledger: Ledger): Promise<LedgerCheck> {
  const problems: string[] = [];
  const seqs: number[] = [];
  const once = (what: string, count: number) => count !== 1 && problems.push(`${what}: ${count} times, not once`);
  const atMostOnce = (what: string, count: number) => count > 1 && problems.push(`${what}: ${count} times`);

  const read = async (runId: string) => {
    const events = await runEvents(client, runId);
    for (const [key, count] of tally(events.map((e) => e.event_id))) atMostOnce(`${runId}: event id ${key}`, count);
    for (let i = 1; i < events.length; i++) if (events[i]!.seq <= events[i - 1]!.seq) problems.push(`${runId}: seq ${events[i]!.seq} after ${events[i - 1]!.seq}`);
    seqs.push(...events.map((e) => e.seq));
    return events;
  };

  for (const [runId, entry] of ledger.workflows) {
    const events = await read(runId);
    const count = (test: (e: WireEvent) => boolean) => events.filter(test).length;
    once(`${runId}: execution.created`, count((e) => e.type === 'execution.created'));
    // A retried gate is recorded as a cached step.gated (the gate count); the decision is made once.
    const decided = tally(events.filter((e) => e.type === 'step.gated' && e.data.cached !== true).map((e) => String(e.data.step_id)));
    const completed = tally(events.filter((e) => e.type === 'step.completed').map((e) => String(e.data.step_id)));
    for (const [step, n] of decided) atMostOnce(`${runId}/${step}: gate decision`, n);
    for (const [step, n] of completed) atMostOnce(`${runId}/${step}: step.completed`, n);
    for (const step of entry.steps) {
      once(`${runId}/${step}: acknowledged gate decision`, decided.get(step) ?? 0);
      once(`${runId}/${step}: acknowledged step.completed`, completed.get(step) ?? 0);
      once(`${runId}/${step}: acknowledged LLM call`, count((e) => e.event_id === `${step}/a1/llm1`));
    }
    const ends = count((e) => e.type === 'execution.completed');
    if (entry.completed) once(`${runId}: acknowledged execution.completed`, ends);
    else atMostOnce(`${runId}: execution.completed`, ends);
    // A lost answer is not a failed step: nothing may record one.
    for (const type of ['step.failed', 'retry.attempt']) {
      const n = count((e) => e.type === type);
      if (n > 0) problems.push(`${runId}: ${n} ${type}`);
    }
  }
  for (const [runId, acknowledged] of ledger.reported) {
    const ids = tally((await read(runId)).map((e) => e.event_id));
    for (const id of acknowledged) once(`${runId}: acknowledged event ${id}`, ids.get(id) ?? 0);
  }

  const stored = await client.executions.count();
  const known = ledger.workflows.size + ledger.reported.size;
  if (stored !== known) problems.push(`the store has ${stored} runs; the ledger knows ${known}`);
  return { problems, seqs, events: seqs.length };
}

function tally(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
