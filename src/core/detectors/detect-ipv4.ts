/**
 * @module IPv4 addresses in dotted-quad form, each octet 0–255 without leading zeros
 * (`192.168.1.10`, also inside `10.0.0.1:8080` and `::ffff:192.0.2.1`). Not matched: octets over
 * 255 (`999.1.1.1`), leading zeros (`01.02.03.04`), runs of more than four parts (`1.2.3.4.5`),
 * numbers glued to letters (`v1.2.3.4`). A four-part version number with small parts
 * (`1.2.3.4`) is indistinguishable from an address and is reported.
 */
import type { DetectorFinding } from './detector-kinds.js';
import { findMatches } from './find-matches.js';

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;

/** True for a dotted quad with every octet 0–255 and no leading zeros. */
export function isIpv4(candidate: string): boolean {
  const octets = candidate.split('.');
  return octets.length === 4 && octets.every((o) => /^(?:0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255);
}

export function detectIpv4(text: string): DetectorFinding[] {
  return findMatches(text, IPV4, 'ipv4', (m) => isIpv4(m[0]));
}
