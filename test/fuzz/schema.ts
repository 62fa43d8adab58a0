/**
 * Request bodies and query strings generated from a route's JSON schema (TypeBox): mostly values
 * the schema allows, with hostile strings in them, and some that break it on purpose (a field of the
 * wrong type, an unknown field, a required one left out, the whole body replaced by noise) so both
 * the schema check and the handler behind it meet hostile input.
 */
import fc from 'fast-check';
import { deepValue, hostileString, jsonWithKeys } from './arbitraries.ts';

/** Any JSON, where a schema leaves a value open: sometimes nested 10,000 deep. */
const anyJson = fc.oneof(
  { weight: 6, arbitrary: jsonWithKeys(['id', 'name', '@context', 'type'], 3) },
  { weight: 1, arbitrary: fc.constantFrom(100, 1000, 10_000).map(deepValue) },
);

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
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
  default?: unknown;
};

const FORMATS: Record<string, fc.Arbitrary<string>> = {
  email: fc.oneof(fc.emailAddress(), fc.constantFrom('a@b.nl', 'x@localhost', '"a b"@c.nl')),
  uri: fc.oneof(fc.webUrl(), fc.constantFrom('http://127.0.0.1/', 'https://10.0.0.1/x', 'file:///etc/passwd', 'javascript:alert(1)')),
  url: fc.oneof(fc.webUrl(), fc.constantFrom('http://127.0.0.1/', 'https://10.0.0.1/x')),
  uuid: fc.uuid(),
  'date-time': fc.oneof(
    fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    fc.constantFrom('2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z'),
  ),
  date: fc.oneof(
    fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom('2026-02-30', '0000-01-01', '9999-12-31'),
  ),
};

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 200, 400);
  if (schema.format && FORMATS[schema.format]) return FORMATS[schema.format];
  return fc.oneof(
    { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, 30)) }) },
    { weight: 2, arbitrary: hostileString },
    // At the limits: exactly the largest length, and one more.
    { weight: 1, arbitrary: fc.constantFrom(max, max + 1).map((n) => 'ä'.repeat(Math.max(n, 0))) },
  );
}

function numberOf(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const high = schema.maximum ?? schema.exclusiveMaximum;
  const edges = [low, high, 0, -1, 1, 2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER].filter((n): n is number => typeof n === 'number');
  const inRange = integer
    ? fc.integer({ min: Math.max(low ?? -1e6, -1e9), max: Math.min(high ?? 1e6, 1e9) })
    : fc.double({ min: low ?? -1e6, max: high ?? 1e6, noNaN: true });
  return fc.oneof({ weight: 3, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(...edges) });
}

/** A value of the schema (its strings hostile, its numbers at the edges sometimes). */
export function schemaValue(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyJson;
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => schemaValue(s, depth + 1)));
  if (schema.allOf?.length) return schemaValue(Object.assign({}, ...schema.allOf) as Schema, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return numberOf(schema, true);
    case 'number':
      return numberOf(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaValue(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 5, 5)),
      });
    case 'object':
      return objectOf(schema, depth);
    default:
      return anyJson;
  }
}

function objectOf(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(properties);
  if (names.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), jsonWithKeys(['id'], 2), { maxKeys: 3 });
  const model = Object.fromEntries(names.map((n) => [n, schemaValue(properties[n], depth + 1)]));
  return fc.record(model, { requiredKeys: names.filter((n) => required.has(n)) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value that breaks the schema in one place: wrong type, unknown field, required field left out, or noise. */
export function brokenValueOf(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const noise = fc.oneof(
    hostileString,
    fc.constantFrom(null, 0, -1, true, [], {}, 1e308, '🙂'.repeat(1000)),
    jsonWithKeys(Object.keys(schema?.properties ?? {}), 3),
  );
  if (!schema?.properties || Object.keys(schema.properties).length === 0) return noise;
  const names = Object.keys(schema.properties);
  return fc.oneof(
    // One field of the wrong type.
    fc
      .tuple(schemaValue(schema), fc.constantFrom(...names), noise)
      .map(([value, name, wrong]) => ({ ...(value as object), [name]: wrong })),
    // An unknown field.
    fc.tuple(schemaValue(schema), hostileString, noise).map(([value, name, extra]) => ({ ...(value as object), [name || 'x']: extra })),
    // A required field left out.
    fc.tuple(schemaValue(schema), fc.constantFrom(...names)).map(([value, name]) => {
      const copy = { ...(value as Record<string, unknown>) };
      delete copy[name];
      return copy;
    }),
    noise,
  );
}

/** Input for a schema: three in four allowed by it, one in four broken. */
export function inputOf(schema: unknown): fc.Arbitrary<unknown> {
  const s = schema as Schema | undefined;
  return fc.oneof({ weight: 3, arbitrary: schemaValue(s) }, { weight: 1, arbitrary: brokenValueOf(s) });
}

/** A query string of the schema's properties (values as text, hostile ones among them). */
export function queryOf(schema: unknown): fc.Arbitrary<Record<string, string>> {
  const s = schema as Schema | undefined;
  const names = Object.keys(s?.properties ?? {});
  if (names.length === 0) return fc.constant({});
  return fc.dictionary(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }),
    fc.oneof(
      schemaValue(s).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))),
      hostileString,
      fc.constantFrom('-1', '0', '1e309', '99999999999999999999', 'NaN', ''),
    ),
    { maxKeys: names.length + 1 },
  );
}
