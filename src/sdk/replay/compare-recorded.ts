/**
 * @module Compares a value the code produces now with the one a run recorded, as JSON, and says
 * where they differ (JSONPaths, `$.tool_input.amount`). Two rules make it fair to recordings:
 *
 * 1. The code's value is compared as it would be sent: through JSON (`undefined` members dropped,
 *    dates as strings, key order irrelevant).
 * 2. A value a `redact` policy masked is not a difference. The gate replaced each finding in a
 *    string by `[REDACTED:kind]`, so a recorded string with markers matches a current string
 *    that reads the same with each marker standing for some non-empty text
 *    (`"call me on [REDACTED:phone]"` matches `"call me on +1 415 555 0132"`), and
 *    `[REDACTED:too_deep]`, which replaced a whole container, matches any value. The masked text
 *    itself cannot be checked: the original was never stored.
 */

const MARKER = /\[REDACTED:[A-Za-z0-9_.-]+\]/g;
const TOO_DEEP = '[REDACTED:too_deep]';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The value as JSON would carry it: what the gate received from the code. */
export function asSent(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether `actual` reads as `recorded` with each marker replaced by non-empty text. Literal parts
 * are found leftmost-first, which is exact for patterns whose only wildcards are markers (no
 * backtracking, linear in the text).
 */
export function matchesMasked(recorded: string, actual: string): boolean {
  const literals = recorded.split(MARKER);
  if (literals.length === 1) return recorded === actual;
  const first = literals[0]!;
  const last = literals[literals.length - 1]!;
  if (!actual.startsWith(first)) return false;
  let at = first.length;
  for (const literal of literals.slice(1, -1)) {
    const found = actual.indexOf(literal, at + 1);
    if (found < 0) return false;
    at = found + literal.length;
  }
  return actual.length - last.length >= at + 1 && actual.endsWith(last);
}

/**
 * JSONPaths where `actual` (sent as JSON) differs from `recorded`, at most `limit` of them, in
 * document order. Empty when they match.
 */
export function compareRecorded(recorded: unknown, actual: unknown, limit = 20): string[] {
  const paths: string[] = [];
  const walk = (r: unknown, a: unknown, path: string): void => {
    if (paths.length >= limit) return;
    if (typeof r === 'string') {
      if (r === TOO_DEEP) return;
      if (typeof a === 'string' ? !matchesMasked(r, a) : true) paths.push(path);
      return;
    }
    if (Array.isArray(r)) {
      if (!Array.isArray(a)) return void paths.push(path);
      for (let i = 0; i < Math.max(r.length, a.length); i++) walk(r[i], a[i], child(path, i));
      return;
    }
    if (isObject(r)) {
      if (!isObject(a)) return void paths.push(path);
      for (const key of Object.keys(r)) walk(r[key], a[key], child(path, key));
      for (const key of Object.keys(a)) if (!Object.hasOwn(r, key)) walk(undefined, a[key], child(path, key));
      return;
    }
    if (r !== a) paths.push(path);
  };
  walk(recorded, asSent(actual), '$');
  return paths;
}
