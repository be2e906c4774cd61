/**
 * @module JSON Web Tokens in compact form: three base64url segments joined by dots whose first
 * segment decodes to a JSON object with an `alg` (the signature may be empty, as with
 * `alg: none`). Not matched: dotted identifiers, base64 that is not a JOSE header, tokens with
 * two or four segments.
 */
import { decodeBase64Url } from './base64url.js';
import type { DetectorFinding } from './detector-kinds.js';
import { findMatches } from './find-matches.js';

// `eyJ` is base64 for `{"`: every JOSE header starts so. Segments cannot contain dots, so each
// segment has one reading and the scan stays linear. A dot after the signature ends a sentence;
// a dot and more base64url would be a fourth segment.
const JWT = /(?<![\w.-])eyJ[\w-]{8,}\.[\w-]{2,}\.[\w-]*(?![\w-]|\.[\w-])/g;

function hasJoseHeader(token: string): boolean {
  const header = decodeBase64Url(token.slice(0, token.indexOf('.')));
  if (header === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(header);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

export function detectJwt(text: string): DetectorFinding[] {
  if (!text.includes('eyJ')) return [];
  return findMatches(text, JWT, 'jwt', (m) => hasJoseHeader(m[0]));
}
