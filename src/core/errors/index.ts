export { ERROR_CODES, type ErrorCode, isErrorCode, renderMessage } from './error-codes.js';
export { DomainError } from './domain-error.js';
