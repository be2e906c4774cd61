/**
 * @module What the server's logger must never write (docs/security.md): credentials, stream tokens,
 * webhook secrets and the data runs carry (step inputs and outputs, where detected PII lives).
 *
 * Requests are not logged (see app.ts); the lines that are carry a method, a route template (never a
 * query string), a status and a duration. These paths and the error serializer are the second line:
 * if a request, its headers or an error with data attached ever reaches a log call, the secret parts
 * are censored or dropped.
 */
import { stdSerializers } from 'pino';

const SECRET_HEADERS = ['authorization', '["x-client-secret"]', 'cookie', '["x-axonflow-signature"]'];

/** pino `redact` paths: credential headers wherever a request or its headers are logged, and secrets by name. */
export const LOG_REDACT_PATHS: readonly string[] = [
  ...['req.headers', 'request.headers', 'headers'].flatMap((base) => SECRET_HEADERS.map((h) => (h.startsWith('[') ? `${base}${h}` : `${base}.${h}`))),
  '*.client_secret',
  '*.clientSecret',
  '*.secret',
  '*.stream_token',
  '*.token',
];

/**
 * Error members that carry request or row data rather than a description: the raw bytes Node's
 * parser read (headers with credentials), PostgreSQL's `detail` ("Failing row contains (…)") and
 * `where`, and bound query parameters.
 */
const DATA_MEMBERS = ['rawPacket', 'detail', 'where', 'parameters', 'body', 'headers'];

export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack: string;
  readonly [member: string]: unknown;
}

/** pino's error serializer without the members that carry data. */
export function serializeError(error: Error): SerializedError {
  const serialized: Record<string, unknown> = { ...stdSerializers.err(error) };
  for (const member of DATA_MEMBERS) delete serialized[member];
  return serialized as unknown as SerializedError;
}

/** The `path` of a URL: query strings may carry a stream token (`?stream_token=`). */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
