/**
 * @module `axonctl login`: checks a credential with `whoami` and saves it as a profile in the config
 * file (mode 0600), which becomes the current profile. Values come from flags, then the
 * environment, then prompts (on a terminal only).
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { AxonFlowClient } from '../sdk/index.js';
import { DEFAULT_ENDPOINT, configPath, readConfig, writeConfig, type Profile } from './cli-config.js';
import { examples, type CliContext } from './cli-context.js';
import { UsageError } from './exit-codes.js';

interface LoginFlags {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly apiKey?: string;
}

async function prompt(question: string, hidden: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = rl.question(question);
    muted = hidden;
    const text = await answer;
    if (hidden) process.stderr.write('\n');
    return text.trim();
  } finally {
    rl.close();
  }
}

export function loginCommand(program: Command, ctx: CliContext): Command {
  return examples(
    program
      .command('login')
      .description('check a credential and save it as a profile (global --endpoint and --profile choose where and which)')
      .option('--client-id <id>', 'client id (env AXONFLOW_CLIENT_ID)')
      .option('--client-secret <secret>', 'client secret (env AXONFLOW_CLIENT_SECRET)')
      .option('--api-key <key>', 'an API key (a client secret used alone, sent as Bearer; env AXONFLOW_API_KEY)')
      .action(async (flags: LoginFlags, command: Command) => {
        const { terminal, env } = ctx;
        const globals = command.optsWithGlobals<{ endpoint?: string; profile?: string }>();
        const path = configPath(env);
        const config = readConfig(path);
        const name = globals.profile ?? env.AXONFLOW_PROFILE ?? 'default';
        const canPrompt = terminal.stdinIsTTY;
        const ask = async (label: string, hidden = false, fallback?: string): Promise<string | undefined> => {
          if (!canPrompt) return fallback;
          const answer = await prompt(`${label}${fallback ? ` [${hidden ? '****' : fallback}]` : ''}: `, hidden);
          return answer || fallback;
        };

        const endpoint = (globals.endpoint ?? env.AXONFLOW_ENDPOINT ?? (await ask('Endpoint', false, config.profiles[name]?.endpoint ?? DEFAULT_ENDPOINT)) ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
        let apiKey = flags.apiKey ?? (flags.clientId || flags.clientSecret ? undefined : env.AXONFLOW_API_KEY);
        let clientId = apiKey ? undefined : (flags.clientId ?? env.AXONFLOW_CLIENT_ID);
        let clientSecret = apiKey ? undefined : (flags.clientSecret ?? env.AXONFLOW_CLIENT_SECRET);
        if (!apiKey && !clientSecret) {
          if (!canPrompt) throw new UsageError('login needs --client-id and --client-secret, or --api-key (or their AXONFLOW_* variables) when not on a terminal');
          clientId ??= await ask('Client ID (empty for an API key)');
          if (clientId) clientSecret = await ask('Client secret', true);
          else apiKey = await ask('API key', true);
        }
        if (!apiKey && !clientSecret) throw new UsageError('no secret given');
        if (clientSecret && !clientId) throw new UsageError('--client-secret needs --client-id (or use --api-key)');

        const client = new AxonFlowClient({ endpoint, clientId: apiKey ? '' : clientId, clientSecret: apiKey ?? clientSecret, maxAttempts: 2, retryBackoffMs: 200 });
        const me = await client.whoami();
        const profile: Profile = apiKey ? { endpoint, api_key: apiKey } : { endpoint, client_id: clientId, client_secret: clientSecret };
        writeConfig(path, { ...config, current_profile: name, profiles: { ...config.profiles, [name]: profile } });
        terminal.err(`Logged in to ${endpoint} as ${me.client_id} (org ${me.org_id}, tenant ${me.tenant_id}, role ${me.role}).`);
        terminal.err(`Saved profile "${name}" to ${path}.`);
      }),
    [
      'axonctl login                       # prompts for endpoint and credentials',
      'axonctl login --endpoint https://axonflow.internal --client-id ci-bot --client-secret "$SECRET" --profile prod',
      'axonctl login --api-key "$AXONFLOW_API_KEY"',
      'axonctl --profile prod executions list',
    ],
  );
}
