/**
 * @module Rate limits in configuration: `<count>/<window>`, e.g. `6000/min`, `10/s`, `500/1h` or
 * `100/30s` (a window is `s`, `sec`, `min`, `h`, `hour`, or a duration such as `30s`); `0` or `off`
 * turns the limit off.
 */
import { parseDuration } from './duration.js';

export interface RateLimit {
  /** Requests allowed per window and key. */
  readonly max: number;
  readonly windowMs: number;
}

/** A limit, or `off`. */
export type RateLimitSetting = RateLimit | 'off';

export interface RateLimits {
  /** Requests per credential (by client id), or per client address for requests without one. */
  readonly requests: RateLimitSetting;
  /** Credentials and stream tokens that fail to verify, per client address. */
  readonly authFailures: RateLimitSetting;
}

/**
 * 100 requests a second per credential, averaged over a minute: far above what an agent fleet on one
 * credential, the demo or the test suite sends, low enough to stop a runaway loop. 30 failed
 * authentications a minute per address: no client that holds its secret fails that often.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  requests: { max: 6000, windowMs: 60_000 },
  authFailures: { max: 30, windowMs: 60_000 },
};

const FORM = /^(\d+)\s*\/\s*([a-z0-9]+)$/i;
const NAMED_WINDOWS: Record<string, number> = { s: 1000, sec: 1000, second: 1000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };
const MAX_COUNT = 10_000_000;
const MIN_WINDOW_MS = 1000;
const MAX_WINDOW_MS = 24 * 3_600_000;

/** Throws an Error whose message says what is wrong. */
export function parseRateLimit(raw: string): RateLimitSetting {
  const text = raw.trim().toLowerCase();
  if (text === '0' || text === 'off') return 'off';
  const match = FORM.exec(text);
  if (!match) throw new Error('must be <count>/<window> such as 6000/min, 10/s or 100/30s, or 0/off');
  const max = Number(match[1]);
  const unit = match[2]!;
  const windowMs = NAMED_WINDOWS[unit] ?? parseDuration(unit);
  if (max < 1 || max > MAX_COUNT) throw new Error(`count must be between 1 and ${MAX_COUNT} (0 or off for no limit)`);
  if (windowMs < MIN_WINDOW_MS || windowMs > MAX_WINDOW_MS) throw new Error('window must be between 1s and 24h');
  return { max, windowMs };
}

/** `6000/min`: the form parseRateLimit reads, for messages and docs. */
export function formatRateLimit(setting: RateLimitSetting): string {
  if (setting === 'off') return 'off';
  const named = Object.entries({ s: 1000, min: 60_000, h: 3_600_000 }).find(([, ms]) => ms === setting.windowMs);
  return `${setting.max}/${named ? named[0] : `${setting.windowMs / 1000}s`}`;
}
