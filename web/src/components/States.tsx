/** @module Loading, empty and error states, one look everywhere. */
import type { ReactNode } from 'react';
import { AxonFlowError } from '../../../src/sdk/errors.js';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof AxonFlowError) return `${error.message}${error.code ? ` (${error.code})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <strong>Something went wrong.</strong> <span>{errorText(error)}</span>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  pending: 'neutral',
  running: 'info',
  completed: 'ok',
  failed: 'bad',
  cancelled: 'neutral',
  aborted: 'warn',
  expired: 'neutral',
  paused: 'warn',
  blocked: 'bad',
  approval: 'warn',
  skipped: 'neutral',
  approved: 'ok',
  rejected: 'bad',
  breached: 'bad',
  firing: 'bad',
  resolved: 'ok',
  on: 'ok',
  off: 'neutral',
  ok: 'ok',
  allow: 'ok',
  block: 'bad',
  require_approval: 'warn',
};

export function Badge({ value, title }: { value: string | undefined; title?: string }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <span className={`badge tone-${STATUS_TONE[value] ?? 'neutral'}`} title={title} data-value={value}>
      {value.replaceAll('_', ' ')}
    </span>
  );
}
