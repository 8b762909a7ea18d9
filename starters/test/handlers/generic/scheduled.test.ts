import type { Context } from 'aws-lambda';
import { handler, InvalidRunError, parseRun, runTask, ScheduledRun } from '../../../src/handlers/generic/scheduled';

const context = { functionName: 'scheduled', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

/** A run as EventBridge Scheduler sends it, with the schedule input the stack sets. */
const RUN: ScheduledRun = {
  schedule: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/default/nightly',
  scheduledTime: '2027-01-01T08:00:00Z',
  executionId: 'e0b5c3f1-1f8e-4a6b-9a0b-1c2d3e4f5a6b',
  attemptNumber: '1',
};

describe('parseRun', () => {
  test('returns the run the schedule sent', () => {
    expect(parseRun(RUN)).toEqual(RUN);
  });

  test.each([
    [{ ...RUN, executionId: '' }, "scheduled run: 'executionId' must be a non-empty string"],
    [{ scheduledTime: RUN.scheduledTime }, "scheduled run: 'schedule' must be a non-empty string"],
    [{ ...RUN, scheduledTime: 'tomorrow' }, "scheduled run: 'scheduledTime' must be a date; got 'tomorrow'"],
    [null, "scheduled run: 'schedule' must be a non-empty string"],
  ])('rejects %p', (event, message) => {
    expect(() => parseRun(event)).toThrow(new InvalidRunError(message));
  });
});

describe('runTask', () => {
  test('answers the time the run was due', async () => {
    await expect(runTask(RUN)).resolves.toEqual({ scheduledTime: RUN.scheduledTime });
  });
});

describe('handler', () => {
  test('fails the invocation on an event the schedule did not send', async () => {
    await expect(handler({ hello: 'world' }, context)).rejects.toThrow(InvalidRunError);
  });
});
