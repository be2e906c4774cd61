/**
 * @module A refund agent: looks up the order, decides, and calls the payments tool. Refunds over
 * $500 meet the example policy `large-refund-needs-approval`, so those runs wait for a reviewer
 * (approval pending) until someone decides or the approval expires.
 */
import { ApprovalTimeoutError, type AxonFlowClient } from '../../sdk/index.js';
import { between, callConnector, callModel, pause, type Simulation } from '../simulated-services.js';

export async function refundAgent(client: AxonFlowClient, sim: Simulation, large: boolean): Promise<void> {
  const amount = large ? between(sim.random, 600, 2400) : between(sim.random, 15, 180);
  const order = `ord-${between(sim.random, 10000, 99999)}`;
  const run = await client.workflows.start({ name: 'refund-agent', source: 'langgraph', traceId: `refund-${order}`, input: { order, amount } });
  try {
    await run.step({ name: 'look up order', type: 'connector_call', tool: { name: 'orders.get', input: { order } } }, (signal, ctx) =>
      callConnector(sim, ctx, signal, { connector: 'orders-db', operation: 'get_order', latencyMs: [40, 200] }, { order, amount, status: 'delivered' }),
    );
    await run.step({ name: 'decide refund', provider: 'openai', model: 'gpt-4o-mini', input: { order, amount } }, (signal, ctx) =>
      callModel(sim, ctx, signal, { provider: 'openai', model: 'gpt-4o-mini', tokensIn: [600, 1100], tokensOut: [60, 140], latencyMs: [300, 900] }, { refund: true }),
    );
    await run.step({ name: 'issue refund', input: { order, amount, currency: 'USD', note: 'refund requested by the customer' }, tool: { name: 'payments.refund', type: 'api', input: { order, amount, currency: 'USD' } }, approvalTimeoutMs: 2000 * sim.scale }, async (signal) => {
      await pause(between(sim.random, 150, 500) * sim.scale, signal);
      return { refund_id: `re_${between(sim.random, 100000, 999999)}` };
    });
    await run.complete({ refunded: amount });
  } catch (error) {
    // Left waiting for a reviewer: the run stays approval_pending; stop following it.
    if (error instanceof ApprovalTimeoutError) return run.detach();
    await run.fail(error).catch(() => undefined);
  }
}
