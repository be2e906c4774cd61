/**
 * @module SDK errors. Every failed call throws an AxonFlowError carrying the server's stable
 * `code` (branch on it), the HTTP status and the request id. Subclasses by status let callers
 * catch broad kinds; the workflow helper adds errors for blocked, rejected, expired and cancelled
 * steps. `AxonFlowError.is` works across duplicate copies of the SDK.
 */

const BRAND = Symbol.for('axonflow.sdk.AxonFlowError');

export class AxonFlowError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly requestId?: string;

  constructor(message: string, init: { code: string; status: number; details?: Record<string, unknown>; requestId?: string; cause?: unknown }) {
    super(message, { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.details = init.details;
    this.requestId = init.requestId;
  }

  static is(value: unknown): value is AxonFlowError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

export class ValidationError extends AxonFlowError {}
export class AuthenticationError extends AxonFlowError {}
export class PermissionDeniedError extends AxonFlowError {}
export class NotFoundError extends AxonFlowError {}
export class ConflictError extends AxonFlowError {}
export class PayloadTooLargeError extends AxonFlowError {}
export class RateLimitError extends AxonFlowError {}
export class ServiceUnavailableError extends AxonFlowError {}
export class InternalServerError extends AxonFlowError {}
/** The server could not be reached, or did not answer in time (status 0). */
export class ConnectionError extends AxonFlowError {}

/** A gate blocked the step. */
export class StepBlockedError extends AxonFlowError {
  constructor(
    message: string,
    readonly stepId: string,
    readonly policies: readonly { policy_id: string; policy_name: string; action: string; reason?: string }[],
  ) {
    super(message, { code: 'STEP_BLOCKED', status: 0, details: { step_id: stepId } });
  }
}

/** A reviewer rejected the step's approval (the run is aborted). */
export class ApprovalRejectedError extends AxonFlowError {
  constructor(message: string, readonly stepId: string, readonly approvalId: string) {
    super(message, { code: 'APPROVAL_REJECTED', status: 0, details: { step_id: stepId, approval_id: approvalId } });
  }
}

/** Nobody decided the approval before it expired. */
export class ApprovalExpiredError extends AxonFlowError {
  constructor(message: string, readonly stepId: string, readonly approvalId: string) {
    super(message, { code: 'APPROVAL_EXPIRED', status: 0, details: { step_id: stepId, approval_id: approvalId } });
  }
}

/** The step waited longer than `approvalTimeoutMs` for a reviewer; the approval stays pending. */
export class ApprovalTimeoutError extends AxonFlowError {
  constructor(message: string, readonly stepId: string, readonly approvalId: string) {
    super(message, { code: 'APPROVAL_WAIT_TIMEOUT', status: 0, details: { step_id: stepId, approval_id: approvalId } });
  }
}

/** An operator cancelled the run (or it ended) while the step was waiting or running. */
export class RunCancelledError extends AxonFlowError {
  constructor(message: string, readonly runId: string, readonly reason?: string) {
    super(message, { code: 'RUN_CANCELLED', status: 0, details: { workflow_id: runId } });
  }
}

/**
 * Throw (or set `source` on your error) from a step to say what failed, so the run is classified
 * as a provider or connector failure rather than a bug in the workflow.
 */
export class ProviderError extends Error {
  readonly source = 'provider' as const;
}
export class ConnectorError extends Error {
  readonly source = 'connector' as const;
}

const BY_STATUS: Record<number, typeof AxonFlowError> = {
  400: ValidationError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: ValidationError,
  429: RateLimitError,
  502: ServiceUnavailableError,
  503: ServiceUnavailableError,
  504: ServiceUnavailableError,
};

/** Reads either error envelope: flat `{code, message}` or nested `{error: {code, message}}`. */
export function errorFromResponse(status: number, body: unknown, requestId?: string): AxonFlowError {
  const flat = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown; error?: unknown };
  const nested = typeof flat.error === 'object' && flat.error !== null ? (flat.error as typeof flat) : undefined;
  const source = nested ?? flat;
  const code = typeof source.code === 'string' ? source.code : `HTTP_${status}`;
  const message = typeof source.message === 'string' ? source.message : `Request failed with status ${status}`;
  const details = typeof source.details === 'object' && source.details !== null ? (source.details as Record<string, unknown>) : undefined;
  const Kind = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : AxonFlowError);
  return new Kind(message, { code, status, details, requestId });
}
