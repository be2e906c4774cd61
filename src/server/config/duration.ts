/**
 * @module Durations in configuration, written as Go writes them: a sequence of numbers with units
 * `ms`, `s`, `m`, `h` (`15m`, `900s`, `1h30m`). A bare number is refused: its unit would be a guess.
 */

const DURATION = /^(?:\d+(?:ms|s|m|h))+$/;
const PART = /(\d+)(ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds; throws an Error whose message says what is wrong. */
export function parseDuration(raw: string): number {
  const text = raw.trim();
  if (!DURATION.test(text)) throw new Error('must be a duration such as 15m, 900s or 1h30m');
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
  return ms;
}
