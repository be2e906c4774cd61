/**
 * @module Memoised detector scans for one gate evaluation. Fifty policies that all call
 * `pii.found(step.input_text)` scan that text once: results are kept per string (and per JSON
 * value, by identity) for as long as the cache lives, which is one evaluation (see
 * `withScanCache`). Bounded, so an expression that builds many strings cannot grow it without
 * end; past the bound, scans still run, uncached.
 */
import { DETECTOR_GROUPS, type DetectorGroup, type DetectorKind, detectedKinds, sqlInjection } from '../detectors/index.js';

/** Entries kept per table; a gate's facts hold a handful of distinct texts. */
const MAX_ENTRIES = 256;
/** Containers deeper than this are not read: the horizon of `textOf` and redaction. */
const MAX_DEPTH = 64;

type Scan = DetectorGroup | 'sql';
type Result<S extends Scan> = S extends 'sql' ? boolean : readonly DetectorKind[];

/** Every string leaf of a JSON value (arrays, objects and CEL maps), in document order. */
export function stringLeaves(value: unknown): string[] {
  const leaves: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (typeof v === 'string') leaves.push(v);
    else if (depth >= MAX_DEPTH || v === null || typeof v !== 'object') return;
    else if (Array.isArray(v)) for (const item of v) walk(item, depth + 1);
    else if (v instanceof Map) for (const item of v.values()) walk(item, depth + 1);
    else for (const item of Object.values(v)) walk(item, depth + 1);
  };
  walk(value, 0);
  return leaves;
}

const remember = <K, V>(table: Map<K, V>, key: K, value: V): V => {
  if (table.size < MAX_ENTRIES) table.set(key, value);
  return value;
};

export class ScanCache {
  /** How many times a detector group or the SQL heuristic actually ran over a string. */
  scans = 0;
  readonly #texts: Record<Scan, Map<string, boolean | readonly DetectorKind[]>> = { pii: new Map(), secrets: new Map(), sql: new Map() };
  readonly #values = new WeakMap<object, Map<Scan, boolean | readonly DetectorKind[]>>();

  #scanText<S extends Scan>(scan: S, text: string): Result<S> {
    const table = this.#texts[scan];
    const known = table.get(text);
    if (known !== undefined) return known as Result<S>;
    this.scans++;
    const result = scan === 'sql' ? sqlInjection(text) : detectedKinds(text, DETECTOR_GROUPS[scan as DetectorGroup]);
    return remember(table, text, result) as Result<S>;
  }

  #scan<S extends Scan>(scan: S, value: unknown): Result<S> {
    if (typeof value === 'string') return this.#scanText(scan, value);
    if (value === null || typeof value !== 'object') return (scan === 'sql' ? false : []) as Result<S>;
    let results = this.#values.get(value);
    const known = results?.get(scan);
    if (known !== undefined) return known as Result<S>;
    const leaves = stringLeaves(value);
    let result: boolean | readonly DetectorKind[];
    if (scan === 'sql') result = leaves.some((leaf) => this.#scanText('sql', leaf));
    else result = [...new Set(leaves.flatMap((leaf) => this.#scanText(scan as DetectorGroup, leaf)))].sort();
    if (!results) this.#values.set(value, (results = new Map()));
    results.set(scan, result);
    return result as Result<S>;
  }

  /** The distinct kinds of a group found in a string or in the string leaves of a JSON value, sorted. */
  kinds(group: DetectorGroup, value: unknown): readonly DetectorKind[] {
    return this.#scan(group, value);
  }

  /** Whether a string, or any string leaf of a JSON value, carries a SQL injection shape. */
  sqlInjection(value: unknown): boolean {
    return this.#scan('sql', value);
  }
}
