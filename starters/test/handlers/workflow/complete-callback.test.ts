import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { completeTask, failTask, MAX_OUTPUT_BYTES, TaskTokenClient } from '../../../src/handlers/workflow/complete-callback';

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd1Ul1ss-token';

/** An SFN client that records the commands it is sent. */
function fakeClient(): TaskTokenClient & { sent: Array<SendTaskSuccessCommand | SendTaskFailureCommand> } {
  const sent: Array<SendTaskSuccessCommand | SendTaskFailureCommand> = [];
  return {
    sent,
    send: async (command) => {
      sent.push(command);
      return {};
    },
  };
}

describe('completeTask', () => {
  test('sends the output as JSON with the token, ending the step with it as the result', async () => {
    // Prepare
    const client = fakeClient();

    // Act
    await completeTask(TOKEN, { id: 'order-1', approved: true }, client);

    // Assert
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0]).toBeInstanceOf(SendTaskSuccessCommand);
    expect(client.sent[0].input).toEqual({ taskToken: TOKEN, output: '{"id":"order-1","approved":true}' });
  });

  test('sends nothing for an output over Step Functions\' limit, and says what to do', async () => {
    const client = fakeClient();
    const output = { blob: 'x'.repeat(MAX_OUTPUT_BYTES) };
    await expect(completeTask(TOKEN, output, client)).rejects.toThrow(
      `task output is ${Buffer.byteLength(JSON.stringify(output))} bytes; Step Functions accepts at most ${MAX_OUTPUT_BYTES}: store it (S3, DynamoDB) and send its key`,
    );
    expect(client.sent).toEqual([]);
  });

  test('lets the service\'s rejection through, e.g. TaskTimedOut for a step that no longer waits', async () => {
    const timedOut = Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });
    const client: TaskTokenClient = { send: async () => Promise.reject(timedOut) };
    await expect(completeTask(TOKEN, {}, client)).rejects.toBe(timedOut);
  });
});

describe('failTask', () => {
  test('sends the error name, which the step\'s catch matches, and the cause', async () => {
    const client = fakeClient();
    await failTask(TOKEN, 'ApprovalRejected', 'the reviewer declined order-1', client);
    expect(client.sent[0]).toBeInstanceOf(SendTaskFailureCommand);
    expect(client.sent[0].input).toEqual({ taskToken: TOKEN, error: 'ApprovalRejected', cause: 'the reviewer declined order-1' });
  });
});

describe.each([
  ['completeTask', (client: TaskTokenClient) => completeTask('', {}, client)],
  ['failTask', (client: TaskTokenClient) => failTask('', 'ApprovalRejected', 'declined', client)],
])('%s', (_name, call) => {
  test('sends nothing for an empty token', async () => {
    const client = fakeClient();
    await expect(call(client)).rejects.toThrow('taskToken is empty: pass the token the callback step handed over');
    expect(client.sent).toEqual([]);
  });
});
