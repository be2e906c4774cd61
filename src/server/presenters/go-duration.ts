/**
 * @module Durations as AxonFlow's unified API writes them (Go's time.Duration.String after
 * rounding): under a second to the millisecond ("850ms"), under an hour to the second ("1m30s"),
 * otherwise to the minute ("2h5m0s").
 */
export function goDuration(ms: number): string {
  if (ms < 0) return `-${goDuration(-ms)}`;
  if (ms === 0) return '0s';
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  const rounded = ms < 3_600_000 ? Math.round(ms / 1000) * 1000 : Math.round(ms / 60_000) * 60_000;
  const hours = Math.floor(rounded / 3_600_000);
  const minutes = Math.floor((rounded % 3_600_000) / 60_000);
  const seconds = Math.floor((rounded % 60_000) / 1000);
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
