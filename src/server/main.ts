#!/usr/bin/env node
/**
 * @module The `axonflow` command: `serve` runs the control plane; `credentials` and `migrate` work
 * on the configured store directly. Exit codes: 0 ok, 1 failure, 2 bad usage or configuration.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { DomainError } from '../core/errors/domain-error.js';
import { openStore } from './app.js';
import { ConfigError, loadServerConfig, type ConfigFlags } from './config/server-config.js';
import { PolicyLoadError } from './policies/load-policy-files.js';
import { createCredentialCommand, listCredentialsCommand, revokeCredentialCommand, UsageError } from './credentials-command.js';
import { type Output, serve } from './serve.js';
import { startDemo, demoCommandOptions, runDemoCommand } from './demo-command.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const output: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

function flagsOf(options: Record<string, unknown>): ConfigFlags {
  const flags: ConfigFlags = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === 'string') flags[`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] = value;
  }
  return flags;
}

const program = new Command()
  .name('axonflow')
  .description('AxonFlow-compatible execution control plane')
  .version(version)
  .exitOverride()
  .showHelpAfterError();

program
  .command('serve')
  .description('start the control plane (HTTP API on --host:--port)')
  .option('--db <url>', 'store: sqlite:<path> or postgres://… (env AXONFLOW_DB; default sqlite:./data/axonflow.db)')
  .option('--host <host>', 'interface to listen on (env AXONFLOW_HOST or HOST; default localhost)')
  .option('--port <port>', 'port (env PORT; default 8080)')
  .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (env AXONFLOW_LOG_LEVEL; default info)')
  .option('--body-limit <size>', 'largest request body, e.g. 1mb (env AXONFLOW_BODY_LIMIT; default 1mb)')
  .option('--payload-cap <size>', 'step payloads above this are previewed in lists, whole in the log (env AXONFLOW_PAYLOAD_CAP; default 64kb)')
  .option('--shutdown-timeout-ms <ms>', 'how long to drain on SIGTERM (default 10000)')
  .option('--policies <dir>', 'load policy files (*.yaml, *.json) from this directory (env AXONFLOW_POLICIES)')
  .option('--pricing <file>', 'JSON prices per 1K tokens laid over the built-in ones, {providers:{p:{model:{input_per_1k,output_per_1k}}}} (env AXONFLOW_PRICING_FILE)')
  .option('--stuck-after <duration>', 'a run with no progress for this long is stuck, e.g. 15m (env AXONFLOW_STUCK_AFTER; default 15m)')
  .option('--approval-ttl <duration>', 'how long an approval waits before it expires, unless its policy says (env AXONFLOW_APPROVAL_TTL; default 24h)')
  .option('--approval-sla <duration>', 'when a pending approval counts as past its SLA, unless its policy says (env AXONFLOW_APPROVAL_SLA; default 4h)')
  .option('--approval-sweep-interval <duration>', 'how often expiry and SLA are checked (env AXONFLOW_APPROVAL_SWEEP_INTERVAL; default 15s)')
  .option('--alert-evaluate-interval <duration>', 'how often the built-in alert rules are evaluated, 0 for never on this replica (env AXONFLOW_ALERT_EVALUATE_INTERVAL; default 60s)')
  .option('--metrics-label-cap <n>', 'distinct workflow/policy/provider/… values per /metrics label before "other" (env AXONFLOW_METRICS_LABEL_CAP; default 50)')
  .option('--public-url <url>', 'where people reach this server, e.g. https://axonflow.example.com; Slack webhook messages link to the viewer under it (env AXONFLOW_PUBLIC_URL)')
  .option('--rate-limit <limit>', 'requests per credential, e.g. 6000/min or 100/s; 0 or off for none (env AXONFLOW_RATE_LIMIT; default 6000/min)')
  .option('--auth-failure-limit <limit>', 'failed authentications per client address, e.g. 30/min; 0 or off for none (env AXONFLOW_AUTH_FAILURE_LIMIT; default 30/min)')
  .option('--demo', 'also run simulated multi-agent demo traffic against this server (npm start does)')
  .option('--no-demo', 'no demo traffic')
  .action(async (options: Record<string, unknown>) => {
    const config = loadServerConfig(flagsOf(options), process.env);
    const demo = new AbortController();
    const serving = await serve(config, version, output, { onShutdown: () => demo.abort() });
    if (options.demo === true) await startDemo(serving, demo.signal, output);
  });

demoCommandOptions(program.command('demo'))
  .description('drive simulated multi-agent workflows through the SDK against a running server (Ctrl-C stops)')
  .action(async (options: { endpoint?: string; clientId?: string; clientSecret?: string }) => runDemoCommand(options, output));

const credentials = program.command('credentials').description('manage API credentials on the configured store (no server needed)');
const dbOption = () => new Option('--db <url>', 'store (env AXONFLOW_DB; default sqlite:./data/axonflow.db)');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

credentials
  .command('create')
  .description('issue a credential; creates the org and tenant when missing; prints the secret once')
  .requiredOption('--org <org>', 'org id')
  .requiredOption('--tenant <tenant>', 'tenant id')
  .requiredOption('--role <role>', 'viewer | operator | approver | admin')
  .option('--name <name>', 'a label for the credential')
  .addOption(formatOption())
  .addOption(dbOption())
  .action(async (options: { org: string; tenant: string; role: string; name?: string; format: string; db?: string }) => {
    const config = loadServerConfig(flagsOf({ db: options.db }), process.env, ['db']);
    await createCredentialCommand(config, options, output);
  });

credentials
  .command('list')
  .description('list the credentials of a tenant')
  .requiredOption('--org <org>', 'org id')
  .requiredOption('--tenant <tenant>', 'tenant id')
  .addOption(formatOption())
  .addOption(dbOption())
  .action(async (options: { org: string; tenant: string; format: string; db?: string }) => {
    const config = loadServerConfig(flagsOf({ db: options.db }), process.env, ['db']);
    await listCredentialsCommand(config, options, output);
  });

credentials
  .command('revoke <client_id>')
  .description('revoke a credential')
  .requiredOption('--org <org>', 'org id')
  .requiredOption('--tenant <tenant>', 'tenant id')
  .addOption(dbOption())
  .action(async (clientId: string, options: { org: string; tenant: string; db?: string }) => {
    const config = loadServerConfig(flagsOf({ db: options.db }), process.env, ['db']);
    await revokeCredentialCommand(config, clientId, options, output);
  });

program
  .command('migrate')
  .description('apply pending migrations to the configured store and exit')
  .addOption(dbOption())
  .action(async (options: { db?: string }) => {
    const config = loadServerConfig(flagsOf({ db: options.db }), process.env, ['db']);
    const store = openStore(config.db);
    try {
      const report = await store.migrate();
      output.out(report.applied.length > 0 ? `Applied: ${report.applied.join(', ')}` : 'Schema is up to date.');
    } finally {
      await store.close();
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof PolicyLoadError) {
    output.err(error.message);
    process.exit(2);
  }
  if (DomainError.is(error)) {
    output.err(`${error.code}: ${error.message}`);
    process.exit(1);
  }
  output.err(`axonflow: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}
