/**
 * @module A data-ops agent that answers questions with SQL. Now and then it proposes a destructive
 * statement, which the example policy `block-destructive-sql` blocks at the gate (policy block).
 */
import { StepBlockedError, type AxonFlowClient } from '../../sdk/index.js';
import { callModel, pause, type Simulation } from '../simulated-services.js';

export async function sqlAgent(client: AxonFlowClient, sim: Simulation, destructive: boolean): Promise<void> {
  const run = await client.workflows.start({ name: 'data-ops-agent', source: 'langchain', traceId: `sql-${Math.floor(sim.random() * 1e6)}`, input: { question: 'Clean up stale trial accounts' } });
  try {
    const sql = await run.step({ name: 'write query', provider: 'openai', model: 'gpt-4.1', input: { question: 'Clean up stale trial accounts' } }, (signal, ctx) =>
      callModel(sim, ctx, signal, { provider: 'openai', model: 'gpt-4.1', tokensIn: [700, 1300], tokensOut: [40, 120], latencyMs: [400, 1100] }, destructive ? 'DROP TABLE trial_accounts;' : "SELECT id FROM trial_accounts WHERE last_seen < now() - interval '90 days';"),
    );
    await run.step({ name: 'run query', tool: { name: 'db.query', type: 'function', input: { sql } } }, async (signal) => {
      await pause(120 * sim.scale, signal);
      return { rows: 42 };
    });
    await run.complete();
  } catch (error) {
    if (error instanceof StepBlockedError) await run.abort(`blocked by policy: ${error.message}`).catch(() => undefined);
    else await run.fail(error).catch(() => undefined);
  }
}
