/**
 * @module Normalises anything thrown while serving a request into a DomainError: our own errors
 * pass through; Fastify's parser, limit and validation errors get their codes; the rest is an
 * INTERNAL_ERROR (a bug, logged with its cause).
 */
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../../core/errors/domain-error.js';

export interface Issue {
  readonly location: string;
  readonly field: string;
  readonly message: string;
}

function fieldOf(keyword: string, instancePath: string | undefined, params: unknown): string {
  const path = (instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const keys = (params as { keys?: unknown } | undefined)?.keys;
  if (keyword === 'unrecognized_keys' && Array.isArray(keys) && keys.length > 0) {
    return keys.map((k) => (path ? `${path}.${String(k)}` : String(k))).join(', ');
  }
  return path || '(root)';
}

export function toDomainError(error: unknown, context: { bodyLimit?: number } = {}): DomainError {
  if (DomainError.is(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = (error as { validationContext?: string }).validationContext ?? 'request';
    const issues: Issue[] = error.validation.map((v) => ({ location, field: fieldOf(v.keyword, v.instancePath, v.params), message: v.message ?? 'is invalid' }));
    const summary = issues.map((i) => `${i.location} ${i.field}: ${i.message}`).join('; ');
    return new DomainError('VALIDATION_FAILED', { summary, issues });
  }
  const fastify = error as Partial<FastifyError>;
  switch (fastify.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return context.bodyLimit === undefined
        ? new DomainError('PAYLOAD_TOO_LARGE', {}, { message: 'The request body exceeds the size limit' })
        : new DomainError('PAYLOAD_TOO_LARGE', { limitBytes: context.bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', {}, { message: 'Unsupported Content-Type; send application/json' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('INVALID_JSON', {}, { message: 'The body is empty but Content-Type is application/json' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('INVALID_JSON');
    default:
      break;
  }
  if (error instanceof SyntaxError && fastify.statusCode === 400) return new DomainError('INVALID_JSON', {}, { message: `The request body is not valid JSON: ${error.message}` });
  if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new DomainError('BAD_REQUEST', {}, { message: fastify.message ?? 'Bad request' });
  }
  return new DomainError('INTERNAL_ERROR', {}, { cause: error });
}
