import type { Context } from 'aws-lambda';
import { logger } from '../shared/logger';
import { observed } from '../shared/observability';

/**
 * What EventBridge Scheduler sends at each run (the stack's schedule input): the schedule's ARN,
 * the time the run was due, the run's id, the same across its retries, and the attempt.
 */
export interface ScheduledRun {
  readonly schedule: string;
  readonly scheduledTime: string;
  readonly executionId: string;
  readonly attemptNumber: string;
}

/** The event is not what the schedule sends: no retry will make it so. */
export class InvalidRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRunError';
  }
}

/** The run, checked: every field a non-empty string, `scheduledTime` a date. */
export function parseRun(event: unknown): ScheduledRun {
  const run = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  for (const field of ['schedule', 'scheduledTime', 'executionId', 'attemptNumber']) {
    if (typeof run[field] !== 'string' || run[field] === '') {
      throw new InvalidRunError(`scheduled run: '${field}' must be a non-empty string`);
    }
  }
  if (Number.isNaN(Date.parse(run.scheduledTime as string))) {
    throw new InvalidRunError(`scheduled run: 'scheduledTime' must be a date; got '${run.scheduledTime}'`);
  }
  return run as unknown as ScheduledRun;
}

/**
 * The task, apart from the Lambda adapter: replace it with yours. A run can be delivered twice
 * (a retry after a timeout): key what it writes on `executionId`, which its retries share, or
 * on `scheduledTime`.
 */
export async function runTask(run: ScheduledRun): Promise<{ scheduledTime: string }> {
  logger.info('scheduled task ran', { executionId: run.executionId, scheduledTime: run.scheduledTime, attempt: run.attemptNumber });
  return { scheduledTime: run.scheduledTime };
}

/**
 * Scheduler invokes the function asynchronously: a throw fails the run, which Lambda retries
 * twice and then sends to the function's dead-letter queue, with the event.
 */
export const handler = observed(async (event: unknown, context: Context): Promise<{ scheduledTime: string }> => {
  logger.addContext(context);
  return runTask(parseRun(event));
});
