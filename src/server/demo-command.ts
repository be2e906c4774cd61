/**
 * @module Demo traffic: in the server process (`serve --demo`, which npm start uses) with its own
 * credential, or as `axonflow demo` against any running server with the caller's credential.
 */
import { DEMO_CLIENT_ID, DEMO_SCOPE } from '../demo/demo-credential.js';
import { runDemo } from '../demo/demo-runner.js';
import { AxonFlowClient } from '../sdk/index.js';
import type { Command } from 'commander';
import type { Output, Serving } from './serve.js';

export async function startDemo(serving: Serving, signal: AbortSignal, output: Output): Promise<void> {
  const credential = await serving.credentials.issueServiceCredential(DEMO_CLIENT_ID, DEMO_SCOPE, 'operator', 'demo traffic');
  const client = new AxonFlowClient({ endpoint: serving.selfUrl, clientId: credential.clientId, clientSecret: credential.clientSecret });
  output.out(
    `Demo traffic: simulated multi-agent runs in org default / tenant default${serving.hasPolicies ? '' : ' (no policies loaded, so no policy-block or approval runs; add --policies examples/policies)'}; --no-demo turns it off`,
  );
  let failures = 0;
  void runDemo({
    client,
    signal,
    onError: (error) => {
      // A failing run is the point of some scenarios; only the demo's own errors are worth a line, and only a few.
      if (++failures <= 3) output.err(`demo: ${(error as Error).message}`);
    },
  });
}

export function demoCommandOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', 'server URL (env AXONFLOW_ENDPOINT; default http://localhost:8080)')
    .option('--client-id <id>', 'credential (env AXONFLOW_CLIENT_ID); an operator or above')
    .option('--client-secret <secret>', 'credential secret (env AXONFLOW_CLIENT_SECRET)');
}

export async function runDemoCommand(options: { endpoint?: string; clientId?: string; clientSecret?: string }, output: Output): Promise<void> {
  const client = new AxonFlowClient({ endpoint: options.endpoint, clientId: options.clientId, clientSecret: options.clientSecret });
  const who = await client.whoami();
  output.out(`Demo traffic as ${who.client_id} (${who.role}) in ${who.org_id}/${who.tenant_id} against ${client.http.endpoint}; Ctrl-C stops`);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  await runDemo({ client, signal: stop.signal, onError: (error) => output.err(`demo: ${(error as Error).message}`) });
}
