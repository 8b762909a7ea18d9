// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { CallbackEvent, handler, handOverToken, InvalidCallbackEventError, parseCallbackEvent, STEP } from '../../../src/handlers/workflow/callback';

const context = { functionName: 'callback', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAd1Ul1ss-token';
const MISSING_TOKEN = `step ${STEP}: the event has no 'taskToken': invoke this function with the waitForTaskToken integration `
  + 'and the payload { "taskToken.$": "$$.Task.Token", "input.$": "$" }';

/** The payload the workflow sends: `{ "taskToken.$": "$$.Task.Token", "input.$": "$" }`, resolved. */
function callbackEvent(input: unknown = { id: 'order-1' }, taskToken = TOKEN): CallbackEvent {
  return { taskToken, input };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('parseCallbackEvent', () => {
  test('returns the token and the state\'s input', () => {
    expect(parseCallbackEvent(callbackEvent({ id: 'order-1', total: 42 }))).toEqual({
      taskToken: TOKEN,
      input: { id: 'order-1', total: 42 },
    });
  });

  test.each([
    ['an event without a token, as a plain invoke sends', { input: { id: 'order-1' } }],
    ['an empty token', callbackEvent({ id: 'order-1' }, '')],
    ['a token that is not a string', { taskToken: 42, input: {} }],
    ['the state input alone, as payloadResponseOnly sends', { id: 'order-1' }],
    ['no event', null],
  ])('rejects %s, naming the payload the workflow must send', (_case, event) => {
    expect(() => parseCallbackEvent(event)).toThrow(new InvalidCallbackEventError(MISSING_TOKEN));
  });
});

describe('handOverToken', () => {
  test('logs the token, with the step, for whoever completes the work', async () => {
    const info = jest.spyOn(Logger.prototype, 'info');
    await handOverToken(callbackEvent());
    // the token itself stays out of the logs: anyone who reads it could complete the step
    expect(info).toHaveBeenCalledWith('task token handed over', { step: STEP, taskTokenEnd: TOKEN.slice(-8) });
  });
});

describe('handler', () => {
  test('returns at once, without a result: the step waits for the token to come back', async () => {
    await expect(handler(callbackEvent(), context)).resolves.toBeUndefined();
  });

  test('fails the step at once on an event without a token, and logs why', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    await expect(handler({ id: 'order-1' }, context)).rejects.toThrow(new InvalidCallbackEventError(MISSING_TOKEN));
    expect(error).toHaveBeenCalledWith('task token not handed over', { step: STEP, error: expect.any(InvalidCallbackEventError) });
  });
});
