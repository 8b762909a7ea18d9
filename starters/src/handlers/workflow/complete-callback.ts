import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { traced } from '../shared/observability';

/** What these helpers need of an `SFNClient`; tests pass a fake. */
export interface TaskTokenClient {
  send(command: SendTaskSuccessCommand | SendTaskFailureCommand): Promise<unknown>;
}

/** Step Functions' limit on a task's output, in bytes of UTF-8 JSON. */
export const MAX_OUTPUT_BYTES = 256 * 1024;

let sfnClient: SFNClient | undefined;

/** The client of the function's account and region, created on first use. */
function defaultClient(): TaskTokenClient {
  sfnClient ??= traced(new SFNClient({}));
  return sfnClient;
}

/**
 * Ends a callback step with `output`, which becomes the step's result. The calling function
 * needs `states:SendTaskSuccess` on the state machine. Rejects with `TaskTimedOut` when the step
 * has already timed out or its execution has ended: the token can no longer be used.
 */
export async function completeTask(taskToken: string, output: object, client: TaskTokenClient = defaultClient()): Promise<void> {
  const token = requiredToken(taskToken);
  const json = JSON.stringify(output);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_OUTPUT_BYTES) {
    throw new Error(`task output is ${bytes} bytes; Step Functions accepts at most ${MAX_OUTPUT_BYTES}: store it (S3, DynamoDB) and send its key`);
  }
  await client.send(new SendTaskSuccessCommand({ taskToken: token, output: json }));
}

/**
 * Fails a callback step with the error name `error`, which the step's `catch` and `retry` match
 * (as the `name` of an error a TASK throws), and a human-readable `cause`. The calling function
 * needs `states:SendTaskFailure` on the state machine.
 */
export async function failTask(taskToken: string, error: string, cause: string, client: TaskTokenClient = defaultClient()): Promise<void> {
  await client.send(new SendTaskFailureCommand({ taskToken: requiredToken(taskToken), error, cause }));
}

function requiredToken(taskToken: string): string {
  if (taskToken === '') {
    throw new Error('taskToken is empty: pass the token the callback step handed over');
  }
  return taskToken;
}
