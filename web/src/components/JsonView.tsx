/**
 * @module A collapsible JSON inspector: objects and arrays are <details> (open down to
 * `expandDepth`, the reader opens the rest), scalars are typed spans, and the redaction markers
 * the gate writes (`[REDACTED:kind]`) are highlighted with their kind. Paths the server reports
 * as redacted (`redactedPaths`) are flagged even when the marker text differs.
 */
import type { ReactNode } from 'react';

export const REDACTION = /\[REDACTED:([A-Za-z0-9_.-]+)\]/g;

export interface JsonViewProps {
  readonly value: unknown;
  /** Levels open at first; deeper ones start collapsed. @default 1 */
  readonly expandDepth?: number;
  /** Dotted paths (`customer.email`, `items.0.card`) the server says were masked. */
  readonly redactedPaths?: readonly string[];
  readonly label?: string;
}

export function JsonView({ value, expandDepth = 1, redactedPaths = [], label }: JsonViewProps) {
  if (value === undefined) return <div className="json json-empty">(none)</div>;
  return (
    <div className="json" role="tree" aria-label={label}>
      <Node value={value} depth={0} expandDepth={expandDepth} path="" redacted={new Set(redactedPaths)} />
    </div>
  );
}

/** A string with each redaction marker wrapped in a highlighted <mark>. */
export function highlightRedactions(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(REDACTION)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(
      <mark key={match.index} className="redaction" data-kind={match[1]} title={`Redacted by the gate: ${match[1]}`}>
        {match[0]}
      </mark>,
    );
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function Node({ value, depth, expandDepth, path, redacted, name }: { value: unknown; depth: number; expandDepth: number; path: string; redacted: ReadonlySet<string>; name?: string }) {
  const key = name !== undefined ? <span className="json-key">{name}: </span> : null;
  const flagged = path !== '' && redacted.has(path);
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    const open = Array.isArray(value) ? '[' : '{';
    const close = Array.isArray(value) ? ']' : '}';
    if (entries.length === 0) return <div className="json-line" data-path={path}>{key}<span className="json-punct">{open + close}</span></div>;
    const count = Array.isArray(value) ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
    return (
      <details className="json-node" open={depth < expandDepth} data-path={path}>
        <summary>
          {key}
          <span className="json-punct">{open}</span>
          <span className="json-count">{count}</span>
          <span className="json-punct">{close}</span>
          {flagged && <span className="redaction-flag">redacted</span>}
        </summary>
        <div className="json-children">
          {entries.map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} expandDepth={expandDepth} path={path ? `${path}.${k}` : k} redacted={redacted} />
          ))}
        </div>
      </details>
    );
  }
  return (
    <div className={`json-line${flagged ? ' json-redacted' : ''}`} data-path={path}>
      {key}
      <Scalar value={value} />
    </div>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="json-string">&quot;{highlightRedactions(value)}&quot;</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  return <span className="json-null">null</span>;
}
