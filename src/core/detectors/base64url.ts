/** @module Decodes base64url (RFC 4648 §5) text, as JWT segments use it, with the web-standard `atob`. */

/** The decoded bytes as a Latin-1 string, or undefined when the text is not base64url. */
export function decodeBase64Url(segment: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return undefined;
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (segment.length % 4)) % 4);
  try {
    return atob(base64);
  } catch {
    return undefined;
  }
}
