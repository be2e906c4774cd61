/**
 * @module Payment card numbers: 13–19 digits, optionally grouped by single spaces or dashes
 * (`4111 1111 1111 1111`, `3782-822463-10005`), starting with a card network's first digit (2–6:
 * Mastercard 2-series, Amex/Diners/JCB, Visa, Mastercard/Maestro, Discover/UnionPay) and passing
 * the Luhn check. A short trailing group (an expiry month or CVV, `4111111111111111 12/29`) is
 * left out of the span. Not matched: Luhn-invalid numbers, one digit repeated, digit runs of more
 * than 19 digits plus such a short group, numbers inside a decimal or a thousands-separated
 * figure, millisecond timestamps (they start with 1).
 */
import type { DetectorFinding } from './detector-kinds.js';
import { luhnValid } from './luhn.js';

// Each repetition takes exactly one digit (after an optional separator), so a digit run has one
// reading; the lookahead refuses runs that go on past 28 digits (19 plus a short group).
const RUN = /(?<![\w.,-])[2-6]\d{3}(?:[ -]?\d){9,24}(?![\w]|[ -]\d|[.,]\d)/g;
/** Digits a trailing group left out of the span may have: an expiry month or year, a CVV. */
const MAX_TRAILING_DIGITS = 4;

function isCardNumber(grouped: string): boolean {
  if (grouped.includes(' ') && grouped.includes('-')) return false;
  const digits = grouped.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && luhnValid(digits);
}

/** The longest card number the run starts with: the whole run, or the run less a short last group. */
function cardLength(run: string): number | undefined {
  if (isCardNumber(run)) return run.length;
  const lastSeparator = Math.max(run.lastIndexOf(' '), run.lastIndexOf('-'));
  if (lastSeparator < 0 || run.length - lastSeparator - 1 > MAX_TRAILING_DIGITS) return undefined;
  return isCardNumber(run.slice(0, lastSeparator)) ? lastSeparator : undefined;
}

export function detectCreditCard(text: string): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  for (const match of text.matchAll(RUN)) {
    const length = cardLength(match[0]);
    if (length !== undefined) findings.push({ kind: 'credit_card', start: match.index, end: match.index + length });
  }
  return findings;
}
