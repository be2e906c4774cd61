/**
 * @module axonctl's configuration: profiles in a YAML file (`$AXONFLOW_CONFIG`, else
 * `$XDG_CONFIG_HOME/axonflow/config.yaml`, else `~/.config/axonflow/config.yaml`, mode 0600), and
 * how a connection is resolved: flags, then environment (`AXONFLOW_ENDPOINT`, `AXONFLOW_API_KEY`,
 * `AXONFLOW_CLIENT_ID` + `AXONFLOW_CLIENT_SECRET`, `AXONFLOW_PROFILE`), then the profile. Credentials
 * come whole from the first layer that has any, never a client id from one and a secret from another.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { UsageError } from './exit-codes.js';

export const DEFAULT_ENDPOINT = 'http://localhost:8080';

export interface Profile {
  readonly endpoint?: string;
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly api_key?: string;
}

export interface ConfigFile {
  current_profile?: string;
  profiles: Record<string, Profile>;
}

/** The SDK options a command connects with, and where each part came from. */
export interface Connection {
  readonly endpoint: string;
  /** '' with an API key, so the SDK sends it as a Bearer token and reads no client id from the environment. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly profile: string;
  readonly credentialsFrom: 'flags' | 'env' | 'profile' | 'none';
}

export interface ConnectionFlags {
  readonly endpoint?: string;
  readonly profile?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly apiKey?: string;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AXONFLOW_CONFIG) return env.AXONFLOW_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'axonflow', 'config.yaml');
}

export function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return { profiles: {} };
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return { profiles: {} };
  const file = parsed as Partial<ConfigFile>;
  if (typeof file !== 'object' || (file.profiles !== undefined && (typeof file.profiles !== 'object' || file.profiles === null))) {
    throw new UsageError(`${path}: expected {current_profile, profiles: {name: {endpoint, client_id, client_secret | api_key}}}`);
  }
  return { current_profile: file.current_profile, profiles: { ...(file.profiles ?? {}) } };
}

/** Writes atomically, readable by the owner only (it holds secrets). */
export function writeConfig(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, toYaml(config), { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

function credentialsOf(layer: { clientId?: string; clientSecret?: string; apiKey?: string }): { clientId: string; clientSecret: string } | undefined {
  if (layer.clientId && layer.clientSecret) return { clientId: layer.clientId, clientSecret: layer.clientSecret };
  if (layer.apiKey) return { clientId: '', clientSecret: layer.apiKey };
  if (layer.clientSecret) return { clientId: '', clientSecret: layer.clientSecret };
  return undefined;
}

export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const path = configPath(env);
  const config = readConfig(path);
  const name = flags.profile ?? env.AXONFLOW_PROFILE ?? config.current_profile ?? 'default';
  const profile = config.profiles[name];
  if (!profile && (flags.profile !== undefined || env.AXONFLOW_PROFILE !== undefined)) {
    const known = Object.keys(config.profiles);
    throw new UsageError(`no profile "${name}" in ${path}${known.length ? ` (profiles: ${known.join(', ')})` : ''}; create it with: axonctl login --profile ${name}`);
  }
  const layers = [
    ['flags', credentialsOf(flags)],
    ['env', credentialsOf({ clientId: env.AXONFLOW_CLIENT_ID, clientSecret: env.AXONFLOW_CLIENT_SECRET, apiKey: env.AXONFLOW_API_KEY })],
    ['profile', profile ? credentialsOf({ clientId: profile.client_id, clientSecret: profile.client_secret, apiKey: profile.api_key }) : undefined],
  ] as const;
  const found = layers.find(([, credentials]) => credentials !== undefined);
  return {
    endpoint: (flags.endpoint ?? env.AXONFLOW_ENDPOINT ?? profile?.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    clientId: found?.[1]?.clientId ?? '',
    clientSecret: found?.[1]?.clientSecret,
    profile: name,
    credentialsFrom: found?.[0] ?? 'none',
  };
}
