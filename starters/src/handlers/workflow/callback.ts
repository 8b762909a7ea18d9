import type { Context } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/** The workflow step this function starts: its `name` in the workflow's steps. */
export const STEP = 'await-approval';

/**
 * The event of a callback step: the workflow invokes the function with the waitForTaskToken
 * integration and the payload `{ "taskToken.$": "$$.Task.Token", "input.$": "$" }`.
 */
export interface CallbackEvent {
  /** The token Step Functions waits on: the step ends when it is sent back. */
  readonly taskToken: string;
  /** The state's input, as a TASK step would receive it. */
  readonly input: unknown;
}

/** An event this function cannot start the work from. */
export class InvalidCallbackEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCallbackEventError';
  }
}

/** The event, or an `InvalidCallbackEventError` that names the step and the payload it needs. */
export function parseCallbackEvent(event: unknown): CallbackEvent {
  const taskToken = typeof event === 'object' && event !== null ? (event as Record<string, unknown>).taskToken : undefined;
  if (typeof taskToken !== 'string' || taskToken === '') {
    throw new InvalidCallbackEventError(
      `step ${STEP}: the event has no 'taskToken': invoke this function with the waitForTaskToken integration `
      + 'and the payload { "taskToken.$": "$$.Task.Token", "input.$": "$" }',
    );
  }
  return { taskToken, input: (event as Record<string, unknown>).input };
}

/**
 * Hands the token to whoever completes the work, apart from the Lambda adapter: replace it with
 * yours. Put the token where the completer finds it, e.g.
 * - a table item keyed on the work's id, read back when a webhook reports the result;
 * - a queue message for a worker, with the input;
 * - an approval link in an email, to an API route that reads the token from the link.
 * The completer then calls `completeTask(taskToken, output)` or `failTask(taskToken, error, cause)`
 * of `complete-callback.ts`; its output becomes the step's result.
 *
 * Start the work and return: do not wait for it here. Step Functions waits, up to the step's
 * `timeoutSeconds`, and a function polling for a result pays for every second of it.
 */
export async function handOverToken(event: CallbackEvent): Promise<void> {
  // the starter stores the token nowhere: the step waits until it times out. Never log the token
  // itself: whoever reads it can complete the step; its last characters are enough to trace it.
  logger.info('task token handed over', { step: STEP, taskTokenEnd: event.taskToken.slice(-8) });
}

/**
 * Returns as soon as the token is handed over; what it returns is not the step's result. A
 * failure here (an invalid event, a store that is down) fails the step at once, and the step's
 * `retry` and `catch` apply to it.
 */
export const handler = observed(async (event: unknown, context: Context): Promise<void> => {
  logger.addContext(context);
  try {
    await handOverToken(parseCallbackEvent(event));
  } catch (error) {
    logger.error('task token not handed over', { step: STEP, error });
    throw error;
  }
});
