/**
 * @module IPv6 addresses: the full eight-group form (`2001:0db8:85a3:0000:0000:8a2e:0370:7334`),
 * `::`-compressed forms (`2001:db8::1`, `fe80::1`, `::1`) and an IPv4 tail (`::ffff:192.0.2.1`).
 * Not matched: times (`12:30:45`), MAC addresses (six groups), ratios and verse numbers
 * (`16:9`, `3:16`), C++/Rust paths (`std::vector`), a bare `::`, and compressed forms without any
 * decimal digit (`abc::def` reads like code, not an address).
 */
import type { DetectorFinding } from './detector-kinds.js';
import { isIpv4 } from './detect-ipv4.js';

// Candidates of at most 45 characters (the longest textual IPv6) holding a colon, starting at a
// boundary; every quantifier is bounded, so each start costs at most ~90 steps.
const CANDIDATE = /(?<![\w:.])(?=[0-9A-Fa-f.]{0,44}:)[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}(?![\w:])/g;
const GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** True for a textual IPv6 address (RFC 4291 §2.2 forms, no zone). */
export function isIpv6(candidate: string): boolean {
  let text = candidate;
  if (text.includes('.')) {
    const lastColon = text.lastIndexOf(':');
    if (lastColon < 0 || !isIpv4(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((g) => GROUP.test(g))) return false;
  return halves.length === 2 ? all.length <= 7 && /\d/.test(candidate) : all.length === 8;
}

export function detectIpv6(text: string): DetectorFinding[] {
  if (!text.includes(':')) return [];
  const findings: DetectorFinding[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    let candidate = match[0];
    // Sentence punctuation after an address: `… at 2001:db8::1.` or `fe80::1: up`.
    while (candidate.endsWith('.')) candidate = candidate.slice(0, -1);
    if (candidate.endsWith(':') && !candidate.endsWith('::')) candidate = candidate.slice(0, -1);
    if (candidate.indexOf(':') !== candidate.lastIndexOf(':') && isIpv6(candidate)) findings.push({ kind: 'ipv6', start: match.index, end: match.index + candidate.length });
  }
  return findings;
}
