/**
 * @module body-validation: the checks services repeat on request bodies after the wire schema has
 * passed them, because a service is the last door (the SDK and tests call services directly).
 */
import { DomainError } from '../core/errors/domain-error.js';

/** A VALIDATION_FAILED error naming one body field, shaped like the wire schema's own. */
export function invalidField(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { summary: `${field}: ${message}`, issues: [{ location: 'body', field, message }] });
}

/** `url` unchanged when it is an absolute http(s) URL; anything else (file:, data:, javascript:) is refused. */
export function checkHttpUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidField('url', 'must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidField('url', 'must use http or https');
  return url;
}
