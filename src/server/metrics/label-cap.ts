/**
 * @module LabelCap: keeps a label's values bounded. The first `limit` distinct values seen keep
 * their own series; every later value is reported as "other". Values a client chooses (workflow
 * names, policy ids, providers, connectors) pass through one of these before they become a label,
 * so a client cannot grow the scrape without bound. Per app instance, so each replica decides
 * alone; "none" and "other" never take a slot.
 */
export const OTHER = 'other';
export const NONE = 'none';

/** @default 50 */
export const DEFAULT_LABEL_CAP = 50;

/** Longest label value kept; longer values are cut (they still count as one value). */
const MAX_VALUE_LENGTH = 120;

export class LabelCap {
  readonly #kept = new Set<string>();

  constructor(readonly limit: number = DEFAULT_LABEL_CAP) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`label cap must be a positive integer, got ${limit}`);
  }

  /** The label value to report for `raw`. */
  value(raw: string | undefined | null): string {
    if (raw === undefined || raw === null || raw === '') return NONE;
    const value = raw.length > MAX_VALUE_LENGTH ? raw.slice(0, MAX_VALUE_LENGTH) : raw;
    if (value === NONE || value === OTHER || this.#kept.has(value)) return value;
    if (this.#kept.size >= this.limit) return OTHER;
    this.#kept.add(value);
    return value;
  }

  get size(): number {
    return this.#kept.size;
  }
}
