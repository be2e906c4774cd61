/**
 * @module The error-code registry: every code a caller can receive, grouped by area, with the
 * message template used when the thrower gives none. Codes are a public contract (SDK, CLI and
 * scripts branch on them); never rename one. HTTP statuses live only in `server/http/error-map.ts`.
 */

export const ERROR_CODES = {
  // request shape
  VALIDATION_FAILED: 'The request is invalid: {summary}',
  INVALID_JSON: 'The request body is not valid JSON',
  UNSUPPORTED_MEDIA_TYPE: 'Content-Type {contentType} is not supported; send application/json',
  PAYLOAD_TOO_LARGE: 'The request body exceeds the limit of {limitBytes} bytes',
  BAD_REQUEST: 'The request could not be understood',
  ROUTE_NOT_FOUND: 'No route {method} {url}',
  HEADERS_TOO_LARGE: 'The request headers exceed the limit of {limitBytes} bytes',
  REQUEST_TIMEOUT: 'The request was not received in time',
  RATE_LIMITED: 'Too many requests; retry in {retryAfterSeconds} s',

  // identity
  UNAUTHORIZED: 'A valid credential is required',
  FORBIDDEN: 'Role {role} may not {action}; it needs {required}',
  CREDENTIAL_NOT_FOUND: 'Credential {clientId} not found',
  CANNOT_REVOKE_SELF: 'A credential cannot revoke itself',

  // executions and the event log
  EXECUTION_NOT_FOUND: 'Execution {executionId} not found',
  EXECUTION_ALREADY_EXISTS: 'Execution {executionId} already exists',
  EXECUTION_TERMINAL: 'Execution {executionId} is already {status}',
  STEP_NOT_FOUND: 'Step {stepId} not found in execution {executionId}',
  EVENT_ID_CONFLICT: 'Event id {eventId} was already used in execution {executionId} for a different event',

  // workflow control plane (AxonFlow WCP codes keep their names)
  WORKFLOW_NOT_FOUND: 'Workflow {workflowId} not found',
  WORKFLOW_TERMINAL: 'Workflow {workflowId} is already {status}',
  APPROVAL_PENDING: 'Step {stepId} of workflow {workflowId} is waiting for approval',
  IDEMPOTENCY_KEY_MISMATCH: 'Step {stepId} was gated with idempotency key {expected}, not {received}',
  STEP_INPUT_MISMATCH: 'Step {stepId} was already gated with a different input; retry with retry_policy "reevaluate" or use a new step_id',
  STEP_BLOCKED: 'Step {stepId} was blocked by policy and cannot be completed',
  STEP_REJECTED: 'Step {stepId} was rejected by a reviewer',
  INVALID_TOOL_CONTEXT: 'tool_context needs a tool_name',
  INVALID_TRACE_ID: 'trace_id must be 1 to 255 characters',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key {key} was already used for a different request',

  // policies
  POLICY_INVALID: 'Policy {policyId} is invalid: {field}: {problem}',
  POLICY_NOT_FOUND: 'Policy {policyId} not found',
  POLICY_VERSION_NOT_FOUND: 'Policy {policyId} has no version {version}',
  POLICY_ALREADY_EXISTS: 'Policy {policyId} already exists (version {version}); update it with PUT',
  POLICY_VERSION_CONFLICT: 'Policy {policyId} is at version {actual}, not {expected}; read it again and retry',
  POLICY_DEFINED_IN_FILE: 'Policy {policyId} is defined in the policy files of the deployment and cannot be changed through the API',
  POLICY_ID_MISMATCH: 'The body names policy {bodyId} but the path names {pathId}',

  // pricing, usage and budgets
  PRICE_NOT_FOUND: 'No price applies to model {model} of provider {provider}: its calls cost 0 unless they report a cost',
  PRICE_OVERRIDE_NOT_FOUND: 'No price override for model {model} of provider {provider}',
  BUDGET_NOT_FOUND: 'Budget {budgetId} not found',
  BUDGET_ALREADY_EXISTS: 'Budget {budgetId} already exists',

  // approvals
  APPROVAL_NOT_FOUND: 'Approval {approvalId} not found',
  APPROVAL_NOT_PENDING: 'Approval {approvalId} is already {status}',
  APPROVAL_EXPIRED: 'Approval {approvalId} expired at {expiresAt}',
  NO_APPROVAL_NEEDED: 'Step {stepId} of workflow {workflowId} has no approval to decide',
  DECIDER_OVERRIDE_FORBIDDEN: 'Only an admin may record a decision in another name ({field}); leave it out to decide as {clientId}',
  BULK_LIMIT_EXCEEDED: 'A bulk action covers at most {max} approvals; this one would cover {count}',

  // webhooks
  WEBHOOK_NOT_FOUND: 'Webhook {webhookId} not found',
  WEBHOOK_DELIVERY_NOT_FOUND: 'Delivery {deliveryId} of webhook {webhookId} not found',
  WEBHOOK_DISABLED: 'Webhook {webhookId} is disabled; enable it first',

  // alerts
  ALERT_NOT_FOUND: 'Alert {alertId} not found',

  // re-runs
  RERUN_TARGET_NOT_FOUND: 'No re-run target for workflow {workflowName}',
  RERUN_TARGET_MISSING: 'Workflow {workflowName} has no re-run target: an admin sets one with PUT /api/v1/rerun-targets/{workflowName}',
  RERUN_IN_FLIGHT: 'Re-run {rerunId} of this Idempotency-Key has no recorded answer from the target yet: it is being sent (see the run’s re-runs)',
  EXECUTION_NOT_TERMINAL: 'Execution {executionId} is still {status}; only a run that has ended can be re-run (cancel it first)',

  // infrastructure
  STORE_UNAVAILABLE: 'The store is not reachable',
  INTERNAL_ERROR: 'An internal error occurred',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Fills `{name}` placeholders from details; unknown placeholders stay visible rather than vanish. */
export function renderMessage(code: ErrorCode, details: Record<string, unknown> = {}): string {
  return ERROR_CODES[code].replace(/\{(\w+)\}/g, (whole, key: string) =>
    details[key] === undefined ? whole : String(details[key]),
  );
}
