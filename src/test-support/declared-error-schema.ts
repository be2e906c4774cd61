/**
 * @module The error body an operation declares for a status in the served OpenAPI document, as a
 * strict zod schema (the document says `additionalProperties: false`). A status the operation does
 * not declare (a 429, a 413 on a GET) must still come in its surface's envelope: nested under
 * `/api/v1/unified/`, flat elsewhere (docs/errors.md).
 */
import { z } from 'zod';
import { ErrorEnvelope, NestedErrorEnvelope } from '../shared/common.js';

const BY_NAME: Record<string, z.ZodType> = {
  ErrorEnvelope: ErrorEnvelope.strict(),
  NestedErrorEnvelope: NestedErrorEnvelope.extend({ error: NestedErrorEnvelope.shape.error.strict() }).strict(),
};

type Schema = { $ref?: string; anyOf?: Schema[]; oneOf?: Schema[] };

interface Doc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
}

function envelopesOf(schema: Schema): z.ZodType[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const known = BY_NAME[name];
    if (!known) throw new Error(`error response ${schema.$ref} is not an error envelope`);
    return [known];
  }
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(envelopesOf);
}

/** The envelope a path answers in when its operation declares nothing for the status. */
export function surfaceEnvelope(path: string): z.ZodType {
  return path.startsWith('/api/v1/unified/') ? BY_NAME.NestedErrorEnvelope! : BY_NAME.ErrorEnvelope!;
}

/** `path` is the template (`/api/v1/executions/{id}`), or undefined for a request no route matched. */
export function declaredErrorSchema(doc: Doc, method: string, path: string | undefined, url: string, status: number): z.ZodType {
  const declared = path ? doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.['application/json']?.schema : undefined;
  const envelopes = declared ? envelopesOf(declared) : [];
  if (envelopes.length === 0) return surfaceEnvelope(path ?? url);
  return envelopes.length === 1 ? envelopes[0]! : z.union(envelopes as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

/** The code of either envelope. */
export function errorCodeOf(body: unknown): unknown {
  const value = body as { code?: unknown; error?: unknown };
  return typeof value?.error === 'object' && value.error !== null ? (value.error as { code?: unknown }).code : value?.code;
}
