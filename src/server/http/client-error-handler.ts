/**
 * @module Answers requests Node's HTTP parser refuses before Fastify sees them (headers over
 * `maxHeaderSize`, a header read that timed out, a malformed request line) in our envelope with a
 * registered code, instead of Fastify's own body. The request line, when the parser kept it, picks
 * the envelope of its surface; nothing of the request (its headers may hold credentials) is logged.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DomainError } from '../../core/errors/domain-error.js';
import { errorBody } from './error-envelope.js';
import { HTTP_STATUS_OF } from './error-map.js';
import { BARE_SECURITY_HEADERS } from './security-headers.js';

interface ClientError extends Error {
  readonly code?: string;
  /** The bytes the parser had read: the request line and headers so far. */
  readonly rawPacket?: unknown;
}

function domainErrorOf(error: ClientError, maxHeaderSize: number): DomainError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError('HEADERS_TOO_LARGE', { limitBytes: maxHeaderSize });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError('REQUEST_TIMEOUT');
    default:
      return new DomainError('BAD_REQUEST', {}, { message: 'The request could not be parsed as HTTP/1.1' });
  }
}

/** The path of the request line in the bytes read, if they start with one. */
function pathOf(rawPacket: unknown): string {
  if (!Buffer.isBuffer(rawPacket)) return '/';
  // The start of the path is enough to tell the surface; the line itself may be what overflowed.
  const start = rawPacket.subarray(0, 512).toString('latin1');
  return /^[A-Z]+ (\/[^\s?#]*)/.exec(start)?.[1] ?? '/';
}

export function clientErrorHandler(maxHeaderSize: number) {
  return (error: ClientError, socket: Socket): void => {
    // A reset or closed connection has nobody to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const domain = domainErrorOf(error, maxHeaderSize);
    const status = HTTP_STATUS_OF[domain.code];
    const body = JSON.stringify(errorBody(domain, pathOf(error.rawPacket), randomUUID()));
    const headers = { ...BARE_SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
    // As Node does: a response whose head is already on the wire cannot take another status line.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (!socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`, () => socket.destroy());
  };
}
