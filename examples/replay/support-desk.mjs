// Deterministic replay, end to end (docs/replay.md): record a run of a small support workflow,
// replay it with the same code (deterministic), then with a one-line change (the divergence names
// the step, the kind and the JSON path). The model and the knowledge base are simulated: nothing
// leaves the machine.
//
//   npm run build && npm start                      # a server with the example policies
//   AXONFLOW_CLIENT_ID=… AXONFLOW_CLIENT_SECRET=… node examples/replay/support-desk.mjs
//   node examples/replay/support-desk.mjs wf_123    # replay a run recorded before, with this code
//
// AXONFLOW_ENDPOINT defaults to http://localhost:8080. Replaying needs a viewer credential;
// recording, any role that may gate steps.
import { AxonFlowClient } from 'axonflow/sdk';

/** The workflow, written as a function of `run`: live, `run` records; in replay, it answers. */
function supportDesk({ tone = 'friendly' } = {}) {
  return async (run, { ticket, customer }) => {
    const triage = await run.step({ name: 'triage ticket', provider: 'openai', model: 'gpt-4o-mini', input: { ticket } }, async (_signal, ctx) => {
      ctx.recordLlmCall({ tokensIn: 420, tokensOut: 40, latencyMs: 350 });
      return { intent: ticket.toLowerCase().includes('refund') ? 'refund' : 'question', contact: customer };
    });
    const articles = await run.step({ name: 'search kb', tool: { name: 'kb.search', input: { query: triage.intent, limit: 3 } } }, async () => [{ id: 'kb-7', title: 'Refunds' }]);
    const draft = await run.step({ name: 'draft reply', provider: 'openai', model: 'gpt-4o', input: { triage, articles, tone } }, async (_signal, ctx) => {
      ctx.recordLlmCall({ tokensIn: 1800, tokensOut: 260, latencyMs: 1200 });
      return { reply: `Hello ${triage.contact}, your refund is on its way.` };
    });
    await run.complete(draft);
    return draft;
  };
}

const client = new AxonFlowClient();
let runId = process.argv[2];
const input = { ticket: 'Please refund order 1182 and confirm to ana.lopez@example.com', customer: 'ana.lopez@example.com' };

if (!runId) {
  const run = await client.workflows.start({ name: 'support-triage', input });
  await supportDesk()(run, input);
  runId = run.id;
  console.log(`recorded ${runId}`);
}

const same = await client.replay(runId, supportDesk());
console.log('unchanged code:', same.deterministic ? `deterministic (${same.steps} steps)` : JSON.stringify(same.divergence));

const changed = await client.replay(runId, supportDesk({ tone: 'formal' }));
if (changed.deterministic) console.log('changed code: deterministic');
else console.log(`changed code: diverges at step ${changed.divergence.index} (${changed.divergence.recorded?.name}): ${changed.divergence.kind} ${(changed.divergence.paths ?? []).join(' ')}`);
for (const note of same.notes) console.log(`note: ${note}`);
