/**
 * @module Output formats for records: a kubectl-like table (cli-table3 with blank borders), JSON,
 * NDJSON, CSV (RFC 4180 quoting) and YAML.
 */
import Table from 'cli-table3';
import { stringify as toYaml } from 'yaml';

export const LIST_FORMATS = ['table', 'json', 'ndjson', 'csv', 'yaml'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

const BLANK = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '', };

/** Columns padded to their widest cell, two spaces apart, no borders. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const t = new Table({ head: [...head], chars: BLANK, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2, compact: true } });
  for (const row of rows) t.push([...row]);
  return t
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export function ndjson(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join('\n');
}

export function yaml(value: unknown): string {
  return toYaml(value, { lineWidth: 0 }).trimEnd();
}

const csvCell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A header line, then one line per record, with the given columns in order. */
export function csv(columns: readonly string[], records: readonly Record<string, unknown>[]): string {
  return [columns.join(','), ...records.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n');
}
