/** @module Runs one global regex over a text and keeps the matches a validator accepts, as findings. */
import type { DetectorFinding, DetectorKind } from './detector-kinds.js';

/**
 * Every match of `pattern` (which must carry the `g` flag) that `accept` keeps. Patterns are
 * written so a match can only start at a token boundary (a lookbehind) and every repetition is
 * bounded or unambiguous, which keeps a scan linear in the text length.
 */
export function findMatches(text: string, pattern: RegExp, kind: DetectorKind, accept: (match: RegExpExecArray) => boolean = () => true): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  for (const match of text.matchAll(pattern)) {
    if (accept(match)) findings.push({ kind, start: match.index, end: match.index + match[0].length });
  }
  return findings;
}
