/**
 * @module Aligns two sequences of keys by their longest common subsequence: the rows a side-by-side
 * diff shows. Common prefix and suffix are matched first (runs of one workflow share most of
 * their steps); the rest is a suffix-LCS table kept as 2-bit directions, so 5,000 × 5,000 keys
 * take about 6 MB and one pass of 25 M cells.
 */

/** One row: `a` and `b` are positions in the inputs; a row with one of them is unmatched. */
export interface AlignedRow {
  readonly a?: number;
  readonly b?: number;
}

const MATCH = 0;
const SKIP_A = 1;
const SKIP_B = 2;

/**
 * The alignment of `a` and `b`, in order. Among alignments of the same (maximal) length it takes
 * the earliest matches; within each gap between matches, the rows only `a` has come before the
 * rows only `b` has.
 * @example alignByLcs(['x', 'y', 'z'], ['x', 'z', 'w'])
 * // [{a: 0, b: 0}, {a: 1}, {a: 2, b: 1}, {b: 2}]
 */
export function alignByLcs(a: readonly string[], b: readonly string[]): AlignedRow[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const rows: AlignedRow[] = [];
  for (let i = 0; i < prefix; i++) rows.push({ a: i, b: i });
  rows.push(...alignMiddle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix), prefix));
  for (let k = suffix; k > 0; k--) rows.push({ a: a.length - k, b: b.length - k });
  return rows;
}

/** Keys as small integers, so the inner loop compares numbers. */
function codes(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const code = (key: string) => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  return [Int32Array.from(a, code), Int32Array.from(b, code)];
}

function alignMiddle(aKeys: readonly string[], bKeys: readonly string[], offset: number): AlignedRow[] {
  const n = aKeys.length;
  const m = bKeys.length;
  const raw: AlignedRow[] = [];
  if (n > 0 && m > 0) {
    const [a, b] = codes(aKeys, bKeys);
    // dirs[i*m + j]: the first move from (i, j) on an optimal path; 2 bits a cell.
    const dirs = new Uint8Array(Math.ceil((n * m) / 4));
    let below = new Int32Array(m + 1);
    let here = new Int32Array(m + 1);
    for (let i = n - 1; i >= 0; i--) {
      here[m] = 0;
      for (let j = m - 1; j >= 0; j--) {
        let dir: number;
        if (a[i] === b[j]) {
          here[j] = below[j + 1]! + 1;
          dir = MATCH;
        } else if (below[j]! >= here[j + 1]!) {
          here[j] = below[j]!;
          dir = SKIP_A;
        } else {
          here[j] = here[j + 1]!;
          dir = SKIP_B;
        }
        const cell = i * m + j;
        dirs[cell >> 2]! |= dir << ((cell & 3) * 2);
      }
      [below, here] = [here, below];
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      const cell = i * m + j;
      const dir = (dirs[cell >> 2]! >> ((cell & 3) * 2)) & 3;
      if (dir === MATCH) raw.push({ a: i++, b: j++ });
      else if (dir === SKIP_A) raw.push({ a: i++ });
      else raw.push({ b: j++ });
    }
    while (i < n) raw.push({ a: i++ });
    while (j < m) raw.push({ b: j++ });
  } else {
    for (let i = 0; i < n; i++) raw.push({ a: i });
    for (let j = 0; j < m; j++) raw.push({ b: j });
  }
  return gapsInOrder(raw).map((row) => ({ ...(row.a !== undefined ? { a: row.a + offset } : {}), ...(row.b !== undefined ? { b: row.b + offset } : {}) }));
}

/** Within each run of unmatched rows, puts the `a`-only rows first (stable otherwise). */
function gapsInOrder(rows: readonly AlignedRow[]): AlignedRow[] {
  const out: AlignedRow[] = [];
  let onlyA: AlignedRow[] = [];
  let onlyB: AlignedRow[] = [];
  const flush = () => {
    out.push(...onlyA, ...onlyB);
    onlyA = [];
    onlyB = [];
  };
  for (const row of rows) {
    if (row.a !== undefined && row.b !== undefined) {
      flush();
      out.push(row);
    } else if (row.a !== undefined) onlyA.push(row);
    else onlyB.push(row);
  }
  flush();
  return out;
}
