import Ajv, { ErrorObject, SchemaObject } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { BadRequestError } from './http';

/**
 * The validator of the function's schemas: JSON Schema draft-04, the dialect of API Gateway's
 * models, so a schema means the same here and there; `allErrors`, so one answer lists every
 * failing field; the `format`s of ajv-formats (`email`, `date-time`, `uri`...).
 */
const ajv = addFormats(new Ajv({ allErrors: true }));

/** One failure in words: `'name' is required`, `'address.city' must be string`. */
function describeError(error: ErrorObject): string {
  const path = error.instancePath.slice(1).split('/').join('.');
  const field = (name: string) => `'${path ? `${path}.${name}` : name}'`;
  if (error.keyword === 'required') {
    return `${field(error.params.missingProperty)} is required`;
  }
  if (error.keyword === 'additionalProperties') {
    return `${field(error.params.additionalProperty)} is not allowed`;
  }
  return `${path ? `'${path}'` : 'the body'} ${error.message}`;
}

/**
 * Compiles a request body schema and returns its check: the body, typed as `T`, or a
 * `BadRequestError` (answered with 400) listing every failing field, sorted. Call it at module
 * scope, so the schema is compiled once, when the function loads: a schema ajv cannot compile
 * (an unknown keyword or format) then fails at load, and in the handler's unit test.
 */
export function bodyValidator<T>(schema: SchemaObject): (body: unknown) => T {
  const validate = ajv.compile<T>(schema);
  return (body) => {
    if (!validate(body)) {
      throw new BadRequestError(`request body is invalid: ${(validate.errors ?? []).map(describeError).sort().join('; ')}`);
    }
    return body;
  };
}
