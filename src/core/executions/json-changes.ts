/**
 * @module Where two JSON values differ, as JSONPaths (`$.customer.emails[1]`): the "what changed"
 * of a run diff. Leaves are compared by value; a key or index one side lacks is a change at that
 * key; a payload kept only as a preview marker (over the projection cap) is compared whole.
 */
import { jsonPathChild } from '../detectors/json-path.js';
import { isTruncated } from './payload-preview.js';

export interface JsonChanges {
  readonly changed: boolean;
  /** The first `limit` paths that differ, in document order (`a`'s keys first, then keys only `b` has). */
  readonly paths: readonly string[];
  /** More paths differ than `paths` lists. */
  readonly more: boolean;
}

/** How deep the walk goes; a deeper difference is reported at this depth. */
const MAX_DEPTH = 64;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `undefined` and a missing key are the same thing in JSON. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!jsonEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

export function jsonChanges(a: unknown, b: unknown, limit = 20): JsonChanges {
  const paths: string[] = [];
  let more = false;
  const add = (path: string) => {
    if (paths.length < limit) paths.push(path);
    else more = true;
  };
  const walk = (x: unknown, y: unknown, path: string, depth: number): void => {
    if (more || x === y) return;
    if (depth >= MAX_DEPTH || isTruncated(x) || isTruncated(y)) {
      if (!jsonEqual(x, y)) add(path);
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) walk(x[i], y[i], jsonPathChild(path, i), depth + 1);
      return;
    }
    if (isObject(x) && isObject(y)) {
      for (const key of Object.keys(x)) walk(x[key], y[key], jsonPathChild(path, key), depth + 1);
      for (const key of Object.keys(y)) if (!Object.hasOwn(x, key)) walk(undefined, y[key], jsonPathChild(path, key), depth + 1);
      return;
    }
    if (!jsonEqual(x, y)) add(path);
  };
  walk(a, b, '$', 0);
  return { changed: paths.length > 0, paths, more };
}
