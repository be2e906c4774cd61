/**
 * @module A NUL character in the URL (`%00` in the path or query) is a 400 before any route runs:
 * PostgreSQL text cannot hold one (the query fails, a 500 before), and no id, name or filter needs
 * one. Routes whose parameters are ids already refuse it by their schema (decision 0004); this covers
 * free-text parameters (names, search filters) on every route, including routes added later.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors/domain-error.js';

const NUL = /%00/i;

export async function refuseNulInUrl(request: FastifyRequest): Promise<void> {
  if (!NUL.test(request.url)) return;
  const message = 'contains a NUL character (%00)';
  throw new DomainError('VALIDATION_FAILED', { summary: `url: ${message}`, issues: [{ location: 'url', field: '(url)', message }] });
}
