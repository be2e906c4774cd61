/**
 * @module idempotencyKeyOf: the `Idempotency-Key` header of a write that may be retried (workflow
 * create, re-run). Absent is fine; present, it must be one value of 1-255 characters, else 400.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';

export const MAX_IDEMPOTENCY_KEY_CHARS = 255;

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_CHARS) {
    throw new DomainError('VALIDATION_FAILED', { summary: `header Idempotency-Key: must be 1-${MAX_IDEMPOTENCY_KEY_CHARS} characters` });
  }
  return key;
}
