/**
 * @module Merges overlapping findings (from several detectors, or two shapes of one detector)
 * into one finding per overlapping group.
 */
import type { DetectorFinding, DetectorKind } from './detector-kinds.js';

/** For spans of equal length and start: the more specific kind wins. */
const PRECEDENCE: readonly DetectorKind[] = ['private_key', 'jwt', 'api_key', 'iban', 'credit_card', 'us_ssn', 'email', 'ipv6', 'phone', 'ipv4'];

/**
 * Merges overlapping findings: each group of spans that overlap becomes one span covering all of
 * them, of the kind of its longest member, so a mask over the result hides every byte any
 * detector claimed. The input need not be sorted.
 */
export function resolveOverlaps(findings: readonly DetectorFinding[]): DetectorFinding[] {
  const rank = (f: DetectorFinding) => PRECEDENCE.indexOf(f.kind);
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end || rank(a) - rank(b));
  const merged: DetectorFinding[] = [];
  let group: { start: number; end: number; longest: DetectorFinding } | undefined;
  for (const finding of ordered) {
    if (group && finding.start < group.end) {
      group.end = Math.max(group.end, finding.end);
      const [length, best] = [finding.end - finding.start, group.longest.end - group.longest.start];
      if (length > best || (length === best && rank(finding) < rank(group.longest))) group.longest = finding;
      continue;
    }
    if (group) merged.push({ kind: group.longest.kind, start: group.start, end: group.end });
    group = { start: finding.start, end: finding.end, longest: finding };
  }
  if (group) merged.push({ kind: group.longest.kind, start: group.start, end: group.end });
  return merged;
}
