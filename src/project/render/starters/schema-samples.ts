/**
 * Sample request bodies for a route's JSON schema, for the unit test of its handler starter: one
 * the schema accepts, one it rejects in each of its fields. Covers what request schemas are
 * usually made of (object, required, properties, string/number/integer/boolean/array, enum,
 * lengths, bounds, common formats); a schema beyond that gets a best effort, and the starter
 * test says where to adjust.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON schemas are untyped JSON
type Schema = { [key: string]: any };

/** Sample bodies: `valid` should pass the schema, every field of `invalid` should fail it. */
export interface SchemaSamples {
  readonly valid: unknown;
  readonly invalid: Record<string, unknown>;
}

const FORMATS: Record<string, string> = {
  'email': 'ada@example.com',
  'uri': 'https://example.com/',
  'date-time': '2024-01-01T00:00:00Z',
  'date': '2024-01-01',
  'time': '12:00:00Z',
  'uuid': '00000000-0000-4000-8000-000000000000',
  'ipv4': '192.0.2.1',
  'hostname': 'example.com',
};

/** The samples of an object schema with properties; undefined for other schemas. */
export function schemaSamples(schema: Schema): SchemaSamples | undefined {
  const properties: Schema = schema.properties ?? {};
  if (typeof properties !== 'object' || Object.keys(properties).length === 0) {
    return undefined;
  }
  const required: string[] = Array.isArray(schema.required) ? schema.required : [];
  // the invalid body breaks the required fields (all fields when none is required)
  const broken = required.length > 0 ? required.filter((name) => name in properties) : Object.keys(properties);
  return {
    valid: validSample(schema),
    invalid: Object.fromEntries(broken.map((name) => [name, wrongTypeFor(properties[name])])),
  };
}

function validSample(schema: Schema): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[0];
  }
  switch (typeOf(schema)) {
    case 'object': {
      const properties: Schema = schema.properties ?? {};
      const names = Array.isArray(schema.required) && schema.required.length > 0 ? schema.required : Object.keys(properties);
      return Object.fromEntries(names.filter((name: string) => name in properties).map((name: string) => [name, validSample(properties[name])]));
    }
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => validSample(schema.items ?? { type: 'string' }));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1)) + (schema.exclusiveMinimum && schema.minimum !== undefined ? 1 : 0);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      const formatted = FORMATS[schema.format];
      if (formatted) {
        return formatted;
      }
      const length = Math.min(Math.max(schema.minLength ?? 1, 1), schema.maxLength ?? 64, 64);
      return 'x'.repeat(Math.max(length, schema.minLength ?? 0));
    }
  }
}

/** A value of another type than the schema allows. */
function wrongTypeFor(schema: Schema): unknown {
  return typeOf(schema) === 'string' ? 42 : 'not valid';
}

function typeOf(schema: Schema): string {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (typeof type === 'string') {
    return type;
  }
  return schema.properties ? 'object' : 'string';
}
