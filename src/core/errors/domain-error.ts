/**
 * @module DomainError: the one error type the core and services throw on purpose. It carries a
 * registry code and details, never an HTTP status (transports map codes to statuses).
 */
import { type ErrorCode, renderMessage } from './error-codes.js';

const BRAND = Symbol.for('axonflow.DomainError');

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, details: Record<string, unknown> = {}, options?: { message?: string; cause?: unknown }) {
    super(options?.message ?? renderMessage(code, details), { cause: options?.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }

  /** Brand check that also works across duplicate copies of this module. */
  static is(value: unknown): value is DomainError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
