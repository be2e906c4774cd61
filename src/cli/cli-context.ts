/**
 * @module What every command gets: the terminal, the environment, and an SDK client built from the
 * global flags (`--endpoint`, `--profile`) over the environment and the config file.
 */
import type { Command } from 'commander';
import { AxonFlowClient } from '../sdk/index.js';
import { resolveConnection, type Connection } from './cli-config.js';
import type { Terminal } from './terminal.js';

export interface CliContext {
  readonly terminal: Terminal;
  readonly env: NodeJS.ProcessEnv;
  /** The connection for this command (global flags over env over profile). */
  connection(command: Command): Connection;
  client(command: Command): AxonFlowClient;
}

export function cliContext(terminal: Terminal, env: NodeJS.ProcessEnv): CliContext {
  const connection = (command: Command) => {
    const globals = command.optsWithGlobals<{ endpoint?: string; profile?: string }>();
    return resolveConnection({ endpoint: globals.endpoint, profile: globals.profile }, env);
  };
  return {
    terminal,
    env,
    connection,
    client(command) {
      const c = connection(command);
      // Few retries: a person is waiting, and a refused connection should say so quickly.
      return new AxonFlowClient({ endpoint: c.endpoint, clientId: c.clientId, clientSecret: c.clientSecret, maxAttempts: 2, retryBackoffMs: 200 });
    },
  };
}

/** Adds examples under a command's --help. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}
