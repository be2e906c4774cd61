/**
 * @module A research agent: plans queries, searches the web, summarises. With `logic_bug` the
 * summariser's parser trips over an empty result set the way real agent code does.
 */
import type { AxonFlowClient } from '../../sdk/index.js';
import { callConnector, callModel, pick, type Simulation } from '../simulated-services.js';

const TOPICS = ['EU AI Act obligations for deployers', 'pricing pages of vector databases', 'SOC 2 evidence for LLM apps'];

export async function researchAgent(client: AxonFlowClient, sim: Simulation, logicBug = false): Promise<void> {
  const topic = pick(sim.random, TOPICS);
  const run = await client.workflows.start({ name: 'research-agent', source: 'langgraph', traceId: `research-${Math.floor(sim.random() * 1e6)}`, input: { topic } });
  try {
    const plan = await run.step({ name: 'plan queries', provider: 'google', model: 'gemini-2.0-flash', agentId: 'planner', input: { topic } }, (signal, ctx) =>
      callModel(sim, ctx, signal, { provider: 'google', model: 'gemini-2.0-flash', tokensIn: [400, 900], tokensOut: [80, 160], latencyMs: [250, 700] }, { queries: [topic, `${topic} 2026`] }),
    );
    const results = await run.step({ name: 'web search', type: 'connector_call', tool: { name: 'web.search', type: 'api', input: plan }, agentId: 'searcher', parentStepId: 'plan-queries-1' }, (signal, ctx) =>
      callConnector(sim, ctx, signal, { connector: 'web-search', operation: 'query', latencyMs: [150, 900] }, logicBug ? { hits: undefined } : { hits: [{ url: 'https://example.org/a' }] }),
    );
    await run.step({ name: 'summarise findings', provider: 'anthropic', model: 'claude-sonnet-4', agentId: 'writer', input: results }, async (signal, ctx) => {
      const hits = (results as { hits?: { url: string }[] }).hits;
      // The bug: the agent assumes search always returns a list.
      const sources = hits!.map((h) => h.url);
      return callModel(sim, ctx, signal, { provider: 'anthropic', model: 'claude-sonnet-4', tokensIn: [2500, 4200], tokensOut: [400, 900], latencyMs: [1200, 2600] }, { summary: '…', sources });
    });
    await run.complete();
  } catch (error) {
    await run.fail(error).catch(() => undefined);
  }
}
