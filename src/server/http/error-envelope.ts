/**
 * @module The error bodies, per wire surface: AxonFlow's unified API nests its errors, every other
 * surface uses the flat envelope `{error, code, message}`.
 */
import type { DomainError } from '../../core/errors/domain-error.js';

const NESTED_PREFIX = '/api/v1/unified/';

/** AxonFlow's WCP sends these 409s nested, with the ids a client needs to recover. */
const STRUCTURED_CONFLICTS = new Set(['IDEMPOTENCY_KEY_MISMATCH', 'STEP_INPUT_MISMATCH']);

function structuredDetails(error: DomainError): Record<string, unknown> {
  const d = error.details;
  return {
    workflow_id: d.workflowId,
    step_id: d.stepId,
    ...(d.expected !== undefined ? { expected_idempotency_key: d.expected, received_idempotency_key: d.received } : {}),
  };
}

export function errorBody(error: DomainError, url: string, requestId: string): unknown {
  if (STRUCTURED_CONFLICTS.has(error.code)) {
    return { error: { code: error.code, message: error.message, details: structuredDetails(error) }, request_id: requestId };
  }
  const details = publicDetails(error);
  if (url.startsWith(NESTED_PREFIX)) {
    return { error: { code: error.code, message: error.message, ...(details ? { details } : {}) }, request_id: requestId };
  }
  return { error: error.code.toLowerCase(), code: error.code, message: error.message, ...(details ? { details } : {}), request_id: requestId };
}

function publicDetails(error: DomainError): Record<string, unknown> | undefined {
  if (error.code === 'INTERNAL_ERROR') return undefined;
  const { summary: _summary, ...rest } = error.details;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
