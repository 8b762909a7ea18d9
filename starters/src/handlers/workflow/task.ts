import type { Context } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** The workflow step this function performs: its `name` in the workflow's steps. */
export const STEP = 'validate-order';

/**
 * The input's field that names what the workflow works on: the key of the item whose event starts
 * it (what the service's `create` publishes), carried from step to step.
 */
export const KEY_FIELD = 'id';

/**
 * The step's input: the state's JSON as Step Functions passes it (the function is invoked with
 * `payloadResponseOnly`, so the event is that JSON itself, with no envelope). In a MAP step's
 * `itemSteps` it is one item of the array. Write the fields your step reads here.
 */
export interface Input {
  readonly [KEY_FIELD]: string;
}

/**
 * The step's result, which Step Functions puts in the state. With the step's default
 * `resultPath` ("$") it replaces the state, so the next step receives only this: carry forward
 * what later steps read, or give the step a `resultPath` such as `$.validation` to add it
 * beside the input instead. A CHOICE step can branch on it (`$.status`).
 */
export interface Output {
  readonly [KEY_FIELD]: string;
  readonly status: string;
}

/*
 * The workflow matches a failure by the error's `name`: Lambda reports it as the `errorType`,
 * and a `catch` or `retry` of the step with `errors: ['TaskFailedError']` applies to it. Set the
 * name as a string literal, as below: bundling may minify the class names, and the name is the
 * contract with the workflow. Any other error is reported as 'Error', 'TypeError'...: a bug,
 * which a `catch` on `States.ALL` also catches.
 */

/** The step's work cannot be done (an expected outcome: the workflow's `catch` routes it). */
export class TaskFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskFailedError';
  }
}

/** The input is not what this step reads: the workflow passes the wrong state (a bug, not an outcome). */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** The input, or an `InvalidInputError` naming the step and what is wrong. */
export function parseInput(event: unknown): Input {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidInputError(`step ${STEP}: the input must be a JSON object`);
  }
  const key = (event as Record<string, unknown>)[KEY_FIELD];
  if (typeof key !== 'string' || key === '') {
    throw new InvalidInputError(`step ${STEP}: the input needs the non-empty string field '${KEY_FIELD}'`);
  }
  return event as Input;
}

/**
 * The step's business logic, apart from the Lambda adapter: replace it with yours. Throw a
 * `TaskFailedError` (or your own named error) for an outcome the workflow handles, e.g.
 * `throw new TaskFailedError('the order exceeds the credit limit')`.
 *
 * A step may run again for the same input (a `retry`, an EXPRESS workflow's at-least-once
 * delivery): make it idempotent, keyed on the input's `KEY_FIELD`.
 */
export async function runStep(input: Input): Promise<Output> {
  return { [KEY_FIELD]: input[KEY_FIELD], status: 'COMPLETED' };
}

/** Returns the step's result, or throws: Step Functions then applies the step's `retry` and `catch`. */
export const handler = observed(async (event: unknown, context: Context): Promise<Output> => {
  logger.addContext(context);
  try {
    const output = await runStep(parseInput(event));
    logger.info('step completed', { step: STEP, [KEY_FIELD]: output[KEY_FIELD] });
    return output;
  } catch (error) {
    logger.error('step failed', { step: STEP, error });
    throw error;
  }
});
