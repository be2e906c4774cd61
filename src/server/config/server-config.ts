/**
 * @module Server configuration: each setting from its flag, else its environment variable, else
 * its default; validated once at start. Any bad value stops the start with a message naming the
 * setting both ways (env and flag) and the value given.
 */
import { z } from 'zod';
import { MIN_SECRET_LENGTH } from '../../core/identity/secret-hash.js';
import { type DbSetting, parseDbUrl } from './db-url.js';
import { parseDuration } from './duration.js';
import { DEFAULT_RATE_LIMITS, formatRateLimit, parseRateLimit, type RateLimitSetting } from './rate-limit-setting.js';

export interface ServerConfig {
  readonly db: DbSetting;
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bodyLimitBytes: number;
  /** Step and run payloads over this size are previewed in projections, whole in the event log. */
  readonly payloadCapBytes: number;
  readonly bootstrapSecret?: string;
  /** Directory of policy files loaded at start; none means every step is allowed. */
  readonly policiesDir?: string;
  /** JSON price file laid over the built-in prices (AxonFlow's `{providers: …}` shape); read at start. */
  readonly pricingFile?: string;
  readonly shutdownTimeoutMs: number;
  readonly authCacheTtlMs: number;
  /** A pending or running run with no event for this long, and nothing else wrong, shows as stuck. */
  readonly stuckAfterMs: number;
  /** Approvals: how long they wait before expiring, their SLA, and the sweep interval (0: this replica does not sweep). App defaults when absent. */
  readonly approvalTtlMs?: number;
  readonly approvalSlaMs?: number;
  readonly approvalSweepIntervalMs?: number;
  /** Built-in alerts: time between evaluations (0: this replica does not evaluate). App default (60 s) when absent. */
  readonly alertEvaluateIntervalMs?: number;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`; open otherwise. */
  readonly metricsToken?: string;
  /** Requests per credential (per address without one) and window, or `off` (docs/security.md). */
  readonly rateLimit: RateLimitSetting;
  /** Failed authentications per client address and window, or `off`. */
  readonly authFailureLimit: RateLimitSetting;
  /** Distinct values each client-chosen metric label (workflow, policy, …) keeps before "other". App default (50) when absent. */
  readonly metricsLabelCap?: number;
  /** Where people reach this deployment (no trailing slash); Slack-format webhook messages link to the viewer under it. */
  readonly publicUrl?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface Setting<K extends keyof ServerConfig> {
  readonly key: K;
  readonly env: readonly string[];
  readonly flag?: string;
  readonly fallback?: string;
  /** Returns the value or throws an Error whose message says what is wrong. */
  readonly parse: (raw: string) => ServerConfig[K];
}

function withZod<T>(schema: z.ZodType<T>) {
  return (raw: string): T => {
    const result = schema.safeParse(raw);
    if (!result.success) throw new Error(result.error.issues.map((i) => i.message).join('; '));
    return result.data;
  };
}

const SIZE = /^(\d+)\s*(b|kb|kib|mb|mib)?$/i;
const UNITS: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 * 1024, mib: 1024 * 1024 };

function parseSize(raw: string): number {
  const match = SIZE.exec(raw.trim());
  if (!match) throw new Error('must be a byte count such as 1048576, 512kb or 5mb');
  const bytes = Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]!;
  if (bytes < 1024 || bytes > 100 * 1024 * 1024) throw new Error('must be between 1kb and 100mb');
  return bytes;
}

const integer = (min: number, max: number) =>
  withZod(z.coerce.number({ error: 'must be an integer' }).int('must be an integer').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

function stuckAfter(raw: string): number {
  const ms = parseDuration(raw);
  if (ms < 1000 || ms > 7 * 24 * 3_600_000) throw new Error('must be between 1s and 168h');
  return ms;
}

function durationBetween(minMs: number, maxMs: number, text: string) {
  return (raw: string): number => {
    const ms = parseDuration(raw);
    if (ms < minMs || ms > maxMs) throw new Error(`must be between ${text}`);
    return ms;
  };
}

function publicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('must be an absolute http or https URL, e.g. https://axonflow.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must use http or https');
  if (url.search || url.hash) throw new Error('must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

const SETTINGS: { [K in keyof ServerConfig]-?: Setting<K> } = {
  db: { key: 'db', env: ['AXONFLOW_DB'], flag: '--db', fallback: 'sqlite:./data/axonflow.db', parse: parseDbUrl },
  host: { key: 'host', env: ['AXONFLOW_HOST', 'HOST'], flag: '--host', fallback: 'localhost', parse: withZod(z.string().min(1, 'must not be empty')) },
  port: { key: 'port', env: ['PORT', 'AXONFLOW_PORT'], flag: '--port', fallback: '8080', parse: integer(0, 65535) },
  logLevel: {
    key: 'logLevel',
    env: ['AXONFLOW_LOG_LEVEL', 'LOG_LEVEL'],
    flag: '--log-level',
    fallback: 'info',
    parse: withZod(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' })),
  },
  bodyLimitBytes: { key: 'bodyLimitBytes', env: ['AXONFLOW_BODY_LIMIT'], flag: '--body-limit', fallback: '1mb', parse: parseSize },
  payloadCapBytes: { key: 'payloadCapBytes', env: ['AXONFLOW_PAYLOAD_CAP'], flag: '--payload-cap', fallback: '64kb', parse: parseSize },
  policiesDir: { key: 'policiesDir', env: ['AXONFLOW_POLICIES'], flag: '--policies', parse: withZod(z.string().min(1, 'must not be empty')) },
  pricingFile: { key: 'pricingFile', env: ['AXONFLOW_PRICING_FILE', 'LLM_PRICING_FILE'], flag: '--pricing', parse: withZod(z.string().min(1, 'must not be empty')) },
  bootstrapSecret: {
    key: 'bootstrapSecret',
    env: ['AXONFLOW_BOOTSTRAP_SECRET'],
    parse: withZod(z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 24)`)),
  },
  shutdownTimeoutMs: { key: 'shutdownTimeoutMs', env: ['AXONFLOW_SHUTDOWN_TIMEOUT_MS'], flag: '--shutdown-timeout-ms', fallback: '10000', parse: integer(0, 600_000) },
  authCacheTtlMs: { key: 'authCacheTtlMs', env: ['AXONFLOW_AUTH_CACHE_TTL_MS'], fallback: '30000', parse: integer(0, 3_600_000) },
  stuckAfterMs: { key: 'stuckAfterMs', env: ['AXONFLOW_STUCK_AFTER'], flag: '--stuck-after', fallback: '15m', parse: stuckAfter },
  approvalTtlMs: { key: 'approvalTtlMs', env: ['AXONFLOW_APPROVAL_TTL'], flag: '--approval-ttl', parse: durationBetween(60_000, 720 * 3_600_000, '1m and 720h') },
  approvalSlaMs: { key: 'approvalSlaMs', env: ['AXONFLOW_APPROVAL_SLA'], flag: '--approval-sla', parse: durationBetween(60_000, 720 * 3_600_000, '1m and 720h') },
  approvalSweepIntervalMs: {
    key: 'approvalSweepIntervalMs',
    env: ['AXONFLOW_APPROVAL_SWEEP_INTERVAL'],
    flag: '--approval-sweep-interval',
    parse: (raw) => (raw.trim() === '0' ? 0 : durationBetween(100, 3_600_000, '100ms and 1h (or 0 for no sweeping)')(raw)),
  },
  alertEvaluateIntervalMs: {
    key: 'alertEvaluateIntervalMs',
    env: ['AXONFLOW_ALERT_EVALUATE_INTERVAL'],
    flag: '--alert-evaluate-interval',
    parse: (raw) => (raw.trim() === '0' ? 0 : durationBetween(1_000, 3_600_000, '1s and 1h (or 0 for no evaluation)')(raw)),
  },
  metricsToken: { key: 'metricsToken', env: ['AXONFLOW_METRICS_TOKEN'], parse: withZod(z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 24)')) },
  rateLimit: { key: 'rateLimit', env: ['AXONFLOW_RATE_LIMIT'], flag: '--rate-limit', fallback: formatRateLimit(DEFAULT_RATE_LIMITS.requests), parse: parseRateLimit },
  authFailureLimit: { key: 'authFailureLimit', env: ['AXONFLOW_AUTH_FAILURE_LIMIT'], flag: '--auth-failure-limit', fallback: formatRateLimit(DEFAULT_RATE_LIMITS.authFailures), parse: parseRateLimit },
  metricsLabelCap: { key: 'metricsLabelCap', env: ['AXONFLOW_METRICS_LABEL_CAP'], flag: '--metrics-label-cap', parse: integer(1, 10_000) },
  publicUrl: { key: 'publicUrl', env: ['AXONFLOW_PUBLIC_URL'], flag: '--public-url', parse: publicUrl },
};

export type ConfigFlags = Partial<Record<string, string | undefined>>;

/**
 * Builds the configuration from flags (keyed by flag name, e.g. `--port`) and an environment.
 * `only` restricts it to some settings (the credentials command needs only `db`).
 */
export function loadServerConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv, only?: readonly (keyof ServerConfig)[]): ServerConfig {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const setting of Object.values(SETTINGS) as Setting<keyof ServerConfig>[]) {
    if (only && !only.includes(setting.key)) continue;
    const fromFlag = setting.flag ? flags[setting.flag] : undefined;
    const fromEnvName = setting.env.find((name) => env[name] !== undefined && env[name] !== '');
    const raw = fromFlag ?? (fromEnvName ? env[fromEnvName] : undefined) ?? setting.fallback;
    if (raw === undefined) continue;
    try {
      config[setting.key] = setting.parse(raw);
    } catch (error) {
      const names = [...setting.env, ...(setting.flag ? [setting.flag] : [])].join(' / ');
      const source = fromFlag !== undefined ? setting.flag : fromEnvName ?? 'default';
      const shown = setting.key === 'bootstrapSecret' || setting.key === 'metricsToken' ? '(hidden)' : JSON.stringify(raw);
      problems.push(`${names}: ${(error as Error).message}; got ${shown} from ${source}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config) as unknown as ServerConfig;
}
