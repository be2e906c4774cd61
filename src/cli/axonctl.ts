#!/usr/bin/env node
/**
 * @module The `axonctl` command: operates a control plane through its public API, via the SDK.
 * Exit codes (docs/axonctl.md): 0 ok, 1 error, 2 usage, 3 not found, 4 authentication or
 * permission, 5 conflict.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { AxonFlowError, ConnectionError } from '../sdk/index.js';
import { cliContext } from './cli-context.js';
import { CommandFailed, EXIT, exitCodeOf, UsageError } from './exit-codes.js';
import { buildProgram } from './program.js';
import { processTerminal } from './terminal.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const terminal = processTerminal();
const program = buildProgram(cliContext(terminal, process.env), version);
// A closed pipe (`axonctl exec list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? EXIT.ok : EXIT.error));

function message(error: unknown): string {
  const red = terminal.errColor.red;
  if (error instanceof UsageError || error instanceof CommandFailed) return red(`error: ${error.message}`);
  if (error instanceof ConnectionError) return red(`error: ${error.message}`) + '\n(is the control plane running? set --endpoint or AXONFLOW_ENDPOINT)';
  if (AxonFlowError.is(error)) {
    const hint = error.status === 401 ? '\n(check AXONFLOW_CLIENT_ID/AXONFLOW_CLIENT_SECRET or AXONFLOW_API_KEY, or run axonctl login)' : '';
    return red(`error: ${error.code}: ${error.message}`) + (error.requestId ? terminal.errColor.dim(` (request ${error.requestId})`) : '') + hint;
  }
  return red(`axonctl: ${(error as Error).stack ?? String(error)}`);
}

let code: number = EXIT.ok;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) code = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else {
    terminal.err(message(error));
    code = exitCodeOf(error);
  }
}
// Let stdout drain before exiting (large outputs into a pipe).
process.exitCode = code;
if (code !== EXIT.ok) process.stdout.write('', () => process.exit(code));
