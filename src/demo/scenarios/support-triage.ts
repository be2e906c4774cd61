/**
 * @module A support-triage crew: a triage agent classifies the ticket, a knowledge agent searches
 * the help centre, a writer drafts the reply, a reviewer checks it. Healthy unless told to hit a
 * knowledge-base outage (connector failure) or a provider that keeps rate-limiting (provider
 * failure after a retry loop).
 */
import type { AxonFlowClient } from '../../sdk/index.js';
import { callConnector, callModel, pick, type Simulation } from '../simulated-services.js';

const TICKETS = [
  'My invoice shows two charges for March, please fix',
  'How do I rotate the API key for our staging workspace?',
  'The export to CSV times out for large projects',
  'Can I move my seat to a colleague who joined last week?',
  // Contact data: the shipped mask-customer-pii policy stores these masked.
  'Please call me back on +1 415 555 0132, the invoice for March is wrong',
  'Send the corrected receipt to ana.lopez@example.com, not to my old address',
];

export type TriageTrouble = 'none' | 'connector_outage' | 'provider_rate_limit';

export async function supportTriage(client: AxonFlowClient, sim: Simulation, trouble: TriageTrouble = 'none'): Promise<void> {
  const ticket = pick(sim.random, TICKETS);
  const run = await client.workflows.start({ name: 'support-triage', source: 'crewai', traceId: `ticket-${Math.floor(sim.random() * 1e6)}`, metadata: { channel: pick(sim.random, ['email', 'chat']) }, input: { ticket } });
  try {
    const triage = await run.step({ name: 'triage ticket', provider: 'anthropic', model: 'claude-sonnet-4', agentId: 'triage-agent', input: { ticket } }, (signal, ctx) =>
      callModel(sim, ctx, signal, { provider: 'anthropic', model: 'claude-sonnet-4', tokensIn: [900, 1600], tokensOut: [80, 200], latencyMs: [400, 1200] }, { intent: pick(sim.random, ['billing', 'how-to', 'bug']), priority: pick(sim.random, ['p2', 'p3']) }),
    );
    const articles = await run.step(
      { name: 'search help centre', type: 'connector_call', tool: { name: 'kb.search', type: 'api', input: { query: ticket } }, agentId: 'knowledge-agent', parentStepId: 'triage-ticket-1', retry: { maxAttempts: 3, backoffMs: 300 * sim.scale } },
      (signal, ctx) =>
        callConnector(
          sim,
          ctx,
          signal,
          trouble === 'connector_outage'
            ? { connector: 'zendesk-kb', operation: 'search', latencyMs: [2500, 4000], failWith: { message: 'zendesk-kb: 504 gateway timeout after 2.5 s', type: 'timeout' } }
            : { connector: 'zendesk-kb', operation: 'search', latencyMs: [60, 400] },
          [{ id: 'kb-112', title: 'Managing invoices' }],
        ),
    );
    const draft = await run.step(
      { name: 'draft reply', provider: 'openai', model: 'gpt-4o', agentId: 'writer-agent', parentStepId: 'triage-ticket-1', input: { triage, articles }, retry: { maxAttempts: trouble === 'provider_rate_limit' ? 4 : 2, backoffMs: 400 * sim.scale } },
      (signal, ctx) =>
        callModel(
          sim,
          ctx,
          signal,
          { provider: 'openai', model: 'gpt-4o', tokensIn: [1800, 3200], tokensOut: [250, 600], latencyMs: [800, 2200], failWith: trouble === 'provider_rate_limit' ? '429 Too Many Requests: rate limit reached for gpt-4o' : undefined },
          { reply: 'Thanks for reaching out — here is what happened and how to fix it…' },
        ),
    );
    await run.step({ name: 'review reply', provider: 'openai', model: 'gpt-4o-mini', agentId: 'reviewer-agent', input: draft }, (signal, ctx) =>
      callModel(sim, ctx, signal, { provider: 'openai', model: 'gpt-4o-mini', tokensIn: [700, 1200], tokensOut: [20, 60], latencyMs: [200, 600] }, { approved: true }),
    );
    await run.complete({ status: 'replied' });
  } catch (error) {
    await run.fail(error).catch(() => undefined);
  }
}
