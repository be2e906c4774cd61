/**
 * @module `axonflow serve`: open and migrate the store (waiting for it to come up), make sure the
 * bootstrap admin exists, listen, and shut down gracefully on SIGTERM/SIGINT: stop accepting,
 * drain in-flight requests, close the store.
 */
import { DomainError } from '../core/errors/domain-error.js';
import type { Store } from '../core/ports/store.js';
import { buildApp, openBus, openStore } from './app.js';
import { PolicySetEvaluator } from '../services/policy-set-evaluator.js';
import { describeDb } from './config/db-url.js';
import { loadPolicyFiles } from './policies/load-policy-files.js';
import type { ServerConfig } from './config/server-config.js';

/** How long start-up waits for an unreachable store before giving up. */
const STORE_WAIT_MS = 30_000;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export async function serve(config: ServerConfig, version: string, output: Output): Promise<void> {
  // Policies first: a bad policy stops the start before anything is opened.
  const evaluator = config.policiesDir ? new PolicySetEvaluator(loadPolicyFiles(config.policiesDir)) : undefined;
  const store = openStore(config.db, { payloadCapBytes: config.payloadCapBytes, onIdleError: (error) => output.err(`store connection dropped: ${error.message}`) });
  await migrateWhenReachable(store, config, output);
  const bus = await openBus(config.db, (error) => output.err(`event bus: ${error.message}`));
  const { server, credentials } = await buildApp({ store, bus, config, version, evaluator });
  const bootstrap = await credentials.ensureBootstrapAdmin(config.bootstrapSecret);
  await server.listen({ host: config.host, port: config.port });

  const first = server.addresses()[0];
  const port = typeof first === 'object' ? first.port : config.port;
  const shownHost = ['localhost', '0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  output.out(`AxonFlow control plane listening on ${url}`);
  output.out(`Store: ${describeDb(config.db)}  ·  API docs: ${url}/openapi.json`);
  output.out(evaluator ? `Policies: ${evaluator.size} from ${config.policiesDir}` : 'Policies: none (every step is allowed; see --policies)');
  if (bootstrap.generatedSecret) {
    output.out('');
    output.out('Bootstrap admin credential (shown once; store it now):');
    output.out(`  client_id:     ${bootstrap.clientId}`);
    output.out(`  client_secret: ${bootstrap.generatedSecret}`);
    output.out(`  try: curl -H "Authorization: Bearer ${bootstrap.generatedSecret}" ${url}/api/v1/whoami`);
    output.out('');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      output.err(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    output.out(`${signal}: draining in-flight requests (up to ${config.shutdownTimeoutMs} ms)`);
    const timer = setTimeout(() => {
      output.err('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    // Connections that finish their last request while we drain would otherwise sit idle in
    // keep-alive until the client drops them; close them as they go idle.
    const sweeper = setInterval(() => server.server.closeIdleConnections(), 100);
    try {
      await server.close();
      clearInterval(sweeper);
      await bus.close();
      await store.close();
      process.exit(0);
    } catch (error) {
      output.err(`shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

async function migrateWhenReachable(store: Store, config: ServerConfig, output: Output): Promise<void> {
  const deadline = Date.now() + STORE_WAIT_MS;
  for (let wait = 500; ; wait = Math.min(wait * 2, 4000)) {
    try {
      const report = await store.migrate();
      if (report.applied.length > 0) output.out(`Applied migrations: ${report.applied.join(', ')}`);
      return;
    } catch (error) {
      if (!DomainError.is(error) || error.code !== 'STORE_UNAVAILABLE' || Date.now() + wait > deadline) throw error;
      output.err(`Store ${describeDb(config.db)} is not reachable yet; retrying in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
