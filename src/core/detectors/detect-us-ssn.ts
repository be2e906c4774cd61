/**
 * @module US Social Security numbers written `AAA-GG-SSSS`. Numbers the SSA never issues are not
 * matched: area 000, 666 or 900–999, group 00, serial 0000. Neither are undashed nine-digit runs
 * (too many other numbers look like that) nor dashed runs that continue (`123-45-6789-0`).
 */
import type { DetectorFinding } from './detector-kinds.js';
import { findMatches } from './find-matches.js';

const SSN = /(?<![\w.-])(\d{3})-(\d{2})-(\d{4})(?![\w-]|\.\d)/g;

export function detectUsSsn(text: string): DetectorFinding[] {
  return findMatches(text, SSN, 'us_ssn', (m) => {
    const [, area, group, serial] = m as unknown as [string, string, string, string];
    return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
  });
}
