/**
 * @module Email addresses: `local@domain.tld` with a dotted domain and a 2–24 letter top-level
 * label. Not matched: `user@localhost` (no dot), `@handles`, package specs like `pkg@1.2.3`
 * (numeric "TLD"), and retina asset names like `icon@2x.png` (image extensions are not TLDs).
 */
import type { DetectorFinding } from './detector-kinds.js';
import { findMatches } from './find-matches.js';

// The lookbehind lets a match start only where a local part can begin, so each run of
// local-part characters is tried once; the {0,63} local part is the RFC 5321 limit.
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24})(?![\w-]|\.[A-Za-z0-9])/g;

const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'bmp', 'tif', 'tiff', 'avif', 'heic']);

export function detectEmail(text: string): DetectorFinding[] {
  if (!text.includes('@')) return [];
  return findMatches(text, EMAIL, 'email', (m) => !FILE_EXTENSIONS.has(m[1]!.toLowerCase()));
}
