/**
 * @module Runs the chosen detectors over one string and returns non-overlapping findings in text
 * order. Where spans overlap (an IPv4 tail inside an IPv6 address, NANP digits inside an
 * international number, anything inside a private key block) they merge into one finding of the
 * longest span's kind, so masking never splits one piece of data in two or leaves part of it.
 */
import { detectApiKey } from './detect-api-key.js';
import { detectCreditCard } from './detect-credit-card.js';
import { detectEmail } from './detect-email.js';
import { detectIban } from './detect-iban.js';
import { detectIpv4 } from './detect-ipv4.js';
import { detectIpv6 } from './detect-ipv6.js';
import { detectJwt } from './detect-jwt.js';
import { detectPhone } from './detect-phone.js';
import { detectPrivateKey } from './detect-private-key.js';
import { detectUsSsn } from './detect-us-ssn.js';
import { type DetectorFinding, type DetectorKind, type DetectorSelection, selectKinds } from './detector-kinds.js';
import { resolveOverlaps } from './resolve-overlaps.js';

export const DETECTORS: Readonly<Record<DetectorKind, (text: string) => DetectorFinding[]>> = {
  email: detectEmail,
  phone: detectPhone,
  credit_card: detectCreditCard,
  us_ssn: detectUsSsn,
  iban: detectIban,
  ipv4: detectIpv4,
  ipv6: detectIpv6,
  jwt: detectJwt,
  api_key: detectApiKey,
  private_key: detectPrivateKey,
};

/**
 * Every finding of the selected kinds in `text`, in text order, none overlapping.
 * @example detect('mail ana@example.com', ['pii']) // [{ kind: 'email', start: 5, end: 20 }]
 */
export function detect(text: string, selection: DetectorSelection = 'all'): DetectorFinding[] {
  if (text.length === 0) return [];
  const findings: DetectorFinding[] = [];
  for (const kind of selectKinds(selection)) findings.push(...DETECTORS[kind](text));
  return findings.length > 1 ? resolveOverlaps(findings) : findings;
}

/** The distinct kinds found in `text`, sorted by name. */
export function detectedKinds(text: string, selection: DetectorSelection = 'all'): DetectorKind[] {
  return [...new Set(detect(text, selection).map((f) => f.kind))].sort();
}
