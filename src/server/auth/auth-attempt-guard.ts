/**
 * @module What the authentication hook asks before and tells after checking a credential, so that
 * failed attempts can be limited per client address without the hook knowing how they are counted.
 */
import type { FastifyRequest } from 'fastify';
import type { DomainError } from '../../core/errors/domain-error.js';

export interface AuthAttemptGuard {
  /**
   * The error to answer while this request's address is over its budget of failed attempts (then
   * only credentials this replica verified recently are accepted); undefined within the budget.
   */
  refusal(request: FastifyRequest): Promise<DomainError | undefined>;
  /** Counts a credential or stream token that did not verify. */
  failed(request: FastifyRequest): Promise<void>;
}
