/** @module Reports one finished-looking run with one priced LLM call, through the SDK (usage, budgets and CLI tests). */
import type { AxonFlowClient } from '../sdk/axonflow-client.js';

export async function reportLlmCall(client: AxonFlowClient, id: string, workflow: string, provider: string, model: string, cost: number, tokens: [number, number]): Promise<void> {
  const answer = await client.events.send([
    { event_id: `${id}-start`, execution_id: id, type: 'execution.started', workflow_name: workflow },
    { event_id: `${id}-step`, execution_id: id, type: 'step.started', step_id: 's1', step_type: 'llm_call', provider, model },
    { event_id: `${id}-call`, execution_id: id, type: 'llm.call', step_id: 's1', provider, model, tokens_in: tokens[0], tokens_out: tokens[1], latency_ms: 100, status: 'ok', cost_usd: cost },
  ] as never);
  if (answer.accepted !== 3) throw new Error(`expected 3 events accepted: ${JSON.stringify(answer)}`);
}
