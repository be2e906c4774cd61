/**
 * @module How deeply a JSON text nests, read without parsing it. Request bodies nested deeper than
 * MAX_JSON_DEPTH are refused before JSON.parse sees them: V8's JSON.parse and JSON.stringify recurse,
 * and a payload of some thousands of levels overflows the stack when it is stored (a 500 before).
 * No agent payload comes near the limit; the envelope around it takes a few levels.
 */

export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** True when the text opens more than `max` arrays or objects inside each other (brackets in strings do not count). */
export function nestsDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  // A text this short cannot open more than `max` levels.
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}
