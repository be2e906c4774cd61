/**
 * @module fast-check arbitraries built from the JSON Schemas of the served OpenAPI document: values a
 * request schema accepts (mostly), and hostile mutations of them (wrong types, missing required
 * members, unknown members, huge and odd strings, numbers at the edges, deep nesting), so property
 * tests cover every route that exists, including routes added later.
 */
import fc from 'fast-check';
import { resolve } from './openapi-routes.js';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

type Doc = Parameters<typeof resolve>[0];

const MAX_DEPTH = 4;

/** Strings as people and machines send them: ASCII, any Unicode (astral, combining), control characters. */
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.constantFrom('', ' ', '\u0000', '\u202e\u0301', '😀'.repeat(3), 'null', '0', '../../x', '%00', '<script>', "'; drop table executions; --"),
  );

/** Values of the schema's type, mostly inside its bounds. */
export function valueOf(doc: Doc, raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw) as JsonSchema;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => valueOf(doc, b, depth)));
  if (schema.allOf?.[0]) return valueOf(doc, schema.allOf[0], depth);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => valueOf(doc, { ...schema, type }, depth)));
  const deeper = depth >= MAX_DEPTH;
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e9;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e9;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: schema.exclusiveMinimum !== undefined, maxExcluded: schema.exclusiveMaximum !== undefined });
    }
    case 'string': {
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uri') return fc.constantFrom('http://127.0.0.1:9/hook', 'https://example.invalid/x', 'ftp://x', 'not a url');
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
      if (schema.pattern) {
        const pattern = new RegExp(schema.pattern);
        return fc.stringMatching(pattern, { maxLength }).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
      }
      return anyText(maxLength).filter((s) => s.length >= minLength);
    }
    case 'array': {
      if (deeper) return fc.constant([]);
      const minLength = schema.minItems ?? 0;
      return fc.array(valueOf(doc, schema.items ?? {}, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object': {
      if (schema.properties) {
        if (deeper) return fc.constant({});
        const model = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, valueOf(doc, value, depth + 1)]));
        return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) });
      }
      if (deeper) return fc.constant({});
      const values = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
      return fc.dictionary(schema.propertyNames?.pattern ? fc.stringMatching(new RegExp(schema.propertyNames.pattern), { maxLength: 12 }) : fc.string({ minLength: 1, maxLength: 12 }), valueOf(doc, values, depth + 1), { maxKeys: 3 });
    }
    default:
      // No type: the caller's own data (step input, metadata values).
      return deeper ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of another JSON type than the schema's. */
const wrongTyped = fc.constantFrom<unknown>(12345, -1, 1.5, 'not-the-type', true, null, [], [1, 'x'], {}, { nested: { deeper: [] } });

/** Numbers where parsers and databases break: zero signs, 32/53/64-bit edges, huge and tiny magnitudes. */
const edgeNumber = fc.constantFrom<unknown>(0, -0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 2 ** 63, 1e308, -1e308, 5e-324, 0.1 + 0.2, 1e21);

/** A hostile version of a JSON value; `RAW_DEEP` in the result is spliced into the JSON text as 10,000 nested levels. */
export function mutated(doc: Doc, schema: JsonSchema, value: unknown): fc.Arbitrary<unknown> {
  const resolved = resolve(doc, schema) as JsonSchema;
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const keys = Object.keys(resolved.properties ?? {});
  const member = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x');
  const replace = (arbitrary: fc.Arbitrary<unknown>) => fc.tuple(member, arbitrary).map(([key, v]) => ({ ...(object ?? {}), [key]: v }));
  return fc.oneof(
    fc.constant(value),
    wrongTyped,
    replace(wrongTyped),
    replace(edgeNumber),
    replace(anyText(200)),
    replace(fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n))),
    replace(fc.constant(RAW_DEEP)),
    fc.constant(object ? Object.fromEntries(Object.entries(object).slice(1)) : value),
    fc.constant(withPrototypeKeys({ ...(object ?? {}), zz_not_a_member: 1 })),
    fc.constant(RAW_DEEP),
  );
}

/** Own `__proto__` and `constructor` members, as a JSON body can carry them (prototype pollution attempts). */
function withPrototypeKeys(object: Record<string, unknown>): Record<string, unknown> {
  Object.defineProperty(object, '__proto__', { value: { role: 'admin' }, enumerable: true });
  Object.defineProperty(object, 'constructor', { value: { prototype: { role: 'admin' } }, enumerable: true });
  return object;
}

export const RAW_DEEP = '\u0000deep\u0000';
export const DEEP_LEVELS = 10_000;

/** The JSON text of a value, with RAW_DEEP spliced in as 10,000 levels of alternating arrays and objects. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  const deep = `${'[{"a":'.repeat(DEEP_LEVELS / 2)}1${'}]'.repeat(DEEP_LEVELS / 2)}`;
  return text.replaceAll(JSON.stringify(RAW_DEEP), deep);
}
