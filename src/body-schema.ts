/**
 * Request body schemas, in one place: JSON Schema draft-04, the dialect of API Gateway's models,
 * read by ajv with ajv-draft-04. `npx projen` checks each route's and queue's schema with
 * `bodySchemaProblems`; local mode validates request bodies with `createBodyValidator`, as API
 * Gateway does. The starters' `src/handlers/shared/validation.ts` compiles the same schema file with
 * the same ajv-draft-04, strict as here, so a schema `npx projen` takes also loads in the handler.
 *
 * Ajv is loaded on first use from the app's dependencies (every app has ajv and ajv-draft-04, for
 * local mode and the handlers): an app without body schemas never loads it.
 *
 * @module
 */
import type { ErrorObject } from 'ajv';

/** The draft-04 meta-schema's id: the only `$schema` an API Gateway model may name. */
const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

/** The few members of an Ajv instance this module uses. */
interface Draft04Ajv {
  readonly errors?: ErrorObject[] | null;
  validateSchema(schema: unknown): boolean;
  compile(schema: object): { (data: unknown): boolean };
  removeSchema(schema: object): unknown;
}

/**
 * The checker of schemas, made on first use: every error of the meta-schema, and ajv's strict
 * mode on keywords, as the starters' validator has it (an unknown keyword fails there when the
 * function loads). Formats are not checked, as API Gateway does not check them; the starters
 * check ajv-formats' formats, and their unit test compiles the schema.
 */
let checker: Draft04Ajv | undefined;

/** An Ajv of draft-04 with `options`, loaded from the app's dependencies. */
function draft04Ajv(options: object): Draft04Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const Ajv = require('ajv-draft-04') as new (options: object) => Draft04Ajv;
  return new Ajv(options);
}

/**
 * Why API Gateway would refuse `schema` as a model, or ajv (the starters' and local mode's
 * validator) could not compile it: one sentence each, starting with the JSON pointer of the part of
 * the schema it is about (`(root)` for the schema itself), e.g.
 * `/properties/total/type must be one of array, boolean, integer, null, number, object, string; got "numbr"`.
 *
 * @param schema a candidate schema, as written in the options or read from a schema file
 * @returns the problems found, empty for a draft-04 schema ajv compiles
 */
export function bodySchemaProblems(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [`(root) must be a JSON schema object; got ${preview(schema)}`];
  }
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared !== undefined && declared !== DRAFT_04) {
    return [`/$schema is ${preview(declared)}, but API Gateway models are JSON Schema draft-04: name ${JSON.stringify(DRAFT_04)}, or leave $schema out`];
  }
  try {
    checker ??= draft04Ajv({
      allErrors: true, strict: true, strictTypes: false, strictTuples: false, validateFormats: false, validateSchema: false,
    });
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') {
      throw error;
    }
    return ['(root) cannot be checked: ajv-draft-04 is not installed in the app (every app has it as a dependency: run `npm install`, then `npx projen` again)'];
  }
  if (!checker.validateSchema(schema)) {
    return metaSchemaProblems(checker.errors ?? [], schema);
  }
  try {
    checker.compile(schema);
    return [];
  } catch (error) {
    return [compileProblem((error as Error).message, schema)];
  } finally {
    // ajv keeps what it compiled, by the schema and its `id`: an id checked twice would be refused
    checker.removeSchema(schema);
  }
}

/** The meta-schema's errors, one per place: `anyOf` alternatives that failed are told by their first error. */
function metaSchemaProblems(errors: ErrorObject[], schema: object): string[] {
  const byPlace = new Map<string, ErrorObject>();
  for (const error of errors.filter((candidate) => !['anyOf', 'oneOf'].includes(candidate.keyword))) {
    if (!byPlace.has(error.instancePath)) {
      byPlace.set(error.instancePath, error);
    }
  }
  return [...byPlace.values()].map((error) => {
    const rule = error.keyword === 'enum'
      ? `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
      : error.message ?? `fails ${error.keyword}`;
    return `${error.instancePath || '(root)'} ${rule}; got ${preview(valueAt(schema, error.instancePath))}`;
  });
}

/** A compile error of ajv as a problem, placed where its keyword is when it names one. */
function compileProblem(message: string, schema: object): string {
  const unknown = /^strict mode: unknown keyword: "(.+)"$/.exec(message);
  if (unknown) {
    const at = keywordPlace(schema, unknown[1], '') ?? '(root)';
    return `${at} is an unknown keyword (a typo? draft-04 has no "${unknown[1]}"); ajv refuses it, as the starters' validation compiles the schema in strict mode`;
  }
  const unresolved = /^can't resolve reference (\S+)/.exec(message);
  if (unresolved) {
    return `(root) has $ref ${JSON.stringify(unresolved[1])}, which points nowhere in the schema; a model's $ref points into the model itself`;
  }
  return `(root) does not compile: ${message}`;
}

/** The JSON pointer of the first schema object, at or under `path`, that has the keyword `keyword`. */
function keywordPlace(node: unknown, keyword: string, path: string): string | undefined {
  if (typeof node !== 'object' || node === null) {
    return undefined;
  }
  if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, keyword)) {
    return `${path}/${escape(keyword)}`;
  }
  for (const [key, child] of Object.entries(node)) {
    const found = keywordPlace(child, keyword, `${path}/${escape(key)}`);
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** The value at a JSON pointer of `root`. */
function valueAt(root: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), root);
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A value as JSON, cut to 60 characters. */
function preview(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Whether a request body fits its route's model. */
export type BodyValidator = (body: Buffer) => boolean;

/**
 * A validator of request bodies against a route's model, a JSON schema of draft 4 as API Gateway
 * reads it: a body that is not JSON, or does not fit, is refused; formats are not checked, as
 * API Gateway does not check them. Ajv is loaded when the first API with a model starts.
 */
export function createBodyValidator(schema: object): BodyValidator {
  const validate = draft04Ajv({ allErrors: false, strict: false, validateFormats: false }).compile(schema);
  return (body) => {
    let value: unknown;
    try {
      value = JSON.parse(body.length === 0 ? 'null' : body.toString('utf8'));
    } catch {
      return false;
    }
    return validate(value) === true;
  };
}
