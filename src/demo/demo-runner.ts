/**
 * @module The demo traffic generator: realistic multi-agent runs through the SDK, mostly healthy,
 * and in turn each of the playbook's five failure classes (policy block, approval pending,
 * provider failure with a retry loop, connector failure, workflow logic bug): the first of each in
 * the first minute, then one class every `failureEveryMs`. After `signal` aborts, no run starts and
 * runDemo resolves once the runs in flight have ended. Policy blocks and approvals come from
 * the example policies (examples/policies), so run the server with them.
 */
import type { AxonFlowClient } from '../sdk/index.js';
import { refundAgent } from './scenarios/refund-agent.js';
import { researchAgent } from './scenarios/research-agent.js';
import { sqlAgent } from './scenarios/sql-agent.js';
import { supportTriage } from './scenarios/support-triage.js';
import { between, pause, realTime, type Simulation } from './simulated-services.js';

export const FAILURE_CLASSES = ['policy_block', 'approval_pending', 'provider_failure', 'connector_failure', 'workflow_logic_bug'] as const;
export type DemoFailure = (typeof FAILURE_CLASSES)[number];

export interface DemoOptions {
  readonly client: AxonFlowClient;
  readonly signal: AbortSignal;
  /** Randomness and time scale. @default real time, Math.random */
  readonly sim?: Simulation;
  /** Pause between healthy runs. @default [2000, 5000] */
  readonly healthyEveryMs?: readonly [number, number];
  /** Pause between failure runs after the first round. @default 40000 */
  readonly failureEveryMs?: number;
  /** Pause between failure runs of the first round. @default 8000 */
  readonly firstRoundEveryMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Runs one scenario that ends in the given failure class. */
export function failingRun(client: AxonFlowClient, sim: Simulation, failure: DemoFailure): Promise<void> {
  switch (failure) {
    case 'policy_block':
      return sqlAgent(client, sim, true);
    case 'approval_pending':
      return refundAgent(client, sim, true);
    case 'provider_failure':
      return supportTriage(client, sim, 'provider_rate_limit');
    case 'connector_failure':
      return supportTriage(client, sim, 'connector_outage');
    case 'workflow_logic_bug':
      return researchAgent(client, sim, true);
  }
}

/** Runs one healthy scenario, chosen at random. */
export function healthyRun(client: AxonFlowClient, sim: Simulation): Promise<void> {
  const roll = sim.random();
  if (roll < 0.45) return supportTriage(client, sim);
  if (roll < 0.7) return researchAgent(client, sim);
  if (roll < 0.9) return refundAgent(client, sim, false);
  return sqlAgent(client, sim, false);
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const sim = options.sim ?? realTime();
  const { client, signal } = options;
  const report = (error: unknown) => options.onError?.(error);
  // Runs already started finish before runDemo resolves, so a stopped demo leaves nothing half-begun.
  const inFlight = new Set<Promise<void>>();
  const launch = (run: () => Promise<void>) => {
    const promise = run().catch(report);
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  };
  const healthy = (async () => {
    while (!signal.aborted) {
      launch(() => healthyRun(client, sim));
      await pause(between(sim.random, ...(options.healthyEveryMs ?? [2000, 5000])), signal).catch(() => undefined);
    }
  })();
  const failures = (async () => {
    for (let round = 0; !signal.aborted; round++) {
      for (const failure of FAILURE_CLASSES) {
        await pause(round === 0 ? (options.firstRoundEveryMs ?? 8000) : (options.failureEveryMs ?? 40_000), signal).catch(() => undefined);
        if (signal.aborted) break;
        launch(() => failingRun(client, sim, failure));
      }
    }
  })();
  await Promise.all([healthy, failures]);
  await Promise.allSettled([...inFlight]);
}
