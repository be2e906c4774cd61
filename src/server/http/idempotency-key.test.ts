import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors/domain-error.js';
import { idempotencyKeyOf } from './idempotency-key.js';

const withHeader = (value: string | string[] | undefined) => ({ headers: value === undefined ? {} : { 'idempotency-key': value } }) as unknown as FastifyRequest;

describe('idempotencyKeyOf', () => {
  it('returns the key, or undefined when the header is absent', () => {
    expect(idempotencyKeyOf(withHeader('incident-4711'))).toBe('incident-4711');
    expect(idempotencyKeyOf(withHeader('k'.repeat(255)))).toHaveLength(255);
    expect(idempotencyKeyOf(withHeader(undefined))).toBeUndefined();
  });

  it('refuses an empty key, one over 255 characters, and the header given twice', () => {
    for (const bad of ['', 'k'.repeat(256), ['a', 'b']]) {
      let caught: unknown;
      try {
        idempotencyKeyOf(withHeader(bad));
      } catch (error) {
        caught = error;
      }
      expect(DomainError.is(caught) && caught.code).toBe('VALIDATION_FAILED');
    }
  });
});
