/**
 * @module Units as axonctl reads and prints them: `--since 1h` / RFC 3339 times, durations the way
 * AxonFlow's axonctl prints them (`850ms`, `2.5s`, `1.2m`), dollar costs, times without millis.
 */
import { UsageError } from './exit-codes.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `1h`, `7d`, `2w` before `now`, or an RFC 3339 time; an ISO string either way. */
export function parseTimeFlag(flag: string, text: string, now: Date = new Date()): string {
  const relative = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2]!]!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text.trim())) {
    const at = Date.parse(text.trim());
    if (!Number.isNaN(at)) return new Date(at).toISOString();
  }
  throw new UsageError(`${flag} must be a duration like 30m, 1h, 7d or an RFC 3339 time like 2026-03-01T00:00:00Z; got "${text}"`);
}

export function parseCount(flag: string, text: string, min = 0): number {
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ''}; got "${text}"`);
  return Number(text);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${(ms / 60_000).toFixed(1)}m`;
}

export function formatCost(usd: number | undefined): string {
  return usd === undefined ? '-' : `$${usd.toFixed(4)}`;
}

/** RFC 3339 to the second, UTC. */
export function formatTime(iso: string | undefined): string {
  return iso ? iso.replace(/\.\d+Z$/, 'Z') : '-';
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const AGE_PART = /(\d+)(ms|s|m|h|d|w)/g;
const AGE_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * An age such as `30m`, `4h`, `7d`, `2w` or `1h30m`, as the server's duration (`Ns`, or `Nms` below a
 * second): the server reads `ms|s|m|h` only, so days and weeks are converted here.
 */
export function parseAgeFlag(flag: string, text: string): string {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:ms|s|m|h|d|w))+$/.test(trimmed)) throw new UsageError(`${flag} must be a duration like 30m, 4h, 7d or 1h30m; got "${text}"`);
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(AGE_PART)) ms += Number(amount) * AGE_UNIT_MS[unit!]!;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** An age the way the approval dashboard shows it: `45s`, `5m`, `2h`, `3d`. */
export function formatAge(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 60) return `${Math.floor(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** A comma-separated flag value as a list, without blanks. */
export function parseList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}
