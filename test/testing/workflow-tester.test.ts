import { workflowOf } from './workflow-fixtures';
import { WorkflowStep, WorkflowStepType as T } from '../../src/constructs';
import { WorkflowRunStatus, WorkflowTester } from '../../src/testing';

/** A tester of a workflow of `steps`, validated. */
function testerOf(steps: WorkflowStep[]): WorkflowTester {
  const tester = new WorkflowTester(workflowOf(steps));
  tester.validate();
  return tester;
}

describe('WorkflowTester runs a workflow offline', () => {
  test('sequential: each step gets the state the one before left, and its result goes to its resultPath', async () => {
    // GIVEN
    const tester = testerOf([
      { name: 'validate-order', type: T.TASK, resultPath: '$.validation' },
      { name: 'price-order', type: T.TASK, resultPath: '$.price' },
      { name: 'confirm-order', type: T.TASK },
    ]);

    // WHEN
    const result = await tester.run({ orderId: 'o-1' }, {
      stubs: { 'validate-order': { returns: { valid: true } }, 'price-order': { returns: { total: 42 } } },
    });

    // THEN the last step returned its input (no stub): the state built up by the two before
    expect(result).toEqual({
      status: WorkflowRunStatus.SUCCEEDED,
      output: { orderId: 'o-1', validation: { valid: true }, price: { total: 42 } },
      visited: ['validate-order', 'price-order', 'confirm-order'],
      calls: { 'validate-order': 1, 'price-order': 1, 'confirm-order': 1 },
    });
  });

  describe('choice', () => {
    const target = (name: string): WorkflowStep => ({ name, type: T.SUCCEED });
    const tester = testerOf([
      {
        name: 'route',
        type: T.CHOICE,
        choices: [
          // a rule on an absent variable fails the execution, as in AWS: test presence first
          { variable: '$.total', isPresent: false, next: 'no-total' },
          { variable: '$.coupon', isPresent: true, next: 'coupon' },
          { variable: '$.kind', stringEquals: 'EXPRESS', next: 'express' },
          { variable: '$.total', numericGreaterThan: 1000, next: 'big' },
          { variable: '$.total', numericLessThan: 0, next: 'negative' },
          { variable: '$.total', numericEquals: 0, next: 'free' },
          { variable: '$.total', numericGreaterThanEquals: 500, next: 'medium' },
          { variable: '$.total', numericLessThanEquals: 10, next: 'small' },
          { variable: '$.gift', booleanEquals: true, next: 'gift' },
        ],
        defaultNext: 'standard',
      },
      ...['no-total', 'coupon', 'express', 'big', 'negative', 'free', 'medium', 'small', 'gift', 'standard'].map(target),
    ]);
    const order = { kind: 'STANDARD', gift: false };

    test.each([
      [{}, 'no-total'],
      [{ total: 100, coupon: 'SPRING' }, 'coupon'],
      [{ ...order, kind: 'EXPRESS', total: 5 }, 'express'],
      [{ ...order, total: 1001 }, 'big'],
      [{ ...order, total: -1 }, 'negative'],
      [{ ...order, total: 0 }, 'free'],
      [{ ...order, total: 500 }, 'medium'],
      [{ ...order, total: 10 }, 'small'],
      [{ ...order, total: 100, gift: true }, 'gift'],
      [{ ...order, total: 100 }, 'standard'],
    ])('%j goes to %s', async (input, expected) => {
      const result = await tester.run(input);
      expect(result.visited).toEqual(['route', expected]);
      expect(result.output).toEqual(input);
    });

    test('a rule on an absent variable fails the execution with States.Runtime, as Step Functions does', async () => {
      const result = await tester.run({ total: 100 });
      expect(result).toMatchObject({ status: WorkflowRunStatus.FAILED, error: 'States.Runtime', cause: "Path expression '$.kind' does not point to a value" });
    });

    test('no match and no `defaultNext`: the execution fails with States.NoChoiceMatched', async () => {
      const strict = testerOf([{ name: 'route', type: T.CHOICE, choices: [{ variable: '$.ok', booleanEquals: true, next: 'done' }] }, target('done')]);
      const result = await strict.run({ ok: false });
      expect(result).toMatchObject({ status: WorkflowRunStatus.FAILED, error: 'States.NoChoiceMatched', visited: ['route'] });
    });
  });

  test('parallel: the branches run, and the next step receives the array of their outputs', async () => {
    const tester = testerOf([
      {
        name: 'fulfil',
        type: T.PARALLEL,
        branches: [
          { steps: [{ name: 'charge-payment', type: T.TASK }, { name: 'send-receipt', type: T.TASK }] },
          { steps: [{ name: 'reserve-inventory', type: T.TASK }] },
        ],
      },
      { name: 'join', type: T.TASK },
    ]);
    const result = await tester.run({ orderId: 'o-1' }, {
      stubs: { 'send-receipt': { returns: { receipt: 'r-1' } }, 'reserve-inventory': { returns: { reserved: true } } },
    });
    expect(result.status).toBe(WorkflowRunStatus.SUCCEEDED);
    expect(result.output).toEqual([{ receipt: 'r-1' }, { reserved: true }]);
    expect(result.visited[0]).toBe('fulfil');
    expect(result.visited.slice(1, -1).sort()).toEqual(['charge-payment', 'reserve-inventory', 'send-receipt']);
    expect(result.visited.indexOf('charge-payment')).toBeLessThan(result.visited.indexOf('send-receipt'));
    expect(result.visited.at(-1)).toBe('join');
  });

  test('map: the item steps run once per item, and the results are collected in order', async () => {
    const tester = testerOf([
      { name: 'ship-items', type: T.MAP, itemsPath: '$.items', resultPath: '$.shipped', maxConcurrency: 2, itemSteps: [{ name: 'ship-item', type: T.TASK }, { name: 'log-item', type: T.TASK }] },
    ]);
    const items = [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }];
    const result = await tester.run({ orderId: 'o-1', items });
    expect(result.status).toBe(WorkflowRunStatus.SUCCEEDED);
    expect(result.output).toEqual({ orderId: 'o-1', items, shipped: items });
    expect(result.calls).toEqual({ 'ship-item': 3, 'log-item': 3 });
    expect(result.visited.filter((name) => name === 'ship-item')).toHaveLength(3);
    expect(result.visited[0]).toBe('ship-items');
  });

  describe('retry and catch', () => {
    const tester = testerOf([
      {
        name: 'charge-payment',
        type: T.TASK,
        retry: [{ errors: ['PaymentServiceBusy'], intervalSeconds: 30, maxAttempts: 2 }],
        catch: [{ errors: ['PaymentDeclined'], next: 'notify-customer' }],
        resultPath: '$.payment',
      },
      { name: 'done', type: T.SUCCEED },
      { name: 'notify-customer', type: T.TASK },
      { name: 'declined', type: T.FAIL, error: 'OrderDeclined', cause: 'The payment was declined.' },
    ]);

    test('a retry succeeds on the second call, without waiting its interval', async () => {
      const started = Date.now();
      const result = await tester.run({ orderId: 'o-1' }, {
        stubs: { 'charge-payment': { throws: { error: 'PaymentServiceBusy' }, failTimes: 1, returns: { paid: true } } },
      });
      expect(result).toMatchObject({
        status: WorkflowRunStatus.SUCCEEDED,
        output: { orderId: 'o-1', payment: { paid: true } },
        visited: ['charge-payment', 'done'],
        calls: { 'charge-payment': 2, 'notify-customer': 0 },
      });
      expect(Date.now() - started).toBeLessThan(1000);
    });

    test('when the retries are used up, the execution fails with the error', async () => {
      const result = await tester.run({}, { stubs: { 'charge-payment': { throws: { error: 'PaymentServiceBusy', cause: 'try later' } } } });
      expect(result).toMatchObject({ status: WorkflowRunStatus.FAILED, error: 'PaymentServiceBusy', cause: 'try later', calls: { 'charge-payment': 3 } });
    });

    test('a caught error goes to its handler step, with the error at $.error', async () => {
      const result = await tester.run({ orderId: 'o-1' }, {
        stubs: { 'charge-payment': { throws: { error: 'PaymentDeclined', cause: 'card expired' } } },
      });
      expect(result).toMatchObject({
        status: WorkflowRunStatus.FAILED,
        error: 'OrderDeclined',
        cause: 'The payment was declined.',
        visited: ['charge-payment', 'notify-customer', 'declined'],
        calls: { 'charge-payment': 1, 'notify-customer': 1 },
      });
    });
  });

  describe('callback', () => {
    const tester = testerOf([{ name: 'await-approval', type: T.CALLBACK, timeoutSeconds: 86400, heartbeatSeconds: 3600, resultPath: '$.approval' }]);

    test('the stub\'s result stands for SendTaskSuccess', async () => {
      const result = await tester.run({ orderId: 'o-1' }, { stubs: { 'await-approval': { returns: { approved: true } } } });
      expect(result).toMatchObject({ status: WorkflowRunStatus.SUCCEEDED, output: { orderId: 'o-1', approval: { approved: true } } });
    });

    test('without a stub, the token is sent back with the step\'s input', async () => {
      const result = await tester.run({ orderId: 'o-1' });
      expect(result.output).toEqual({ orderId: 'o-1', approval: { orderId: 'o-1' } });
    });

    test('the stub\'s error stands for SendTaskFailure', async () => {
      const result = await tester.run({ orderId: 'o-1' }, { stubs: { 'await-approval': { throws: { error: 'Rejected', cause: 'over budget' } } } });
      expect(result).toMatchObject({ status: WorkflowRunStatus.FAILED, error: 'Rejected', cause: 'over budget', calls: { 'await-approval': 1 } });
    });
  });

  test('waits take no time, for seconds or until a timestamp', async () => {
    const tester = testerOf([
      { name: 'cool-off', type: T.WAIT, waitSeconds: 86400 },
      { name: 'until-ship-date', type: T.WAIT, timestampPath: '$.shipAt' },
      { name: 'ship', type: T.TASK },
    ]);
    const started = Date.now();
    const result = await tester.run({ shipAt: '2099-01-01T00:00:00Z' });
    expect(result).toMatchObject({ status: WorkflowRunStatus.SUCCEEDED, visited: ['cool-off', 'until-ship-date', 'ship'] });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('a polling loop goes round until its CHOICE leaves it', async () => {
    const tester = testerOf([
      { name: 'check-job', type: T.TASK, resultPath: '$.job', catch: [{ errors: ['JobNotReady'], next: 'pause' }] },
      { name: 'is-done', type: T.CHOICE, choices: [{ variable: '$.job.done', booleanEquals: true, next: 'done' }], defaultNext: 'pause' },
      { name: 'pause', type: T.WAIT, waitSeconds: 60, next: 'check-job' },
      { name: 'done', type: T.SUCCEED },
    ]);
    const result = await tester.run({}, { stubs: { 'check-job': { throws: { error: 'JobNotReady' }, failTimes: 2, returns: { done: true } } } });
    expect(result.visited).toEqual(['check-job', 'pause', 'check-job', 'pause', 'check-job', 'is-done', 'done']);
    expect(result.calls).toEqual({ 'check-job': 3 });
  });

  test('SUCCEED ends with the state; FAIL with its error and cause', async () => {
    const tester = testerOf([
      { name: 'route', type: T.CHOICE, choices: [{ variable: '$.ok', booleanEquals: true, next: 'done' }], defaultNext: 'failed' },
      { name: 'done', type: T.SUCCEED },
      { name: 'failed', type: T.FAIL, error: 'NotOk', cause: 'The input was not ok.' },
    ]);
    expect(await tester.run({ ok: true })).toEqual({ status: WorkflowRunStatus.SUCCEEDED, output: { ok: true }, visited: ['route', 'done'], calls: {} });
    expect(await tester.run({ ok: false })).toEqual({
      status: WorkflowRunStatus.FAILED,
      error: 'NotOk',
      cause: 'The input was not ok.',
      visited: ['route', 'failed'],
      calls: {},
    });
  });
});

describe('WorkflowTester refuses what it cannot run faithfully', () => {
  const minimal = { StartAt: 'a', States: { a: { Type: 'Pass', End: true } } };

  test('a definition asl-validator rejects', () => {
    const tester = WorkflowTester.fromDefinition({ StartAt: 'a', States: { a: { Type: 'Pass', Next: 'b' } } });
    expect(() => tester.validate()).toThrow(/^WorkflowTester: the definition is not valid Amazon States Language:\n.*\bb\b/);
  });

  test.each([
    ['JSONata', { ...minimal, QueryLanguage: 'JSONata' }, 'JSONata (QueryLanguage)'],
    ['a JSONata expression', { StartAt: 'a', States: { a: { Type: 'Pass', Parameters: { 'x.$': '$.x' }, Result: '{% $states.input %}', End: true } } }, 'JSONata expressions'],
    ['a Map ItemReader', {
      StartAt: 'm',
      States: {
        m: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'p', States: { p: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    }, 'a Map ItemReader, a distributed Map'],
  ])('%s', async (_case, definition, what) => {
    const tester = WorkflowTester.fromDefinition(definition);
    const message = `WorkflowTester: the definition uses ${what}, which aws-local-stepfunctions ignores: it cannot be run offline.`;
    expect(() => tester.validate()).toThrow(message);
    await expect(tester.run({})).rejects.toThrow(message);
  });

  test('a stub for no function step, and `failTimes` without `throws`', async () => {
    const tester = testerOf([{ name: 'charge', type: T.TASK }, { name: 'pause', type: T.WAIT, waitSeconds: 1 }]);
    await expect(tester.run({}, { stubs: { pause: {} } })).rejects.toThrow("WorkflowTester: `stubs['pause']` names no TASK or CALLBACK step; they are 'charge'.");
    await expect(tester.run({}, { stubs: { charge: { failTimes: 1 } } })).rejects.toThrow("WorkflowTester: `stubs['charge'].failTimes` needs `throws` and a whole number, 0 or more; got 1.");
  });

  test('Promise.withResolvers is polyfilled only where Node.js lacks it', async () => {
    const promise = Promise as unknown as { withResolvers?: unknown };
    const own = promise.withResolvers;
    const tester = WorkflowTester.fromDefinition(minimal);
    try {
      const native = () => ({ promise: Promise.resolve(), resolve: () => undefined, reject: () => undefined });
      promise.withResolvers = native;
      await tester.run({});
      expect(promise.withResolvers).toBe(native);
      delete promise.withResolvers;
      expect((await tester.run({ x: 1 })).output).toEqual({ x: 1 });
      expect(typeof promise.withResolvers).toBe('function');
    } finally {
      promise.withResolvers = own;
    }
  });
});

test('a loop that never ends is stopped after maxSteps and reported, not left to hang the test', async () => {
  // a poll whose stub always answers "not yet": CHOICE default → WAIT → TASK → CHOICE ...
  const tester = WorkflowTester.fromDefinition({
    StartAt: 'poll',
    States: {
      'poll': { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:poll', Next: 'done?' },
      'done?': { Type: 'Choice', Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'finished' }], Default: 'wait' },
      'wait': { Type: 'Wait', Seconds: 60, Next: 'poll' },
      'finished': { Type: 'Succeed' },
    },
  });
  const run = await tester.run({ done: false }, { maxSteps: 50 });
  expect(run).toMatchObject({ status: 'FAILED', error: 'WorkflowTester.TooManySteps' });
  expect(run.calls.poll).toBeLessThanOrEqual(51);
});
