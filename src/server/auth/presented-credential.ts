/**
 * @module Reads a credential from request headers, in the three forms clients send:
 * `Authorization: Bearer <secret>`, `Authorization: Basic base64(client_id:client_secret)`, and
 * `X-Client-ID` + `X-Client-Secret` (AxonFlow's SDKs and axonctl). Identity headers such as
 * X-Tenant-ID or X-Org-ID are ignored: scope comes from the credential alone.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PresentedCredential } from '../../services/credential-service.js';

/** Longest secret or client id we will hash: anything longer cannot be ours. */
const MAX_PART = 512;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function presentedCredential(headers: IncomingHttpHeaders): PresentedCredential | undefined {
  const authorization = single(headers.authorization)?.trim();
  if (authorization) {
    const [scheme, ...rest] = authorization.split(/\s+/);
    const value = rest.join(' ');
    if (/^bearer$/i.test(scheme ?? '') && value) return bounded({ secret: value });
    if (/^basic$/i.test(scheme ?? '') && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0) return undefined;
      return bounded({ clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) });
    }
    return undefined;
  }
  const clientId = single(headers['x-client-id']);
  const secret = single(headers['x-client-secret']);
  if (clientId && secret) return bounded({ clientId, secret });
  return undefined;
}

function bounded(credential: PresentedCredential): PresentedCredential | undefined {
  if (credential.secret.length === 0 || credential.secret.length > MAX_PART) return undefined;
  if (credential.clientId !== undefined && (credential.clientId.length === 0 || credential.clientId.length > MAX_PART)) return undefined;
  return credential;
}
