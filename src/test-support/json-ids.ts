/**
 * @module Finds the identifiers in a JSON answer (values of `id`, `*_id` and `*_ids` members), so an
 * isolation test can learn what a tenant's objects are called from the API itself, including
 * objects of routes added later, and look for them where they must not appear.
 */

const ID_KEY = /(^id$|_id$|Id$)/;
const ID_LIST_KEY = /(_ids$|Ids$)/;
/** Scope members name the tenant, not an object of it. */
const SCOPE_KEYS = new Set(['tenant_id', 'org_id', 'tenantId', 'orgId']);
/** Shorter values (indexes, `default`) are too common to mean one object. */
const MIN_LENGTH = 8;

export function idsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) idsIn(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      if (!SCOPE_KEYS.has(key)) {
        if (ID_KEY.test(key) && typeof member === 'string' && member.length >= MIN_LENGTH) into.add(member);
        if (ID_LIST_KEY.test(key) && Array.isArray(member)) for (const id of member) if (typeof id === 'string' && id.length >= MIN_LENGTH) into.add(id);
      }
      idsIn(member, into);
    }
  }
  return into;
}

const WORD = /[A-Za-z0-9_]/;

/**
 * The markers that occur in a text (a response body, a stream, a log) as whole tokens: `aud_evt_6`
 * is not found in `aud_evt_60`.
 */
export function markersIn(text: string, markers: Iterable<string>): string[] {
  return [...markers].filter((marker) => {
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
      const before = text[at - 1] ?? '';
      const after = text[at + marker.length] ?? '';
      if (!WORD.test(before) && !WORD.test(after)) return true;
    }
    return false;
  });
}
