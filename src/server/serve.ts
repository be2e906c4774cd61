/**
 * @module `axonflow serve`: open and migrate the store (waiting for it to come up), make sure the
 * bootstrap admin exists, listen, and shut down gracefully on SIGTERM/SIGINT: stop accepting,
 * drain in-flight requests, close the store.
 */
import { DomainError } from '../core/errors/domain-error.js';
import type { Store } from '../core/ports/store.js';
import { buildApp, openBus, openStore } from './app.js';
import type { CredentialService } from '../services/credential-service.js';
import { describeDb } from './config/db-url.js';
import { loadPolicyFiles } from './policies/load-policy-files.js';
import { loadPricingFile } from './pricing/load-pricing-file.js';
import type { ServerConfig } from './config/server-config.js';

/** How long start-up waits for an unreachable store before giving up. */
const STORE_WAIT_MS = 30_000;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface Serving {
  /** Where this process can reach itself (the bound loopback address). */
  readonly selfUrl: string;
  readonly credentials: CredentialService;
  readonly hasPolicies: boolean;
}

export async function serve(config: ServerConfig, version: string, output: Output, hooks: { onShutdown?: () => void } = {}): Promise<Serving> {
  // Signal handlers come first: without one, SIGTERM during start-up would kill the process
  // mid-write instead of closing what is open.
  const open: { close(): Promise<unknown> }[] = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      output.err(`${signal} again: exiting now`);
      return exitAfterFlush(1);
    }
    stopping = true;
    hooks.onShutdown?.();
    output.out(`${signal}: draining in-flight requests (up to ${config.shutdownTimeoutMs} ms)`);
    const timer = setTimeout(() => {
      output.err('shutdown timed out; exiting');
      void exitAfterFlush(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    try {
      // Last opened, first closed: the server drains before the bus and the store go.
      for (const resource of [...open].reverse()) await resource.close();
      await exitAfterFlush(0);
    } catch (error) {
      output.err(`shutdown failed: ${(error as Error).message}`);
      await exitAfterFlush(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  // Policies first: a bad policy stops the start before anything is opened.
  const filePolicies = config.policiesDir ? loadPolicyFiles(config.policiesDir) : undefined;
  // Likewise a bad pricing file (ConfigError: exit 2 naming the file and field).
  const filePrices = config.pricingFile ? loadPricingFile(config.pricingFile) : undefined;
  const store = openStore(config.db, { payloadCapBytes: config.payloadCapBytes, onIdleError: (error) => output.err(`store connection dropped: ${error.message}`) });
  open.push(store);
  await migrateWhenReachable(store, config, output);
  const bus = await openBus(config.db, (error) => output.err(`event bus: ${error.message}`));
  open.push(bus);
  const { server, credentials } = await buildApp({
    store,
    bus,
    config,
    version,
    filePolicies,
    filePrices,
    stuckAfterMs: config.stuckAfterMs,
    approvalTtlMs: config.approvalTtlMs,
    approvalSlaMs: config.approvalSlaMs,
    approvalSweepIntervalMs: config.approvalSweepIntervalMs,
    alertEvaluateIntervalMs: config.alertEvaluateIntervalMs,
    metrics: { token: config.metricsToken, labelCap: config.metricsLabelCap },
    rateLimits: { requests: config.rateLimit, authFailures: config.authFailureLimit },
    webhooks: { publicUrl: config.publicUrl },
  });
  open.push(server);
  const bootstrap = await credentials.ensureBootstrapAdmin(config.bootstrapSecret);
  await server.listen({ host: config.host, port: config.port });

  const first = server.addresses()[0];
  const port = typeof first === 'object' ? first.port : config.port;
  const boundHost = typeof first === 'object' ? first.address : '127.0.0.1';
  const selfHost = boundHost === '0.0.0.0' ? '127.0.0.1' : boundHost === '::' ? '[::1]' : boundHost.includes(':') ? `[${boundHost}]` : boundHost;
  const shownHost = ['localhost', '0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host) ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  output.out(`AxonFlow control plane listening on ${url}`);
  output.out(`Store: ${describeDb(config.db)}  ·  API docs: ${url}/openapi.json`);
  output.out(filePolicies ? `Policies: ${filePolicies.length} from ${config.policiesDir}, plus those written through /api/v1/policies` : 'Policies: none from files (see --policies); those written through /api/v1/policies apply');
  if (bootstrap.generatedSecret) {
    output.out('');
    output.out('Bootstrap admin credential (shown once; store it now):');
    output.out(`  client_id:     ${bootstrap.clientId}`);
    output.out(`  client_secret: ${bootstrap.generatedSecret}`);
    output.out(`  try: curl -H "Authorization: Bearer ${bootstrap.generatedSecret}" ${url}/api/v1/whoami`);
    output.out('');
  }
  return { selfUrl: `http://${selfHost}:${port}`, credentials, hasPolicies: filePolicies !== undefined && filePolicies.length > 0 };
}

/**
 * Exits once stdout and stderr have flushed: writes to a pipe are asynchronous, and a bare
 * process.exit would drop what was printed last (the bootstrap secret, the shutdown lines).
 */
async function exitAfterFlush(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit(code);
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
