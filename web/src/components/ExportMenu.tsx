/**
 * @module Export on a run's page: every format of the export route (docs/exports.md), saved as a
 * file named like `axonctl executions export` names it. Inputs and outputs are included: the
 * operator who may export may read them, and a review package without them is not one.
 */
import { useState } from 'react';
import type { ExportFormat } from '../../../src/shared/exports.js';
import { useSession } from '../api/context.js';
import { errorText } from './States.js';

/** Every format, in the order offered; a format added to the route without a label here fails typecheck. */
export const EXPORT_CHOICES: Record<ExportFormat, { readonly label: string; readonly suffix: string; readonly type: string }> = {
  json: { label: 'JSON (AxonFlow)', suffix: '.json', type: 'application/json' },
  ndjson: { label: 'NDJSON events', suffix: '.events.ndjson', type: 'application/x-ndjson' },
  csv: { label: 'CSV of steps', suffix: '.steps.csv', type: 'text/csv' },
  html: { label: 'HTML review report', suffix: '.report.html', type: 'text/html' },
  bundle: { label: 'Signed evidence bundle', suffix: '.bundle.tar.gz', type: 'application/gzip' },
};

export function ExportMenu({ id }: { id: string }) {
  const { client } = useSession();
  const [format, setFormat] = useState<ExportFormat>('json');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      const chunks: Uint8Array[] = [];
      // A bundle is built and signed before its first byte: give it longer than a request to start.
      const bytes = client.executions.exportBytes(id, { format, includeInput: true, includeOutput: true, includePolicies: true, timeoutMs: format === 'bundle' ? 300_000 : undefined });
      for await (const chunk of bytes) chunks.push(chunk);
      const choice = EXPORT_CHOICES[format];
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: choice.type }));
      const a = Object.assign(document.createElement('a'), { href: url, download: `execution-${id}${choice.suffix}` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="export-menu">
      <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} disabled={busy}>
        {(Object.keys(EXPORT_CHOICES) as ExportFormat[]).map((f) => (
          <option key={f} value={f}>
            {EXPORT_CHOICES[f].label}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void download()} disabled={busy}>
        {busy ? 'Exporting…' : 'Export'}
      </button>
      {error && (
        <span className="state state-error small" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
