/**
 * @module International bank account numbers: a country code of the IBAN registry, two check
 * digits and the country's BBAN length, upper case, written solid or with single spaces
 * (`DE89 3704 0044 0532 0130 00`), whose ISO 13616 mod-97 check gives 1. Not matched: bad check
 * digits, wrong lengths for the country, unknown country codes, lower case.
 */
import type { DetectorFinding } from './detector-kinds.js';

/** Total IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

const START = /(?<![A-Za-z0-9])([A-Z]{2})\d\d/g;

const isIbanChar = (c: string | undefined) => c !== undefined && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));

/** ISO 7064 mod 97-10 over the rearranged IBAN, letters as 10–35, a few digits at a time. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    const value = c >= 'A' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

export function detectIban(text: string): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  let resumeAt = 0;
  for (const match of text.matchAll(START)) {
    if (match.index < resumeAt) continue;
    const length = IBAN_LENGTHS[match[1]!];
    if (length === undefined) continue;
    let iban = match[0];
    let i = match.index + 4;
    while (iban.length < length && i < text.length) {
      if (isIbanChar(text[i])) iban += text[i++];
      else if (text[i] === ' ' && isIbanChar(text[i + 1])) i++;
      else break;
    }
    if (iban.length !== length || /[A-Za-z0-9]/.test(text[i] ?? '') || !ibanChecksumValid(iban)) continue;
    findings.push({ kind: 'iban', start: match.index, end: i });
    resumeAt = i;
  }
  return findings;
}
