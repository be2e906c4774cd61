/**
 * @module Phone numbers, in two shapes:
 * - international: `+` and a country code, then 8–15 digits in all (E.164) with optional single
 *   spaces, dots, dashes and one parenthesised group: `+1 415 555 0132`, `+44 20 7946 0958`,
 *   `+49 (0)30 1234567`, `+14155550132`;
 * - North American national: `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `415 555 0132`,
 *   `1-415-555-0132`, with valid area and exchange codes (first digit 2–9) and one separator style.
 * Not matched: digits without a `+` or separators (order ids, plain integers), ISO dates, times,
 * version numbers, SSNs (3-2-4) and card numbers (4-4-4-4), and numbers glued to letters or dashes
 * (`ORD-415-555-0132`). National formats other than North American are only found with `+`.
 */
import type { DetectorFinding } from './detector-kinds.js';
import { resolveOverlaps } from './resolve-overlaps.js';

// Candidates only: the validation below decides. Bounded, so each `+` costs at most ~25 steps.
const INTERNATIONAL = /(?<![\w+])\+[1-9][\d ().-]{6,24}/g;
const NANP = /(?<![\w.+-])(?:\+?1[ .-])?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)([ .-]))[2-9]\d\d([ .-])\d{4}(?![\w-]|\.\d)/g;

const DIGIT = /\d/;
const WORD = /\w/;

function international(text: string, match: RegExpExecArray): DetectorFinding | undefined {
  let candidate = match[0];
  while (!DIGIT.test(candidate[candidate.length - 1]!)) candidate = candidate.slice(0, -1);
  const end = match.index + candidate.length;
  if (end < text.length && WORD.test(text[end]!)) return undefined;
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 8 || digits > 15) return undefined;
  if (/[ .-]{2}|[.-][()]|[()][.-]/.test(candidate)) return undefined;
  // At most one group in parentheses, holding 1–4 digits: `(0)`, `(415)`.
  const opens = candidate.split('(').length - 1;
  const closes = candidate.split(')').length - 1;
  if (opens !== closes || opens > 1 || (opens === 1 && !/\(\d{1,4}\)/.test(candidate))) return undefined;
  return { kind: 'phone', start: match.index, end };
}

export function detectPhone(text: string): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  if (text.includes('+')) {
    for (const match of text.matchAll(INTERNATIONAL)) {
      const finding = international(text, match);
      if (finding) findings.push(finding);
    }
  }
  for (const match of text.matchAll(NANP)) {
    // `415-555.0132` mixes styles: not a phone number as people write them.
    if (match[1] === undefined && match[3] !== match[4]) continue;
    findings.push({ kind: 'phone', start: match.index, end: match.index + match[0].length });
  }
  // `+1 (415) 555-0132` is found by both shapes: one number, one finding.
  return resolveOverlaps(findings);
}
