/**
 * @module PEM and OpenSSH private keys: the whole block from `-----BEGIN … PRIVATE KEY-----`
 * (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP … BLOCK) to its `-----END … -----` line. A block whose
 * END line is missing (a truncated paste) runs to the end of the text: the key material is never
 * left half-visible. Public keys and certificates are not matched.
 */
import type { DetectorFinding } from './detector-kinds.js';

const BEGIN = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;

export function detectPrivateKey(text: string): DetectorFinding[] {
  if (!text.includes('-----BEGIN ')) return [];
  const ends = [...text.matchAll(END)].map((m) => m.index + m[0].length);
  const findings: DetectorFinding[] = [];
  let next = 0;
  for (const begin of text.matchAll(BEGIN)) {
    const start = begin.index;
    if (findings.length > 0 && start < findings[findings.length - 1]!.end) continue;
    while (next < ends.length && ends[next]! <= start + begin[0].length) next++;
    const end = ends[next] ?? text.length;
    findings.push({ kind: 'private_key', start, end });
  }
  return findings;
}
