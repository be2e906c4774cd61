/**
 * @module Reads a stream token from where a browser can put one: the `stream_token` query
 * parameter (EventSource URLs) or the `axonflow_stream_token` cookie (same-origin pages). Only
 * routes marked `config.streamToken` look for it.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const STREAM_TOKEN_QUERY = 'stream_token';
export const STREAM_TOKEN_COOKIE = 'axonflow_stream_token';

/** Longer than any token we issue: anything longer is not ours and is not checked. */
const MAX_TOKEN = 2048;

export function presentedStreamToken(query: unknown, headers: IncomingHttpHeaders): string | undefined {
  const fromQuery = (query as Record<string, unknown> | undefined)?.[STREAM_TOKEN_QUERY];
  const value = typeof fromQuery === 'string' ? fromQuery : cookie(headers.cookie, STREAM_TOKEN_COOKIE);
  return value && value.length <= MAX_TOKEN ? value : undefined;
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}
