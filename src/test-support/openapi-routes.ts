/**
 * @module Reads the served OpenAPI document into a list of operations, with a minimal valid body
 * for each, so input tests cover every route that exists, including routes added later.
 */

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  minimum?: number;
  format?: string;
  pattern?: string;
};

export interface Operation {
  readonly method: string;
  readonly path: string;
  readonly pathParams: string[];
  readonly queryParams: { readonly name: string; readonly schema: JsonSchema }[];
  readonly isPublic: boolean;
  readonly body?: { schema: JsonSchema; example: Record<string, unknown>; required: boolean };
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: { in: string; name: string; schema?: JsonSchema }[]; requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        isPublic: !op.security || op.security.length === 0,
        body: bodySchema
          ? { schema: resolve(doc, bodySchema), example: (example(doc, bodySchema) ?? {}) as Record<string, unknown>, required: op.requestBody?.required !== false }
          : undefined,
      });
    }
  }
  return ops;
}

export function resolve(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`);
  return resolve(doc, target);
}

/** A minimal value satisfying the schema: required members only. */
export function example(doc: OpenApiDoc, raw: JsonSchema): unknown {
  const schema = resolve(doc, raw);
  if (schema.type === undefined && !schema.enum && schema.const === undefined && !schema.anyOf && !schema.oneOf && !schema.allOf && !schema.properties) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0] ?? schema.allOf?.[0];
  if (branch) return example(doc, branch);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = example(doc, schema.properties?.[key] ?? {}) ?? 'x';
      return out;
    }
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      // A required URL (a re-run target's) must parse, or body validation answers before the query's.
      if (schema.format === 'uri') return 'http://127.0.0.1:9/example';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return 'x';
  }
}

/**
 * A value of the wrong type (or outside the enum) for a property schema; undefined when the schema
 * accepts anything (caller payloads such as step_input), where no value is wrong.
 */
export function wrongValue(doc: OpenApiDoc, raw: JsonSchema): unknown {
  const schema = resolve(doc, raw);
  if (schema.enum || schema.const !== undefined) return 'definitely-not-a-member';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === undefined) return undefined;
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    default:
      return ['not', 'an', 'object'];
  }
}

/** Path parameters named like numbers (index) get a number; every other one an id. */
export function fillPath(path: string, values: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? (name === 'index' ? '0' : 'some-id-1')));
}
