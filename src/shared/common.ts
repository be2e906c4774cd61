/**
 * @module Wire primitives shared by every schema: identifiers, timestamps, the error envelope.
 * This folder is the one source of the wire: server validation, OpenAPI, SDK, CLI and UI types.
 * It imports core types only, never core runtime code.
 */
import { z } from 'zod';

/** Ids callers choose (execution, step, event, tenant…): printable, no spaces, at most 255 chars. */
export const Id = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:@\/+=-]+$/, 'may contain only letters, digits and . _ : @ / + = -');

export const Timestamp = z.iso.datetime({ offset: true }).meta({ description: 'RFC 3339 date-time' });

/**
 * The error body of every route outside `/api/v1/unified`, as AxonFlow sends it:
 * `error` is the code in lower case, `code` the stable code to branch on.
 */
export const ErrorEnvelope = z
  .object({
    error: z.string(),
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    request_id: z.string().optional(),
  })
  .meta({ id: 'ErrorEnvelope' });

/** The nested error body of `/api/v1/unified/*` routes (AxonFlow's unified API shape). */
export const NestedErrorEnvelope = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
    request_id: z.string().optional(),
  })
  .meta({ id: 'NestedErrorEnvelope' });

export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
