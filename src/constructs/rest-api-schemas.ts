import * as fs from 'node:fs';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/**
 * Request body schemas for `RestRouteProps.requestSchema`, from plain JSON schemas (draft 4, the
 * version API Gateway validates with).
 *
 * CDK's `JsonSchema` spells `$schema` and `$ref` as `schema` and `ref` and renders them back
 * with the `$` into the model; these methods do the reverse, so the model holds the schema as
 * written. Keys under `properties`, `patternProperties`, `definitions` and `dependencies` are
 * names, kept as they are. Every other key passes through unchanged (`id`, draft 6's `$id`).
 */
export class RequestSchemas {
  /**
   * Reads a JSON schema from a file, relative to the working directory.
   *
   * @param filePath path of a `.json` file that holds one JSON object
   */
  public static fromFile(filePath: string): apigateway.JsonSchema {
    const where = `RequestSchemas.fromFile: ${filePath}`;
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch (error) {
      throw new Error(`${where} cannot be read: ${(error as Error).message}`);
    }
    let schema: unknown;
    try {
      schema = JSON.parse(text);
    } catch (error) {
      throw new Error(`${where} is not JSON: ${(error as Error).message}`);
    }
    return toJsonSchema(schema, where);
  }

  /**
   * Converts a JSON schema given as a plain object (`$schema`, `$ref`, ...).
   *
   * @param schema the schema, as `JSON.parse` returns it
   */
  public static fromObject(schema: { [key: string]: any }): apigateway.JsonSchema {
    return toJsonSchema(schema, 'RequestSchemas.fromObject: the schema');
  }

  private constructor() {}
}

/**
 * The inverse of aws-cdk-lib's `JsonSchemaMapper` (aws-apigateway/lib/util.ts), which renders a
 * `JsonSchema` into a model: outside the children of the keys below it renames `schema` and
 * `ref` to `$schema` and `$ref`, and every other key stays.
 */
const CDK_SPELLING = new Map([['$schema', 'schema'], ['$ref', 'ref']]);
const KEYS_WITH_NAMED_CHILDREN = new Set(['definitions', 'properties', 'patternProperties', 'dependencies']);

function toJsonSchema(schema: unknown, where: string): apigateway.JsonSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    const got = schema === null ? 'null' : Array.isArray(schema) ? 'an array' : typeof schema;
    throw new Error(`${where} must be a JSON object (a JSON schema); got ${got}.`);
  }
  return toCdkSpelling(schema, false, '#', where) as apigateway.JsonSchema;
}

/** `names`: the keys of `value` are names (of properties, definitions), not schema keywords. */
function toCdkSpelling(value: unknown, names: boolean, pointer: string, where: string): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => toCdkSpelling(item, false, `${pointer}/${index}`, where));
  }
  return Object.fromEntries(Object.entries(value).map(([key, child]) => {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    checkRepresentable(key, names, at, where);
    const cdkKey = names ? key : CDK_SPELLING.get(key) ?? key;
    return [cdkKey, toCdkSpelling(child, !names && KEYS_WITH_NAMED_CHILDREN.has(key), at, where)];
  }));
}

/** Keys that CDK's renderer would change: it would write the schema differently from the file. */
function checkRepresentable(key: string, names: boolean, at: string, where: string): void {
  if (key === '__proto__') {
    throw new Error(`${where}: the key \`__proto__\` at ${at} cannot be rendered into an API Gateway model.`);
  }
  if (!names && (key === 'schema' || key === 'ref')) {
    throw new Error(`${where}: the key \`${key}\` at ${at} would be rendered as \`$${key}\` (CDK's spelling of \`$${key}\`); rename it.`);
  }
  if (!names && key in Object.prototype) {
    throw new Error(`${where}: the key \`${key}\` at ${at} cannot be rendered into an API Gateway model (CDK mistakes it for a built-in); rename it.`);
  }
}
