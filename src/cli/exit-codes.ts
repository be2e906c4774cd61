/**
 * @module axonctl's exit codes, documented in docs/axonctl.md, and the mapping from SDK error
 * classes to them: 0 ok, 1 error, 2 usage, 3 not found, 4 authentication or permission, 5 conflict.
 */
import { AuthenticationError, AxonFlowError, ConflictError, NotFoundError, PermissionDeniedError, ValidationError } from '../sdk/index.js';

export const EXIT = { ok: 0, error: 1, usage: 2, notFound: 3, auth: 4, conflict: 5 } as const;

/** A bad flag value or input file found by axonctl itself (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A command that ran but did not fully succeed (a bulk decision with failed items): exit 1, its message on stderr. */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof CommandFailed) return EXIT.error;
  if (!AxonFlowError.is(error)) return EXIT.error;
  // A 400 means the server refused a value the user typed (a filter, a file): a usage error.
  if (error instanceof ValidationError) return EXIT.usage;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return EXIT.auth;
  if (error instanceof ConflictError) return EXIT.conflict;
  return EXIT.error;
}
