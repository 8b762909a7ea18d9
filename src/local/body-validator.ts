import type { ValidateFunction } from 'ajv';

/** Whether a request body fits its route's model. */
export type BodyValidator = (body: Buffer) => boolean;

/**
 * A validator of request bodies against a route's model, a JSON schema of draft 4 as API Gateway
 * reads it: a body that is not JSON, or does not fit, is refused; formats are not checked, as
 * API Gateway does not check them. Ajv is loaded when the first API with a model starts: from the
 * app's dependencies, as the handlers' own validation loads it.
 */
export function createBodyValidator(schema: object): BodyValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
  const Ajv = require('ajv-draft-04') as new (options: object) => { compile(schema: object): ValidateFunction };
  const validate = new Ajv({ allErrors: false, strict: false, validateFormats: false }).compile(schema);
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
