/**
 * @module Masks detected data inside a JSON value. Every string leaf is scanned; each finding is
 * replaced by `[REDACTED:<kind>]`, and a record says where (a JSONPath) and what kind, never the
 * value. Keys, numbers, booleans and null are left as they are. The input is not mutated: changed
 * containers are copied, unchanged subtrees are shared with the input.
 */
import { detect } from './detect.js';
import type { DetectorKind, DetectorSelection } from './detector-kinds.js';
import { jsonPathChild } from './json-path.js';

/** How deep containers are walked: the same horizon the policy facts' `textOf` has. */
export const MAX_REDACTION_DEPTH = 64;

/** One masked span. `too_deep`: a container nested past MAX_REDACTION_DEPTH, masked whole. */
export interface RedactionRecord {
  readonly path: string;
  readonly kind: DetectorKind | 'too_deep';
}

export interface RedactedValue<T = unknown> {
  readonly value: T;
  readonly redactions: readonly RedactionRecord[];
}

export const redactionMask = (kind: RedactionRecord['kind']): string => `[REDACTED:${kind}]`;

/** Masks every finding in one string; returns the input itself when nothing was found. */
export function redactText(text: string, selection: DetectorSelection = 'all'): { text: string; kinds: DetectorKind[] } {
  const findings = detect(text, selection);
  if (findings.length === 0) return { text, kinds: [] };
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + redactionMask(f.kind);
    at = f.end;
  }
  return { text: out + text.slice(at), kinds: findings.map((f) => f.kind) };
}

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Masks the selected kinds in every string leaf of a JSON value. The result keeps the input's
 * shape (strings stay strings), except a container past MAX_REDACTION_DEPTH, which becomes the
 * string `[REDACTED:too_deep]`.
 * @example redactValue({ customer: { emails: ['x', 'ana@example.com'] } }, ['pii'])
 * // value: { customer: { emails: ['x', '[REDACTED:email]'] } },
 * // redactions: [{ path: '$.customer.emails[1]', kind: 'email' }]
 */
export function redactValue<T>(value: T, selection: DetectorSelection = 'all'): RedactedValue<T> {
  const redactions: RedactionRecord[] = [];
  const walk = (node: unknown, path: string, depth: number): unknown => {
    if (typeof node === 'string') {
      const { text, kinds } = redactText(node, selection);
      for (const kind of kinds) redactions.push({ path, kind });
      return text;
    }
    if (node === null || typeof node !== 'object' || !(Array.isArray(node) || isPlainObject(node))) return node;
    if (depth >= MAX_REDACTION_DEPTH) {
      redactions.push({ path, kind: 'too_deep' });
      return redactionMask('too_deep');
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      node.forEach((item, i) => {
        const next = walk(item, jsonPathChild(path, i), depth + 1);
        if (next !== item) (copy ??= [...node])[i] = next;
      });
      return copy ?? node;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(node)) {
      const next = walk(item, jsonPathChild(path, key), depth + 1);
      // defineProperty, not assignment: a JSON key `__proto__` is data, not the prototype.
      if (next !== item) Object.defineProperty((copy ??= { ...node }), key, { value: next, enumerable: true, writable: true, configurable: true });
    }
    return copy ?? node;
  };
  return { value: walk(value, '$', 0) as T, redactions };
}
