/** @module The only table from error codes to HTTP statuses. A new code fails compilation here. */
import type { ErrorCode } from '../../core/errors/error-codes.js';

export const HTTP_STATUS_OF = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  ROUTE_NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  CREDENTIAL_NOT_FOUND: 404,
  CANNOT_REVOKE_SELF: 409,
  EXECUTION_NOT_FOUND: 404,
  EXECUTION_ALREADY_EXISTS: 409,
  STEP_NOT_FOUND: 404,
  EVENT_ID_CONFLICT: 409,
  STORE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const satisfies Record<ErrorCode, number>;
