// the Logger's methods, spied on its prototype: an import of shared/logger would sort differently per service name
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { handler, Input, InvalidInputError, KEY_FIELD, parseInput, runStep, STEP, TaskFailedError } from '../../../src/handlers/workflow/task';

const context = { functionName: 'task', awsRequestId: 'req-1' } as Context satisfies Partial<Context>;

/** The state's input, as Step Functions passes it to the step: the JSON itself, no envelope. */
function stateInput(fields: Record<string, unknown> = {}): Input {
  return { [KEY_FIELD]: 'order-1', ...fields } as Input;
}

/** What Lambda reports to Step Functions for an error; `errorType` is what `catch` and `retry` match. */
function reportedError(error: Error): { errorType: string; errorMessage: string } {
  return { errorType: error.name, errorMessage: error.message };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('parseInput', () => {
  test('returns the input, fields of other steps included', () => {
    const input = stateInput({ total: 42 });
    expect(parseInput(input)).toEqual(input);
  });

  test.each([null, 'order-1', [stateInput()]])('rejects the input %p, naming the step', (event) => {
    expect(() => parseInput(event)).toThrow(new InvalidInputError(`step ${STEP}: the input must be a JSON object`));
  });

  test.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 42],
  ])('rejects an input whose key is %s, naming the field', (_case, key) => {
    expect(() => parseInput(stateInput({ [KEY_FIELD]: key }))).toThrow(
      new InvalidInputError(`step ${STEP}: the input needs the non-empty string field '${KEY_FIELD}'`),
    );
  });
});

describe('runStep', () => {
  test('returns the result the next step reads', async () => {
    await expect(runStep(stateInput())).resolves.toEqual({ [KEY_FIELD]: 'order-1', status: 'COMPLETED' });
  });
});

describe('named errors', () => {
  test.each([
    ['TaskFailedError', new TaskFailedError('the order exceeds the credit limit')],
    ['InvalidInputError', new InvalidInputError('no id')],
  ])('are reported as %s, the name a workflow `catch` matches', (name, error) => {
    expect(error).toBeInstanceOf(Error);
    expect(reportedError(error)).toEqual({ errorType: name, errorMessage: error.message });
  });
});

describe('handler', () => {
  test('returns the result, which becomes the step\'s output, and logs the step', async () => {
    // Prepare
    const info = jest.spyOn(Logger.prototype, 'info');

    // Act
    const output = await handler(stateInput(), context);

    // Assert
    expect(output).toEqual({ [KEY_FIELD]: 'order-1', status: 'COMPLETED' });
    expect(info).toHaveBeenCalledWith('step completed', { step: STEP, [KEY_FIELD]: 'order-1' });
  });

  test('fails on an invalid input with its named error, so the workflow can catch it', async () => {
    const error = jest.spyOn(Logger.prototype, 'error');
    await expect(handler({ total: 42 }, context)).rejects.toMatchObject({ name: 'InvalidInputError' });
    expect(error).toHaveBeenCalledWith('step failed', { step: STEP, error: expect.any(InvalidInputError) });
  });
});
