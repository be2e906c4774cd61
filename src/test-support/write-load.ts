/**
 * @module Traffic for the crash and outage tests: workers that write through the SDK (WCP runs
 * through the workflow helper, reported runs through event ingestion) and keep a ledger of what
 * the server acknowledged. A write counts only once its answer arrived; one in flight when the
 * server died is in the ledger only if a retry later got its answer.
 */
import type { AxonFlowClient } from '../sdk/axonflow-client.js';
import type { IngestEvent } from '../shared/ingest.js';

export const STEPS_PER_RUN = 3;

export interface Ledger {
  /** WCP runs by id: the steps whose gate and completion were acknowledged, and whether the run's completion was. */
  readonly workflows: Map<string, { steps: string[]; completed: boolean }>;
  /** Reported runs by id: the client event ids acknowledged (accepted, or a duplicate of one stored). */
  readonly reported: Map<string, string[]>;
}

export interface WriteLoad {
  readonly ledger: Ledger;
  /** Errors the SDK gave up on; a passing test expects none. */
  readonly errors: unknown[];
  /** Acknowledged writes so far. */
  acknowledged(): number;
  /** Lets every worker finish the item it is on, then resolves. */
  stop(): Promise<void>;
}

export interface WriteLoadOptions {
  /** Makes run ids and idempotency keys unique to this load. */
  readonly prefix: string;
  /** Workers running WCP workflows of STEPS_PER_RUN steps. */
  readonly workflows: number;
  /** Workers reporting runs as two event batches. */
  readonly reporters: number;
}

export function startWriteLoad(client: AxonFlowClient, options: WriteLoadOptions): WriteLoad {
  const ledger: Ledger = { workflows: new Map(), reported: new Map() };
  const errors: unknown[] = [];
  let acks = 0;
  let stopping = false;

  async function workflow(worker: number, n: number): Promise<void> {
    const run = await client.workflows.start({ name: 'ledger-workflow', idempotencyKey: `${options.prefix}-w${worker}-${n}`, metadata: { worker } });
    const entry = { steps: [] as string[], completed: false };
    ledger.workflows.set(run.id, entry);
    acks++;
    for (let s = 0; s < STEPS_PER_RUN; s++) {
      const id = `s${s}`;
      await run.step({ name: `step ${s}`, id, provider: 'openai', model: 'gpt-4o', input: { n, s } }, (_signal, ctx) => {
        ctx.recordLlmCall({ tokensIn: 100, tokensOut: 20, latencyMs: 5 });
        return { s };
      });
      entry.steps.push(id);
      acks++;
    }
    await run.complete({ steps: STEPS_PER_RUN });
    entry.completed = true;
    acks++;
  }

  async function reported(worker: number, n: number): Promise<void> {
    const run = `${options.prefix}-r${worker}-${n}`;
    const base = { execution_id: run };
    const batches: IngestEvent[][] = [
      [
        { ...base, type: 'execution.started', event_id: `${run}/started`, workflow_name: 'ledger-reported' },
        { ...base, type: 'step.started', event_id: `${run}/s0/started`, step_id: 's0', step_name: 'fetch' },
      ],
      [
        { ...base, type: 'llm.call', event_id: `${run}/s0/llm`, step_id: 's0', provider: 'openai', model: 'gpt-4o', tokens_in: 50, tokens_out: 10, latency_ms: 3, status: 'ok' },
        { ...base, type: 'step.completed', event_id: `${run}/s0/completed`, step_id: 's0', output: { n } },
        { ...base, type: 'execution.completed', event_id: `${run}/completed` },
      ],
    ];
    const acknowledged: string[] = [];
    ledger.reported.set(run, acknowledged);
    for (const batch of batches) {
      const answer = await client.events.send(batch);
      for (const result of answer.results) {
        if (result.status === 'rejected') throw new Error(`${run}: event ${result.event_id} rejected: ${result.error?.code} ${result.error?.message}`);
        acknowledged.push(result.event_id!);
      }
      acks++;
    }
  }

  async function worker(kind: (worker: number, n: number) => Promise<void>, index: number): Promise<void> {
    for (let n = 0; !stopping; n++) {
      try {
        await kind(index, n);
      } catch (error) {
        errors.push(error);
      }
    }
  }

  const workers = [
    ...Array.from({ length: options.workflows }, (_, i) => worker(workflow, i)),
    ...Array.from({ length: options.reporters }, (_, i) => worker(reported, i)),
  ];
  return {
    ledger,
    errors,
    acknowledged: () => acks,
    async stop() {
      stopping = true;
      await Promise.all(workers);
    },
  };
}
