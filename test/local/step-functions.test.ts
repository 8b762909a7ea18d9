/**
 * Step Functions in local mode: `LocalStepFunctions` with fake functions (tasks, retry, catch, choice, parallel,
 * map, wait, callbacks answered through the HTTP API with the real SDK, failures, what is refused), the state
 * machines read from a template, and end to end a `ServerlessWorkflow` started by an event a function puts.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DescribeExecutionCommand, ListExecutionsCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { Stack } from 'aws-cdk-lib';
import { appDir, removeAppDir, synthesize, writeBundles } from './local-fixtures';
import { Microservice, ServerlessEventBus, ServerlessWorkflow, ServiceFunction, WorkflowStepType as T } from '../../src';
import { readAssembly } from '../../src/local/assembly';
import { LocalStateMachine } from '../../src/local/local-app';
import { LocalMode, startLocal } from '../../src/local/local-mode';
import { ExecutionDescription, LocalStepFunctions, StepFunctionsError, TaskInvocationOutcome } from '../../src/local/step-functions';
import { logicalId } from '../constructs/helpers';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const FUNCTIONS = ['Validate', 'Charge', 'Approve', 'Double', 'Notify'].map((name) => ({ logicalId: name, name: `app-${name}`, arn: `${ARN}app-${name}` }));

/** A fake function: its answer to its `call`-th call (from 1). */
type FakeFunction = (payload: any, call: number) => TaskInvocationOutcome | Promise<TaskInvocationOutcome>;

const ok = (result: unknown): TaskInvocationOutcome => ({ ok: true, result });
const fails = (errorType: string, errorMessage = 'it failed'): TaskInvocationOutcome => ({ ok: false, errorType, errorMessage, trace: [`${errorType}: ${errorMessage}`] });

function machine(definition: object, props: Partial<LocalStateMachine> = {}): LocalStateMachine {
  const logical = props.logicalId ?? 'Flow';
  const name = props.name ?? `app-${logical}`;
  return { logicalId: logical, name, arn: `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`, type: 'STANDARD', definition: definition as any, ...props };
}

interface Harness {
  readonly sfn: LocalStepFunctions;
  /** The payloads each function was invoked with, by logical id. */
  readonly calls: Record<string, any[]>;
  readonly logs: any[];
}

const harnesses: LocalStepFunctions[] = [];

function harness(machines: LocalStateMachine[], functions: Record<string, FakeFunction>): Harness {
  const calls: Record<string, any[]> = {};
  const logs: any[] = [];
  const sfn = new LocalStepFunctions({ stateMachines: machines, functions: FUNCTIONS }, {
    invokeFunction: async (fn, payload) => {
      (calls[fn] ??= []).push(payload);
      const fake = functions[fn];
      if (!fake) throw new Error(`no fake for ${fn}`);
      return fake(JSON.parse(JSON.stringify(payload)), calls[fn].length);
    },
  }, { log: (entry) => logs.push(entry) });
  harnesses.push(sfn);
  return { sfn, calls, logs };
}

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((sfn) => sfn.close()));
});

/** Runs one execution of the only machine to its end. */
async function execute(h: Harness, input: unknown): Promise<ExecutionDescription> {
  const { executionArn } = h.sfn.startExecution('Flow', input);
  await h.sfn.idle();
  return h.sfn.describeExecution(executionArn);
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LocalStepFunctions runs the tasks on the local functions', () => {
  test('a task whose Resource is a function ARN: the state\'s input (Parameters applied) in, the function\'s result out', async () => {
    const h = harness([machine({
      StartAt: 'validate',
      States: {
        validate: { Type: 'Task', Resource: `${ARN}app-Validate`, Parameters: { 'order.$': '$.order', 'id.$': '$$.Execution.Name' }, ResultPath: '$.validation', Next: 'charge' },
        charge: { Type: 'Task', Resource: `${ARN}app-Charge:live`, InputPath: '$.validation', End: true },
      },
    })], {
      Validate: (payload) => ok({ valid: true, total: payload.order.total }),
      Charge: (payload) => ok({ charged: payload.total }),
    });
    const { executionArn, startDate } = h.sfn.startExecution('Flow', { order: { total: 12 } }, 'first');
    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:app-Flow:first');
    expect(startDate).toBeInstanceOf(Date);
    await h.sfn.idle();
    const execution = h.sfn.describeExecution(executionArn);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', name: 'first', stateMachine: 'Flow', output: { charged: 12 }, visited: ['validate', 'charge'] });
    expect(execution.stopDate!.getTime()).toBeGreaterThanOrEqual(execution.startDate.getTime());
    expect(h.calls).toEqual({ Validate: [{ order: { total: 12 }, id: 'first' }], Charge: [{ valid: true, total: 12 }] });
    expect(execution.history.map((event) => event.type)).toEqual([
      'ExecutionStarted', 'StateEntered', 'StateExited', 'StateEntered', 'StateExited', 'ExecutionSucceeded',
    ]);
    expect(h.logs.map((entry) => [entry.event, entry.state].filter(Boolean).join(' '))).toEqual([
      'execution-started', 'state-entered validate', 'state-entered charge', 'execution-succeeded',
    ]);
    expect(h.logs[0]).toEqual({ component: 'stepfunctions', stateMachine: 'app-Flow', execution: 'first', event: 'execution-started' });
    expect(h.sfn.running()).toEqual([]);
  });

  test('lambda:invoke: FunctionName and Payload from Parameters, the SDK integration\'s result', async () => {
    const h = harness([machine({
      StartAt: 'notify',
      States: {
        notify: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { 'FunctionName': `${ARN}app-Notify:$LATEST`, 'Payload.$': '$' },
          ResultSelector: { 'sent.$': '$.Payload.sent', 'status.$': '$.StatusCode' },
          End: true,
        },
      },
    })], { Notify: (payload) => ok({ sent: payload.to }) });
    const execution = await execute(h, { to: 'ann' });
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { sent: 'ann', status: 200 } });
    expect(h.calls.Notify).toEqual([{ to: 'ann' }]);
  });

  test('the whole result of lambda:invoke has Payload, StatusCode, ExecutedVersion and the SDK metadata', async () => {
    const h = harness([machine({
      StartAt: 'notify',
      States: { notify: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'app-Notify', Payload: { fixed: 1 } }, End: true } },
    })], { Notify: () => ok('done') });
    const execution = await execute(h, {});
    expect(execution.output).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: 'done',
      StatusCode: 200,
      SdkHttpMetadata: expect.objectContaining({ HttpStatusCode: 200 }),
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(h.calls.Notify).toEqual([{ fixed: 1 }]);
  });

  test('Retry: a Lambda error matched by name is retried after its interval', async () => {
    const h = harness([machine({
      StartAt: 'charge',
      States: {
        charge: {
          Type: 'Task',
          Resource: `${ARN}app-Charge`,
          Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
          End: true,
        },
      },
    })], { Charge: (_payload, call) => (call === 1 ? fails('Lambda.ServiceException', 'busy') : ok({ charged: true })) });
    const started = Date.now();
    const execution = await execute(h, {});
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: { charged: true } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(h.calls.Charge).toHaveLength(2);
    expect(execution.history.filter((event) => event.type === 'StateRetried')).toEqual([expect.objectContaining({ state: 'charge' })]);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'state-retried', state: 'charge' }));
  });

  test('Catch: a custom error name, then States.TaskFailed for any other; the error and Lambda\'s cause at ResultPath', async () => {
    const definition = {
      StartAt: 'charge',
      States: {
        charge: {
          Type: 'Task',
          Resource: `${ARN}app-Charge`,
          Catch: [
            { ErrorEquals: ['PaymentDeclined'], ResultPath: '$.declined', Next: 'declined' },
            { ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'failed' },
          ],
          End: true,
        },
        declined: { Type: 'Pass', End: true },
        failed: { Type: 'Pass', End: true },
      },
    };
    const h = harness([machine(definition)], {
      Charge: (payload) => (payload.card === 'bad' ? fails('PaymentDeclined', 'card declined') : fails('TypeError', 'x is undefined')),
    });
    const declined = await execute(h, { card: 'bad' });
    expect(declined).toMatchObject({ status: 'SUCCEEDED', visited: ['charge', 'declined'] });
    expect(declined.output).toEqual({ card: 'bad', declined: { Error: 'PaymentDeclined', Cause: expect.any(String) } });
    expect(JSON.parse((declined.output as any).declined.Cause)).toEqual({
      errorType: 'PaymentDeclined', errorMessage: 'card declined', trace: ['PaymentDeclined: card declined'],
    });
    const other = await execute(h, { card: 'good' });
    expect(other).toMatchObject({ status: 'SUCCEEDED', visited: ['charge', 'failed'], output: { error: { Error: 'TypeError' } } });
  });

  test('an uncaught error fails the execution with Lambda\'s error name and cause', async () => {
    const h = harness([machine({ StartAt: 'charge', States: { charge: { Type: 'Task', Resource: `${ARN}app-Charge`, End: true } } })], {
      Charge: () => fails('PaymentDeclined', 'card declined'),
    });
    const execution = await execute(h, {});
    expect(execution).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(JSON.parse(execution.cause!)).toMatchObject({ errorType: 'PaymentDeclined', errorMessage: 'card declined' });
    expect(execution.output).toBeUndefined();
    expect(h.logs.at(-1)).toMatchObject({ event: 'execution-failed', error: 'PaymentDeclined' });
  });

  test('Choice, a short Wait and a Fail state', async () => {
    const h = harness([machine({
      StartAt: 'route',
      States: {
        route: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.total', IsPresent: false, Next: 'reject' },
            { Variable: '$.total', NumericGreaterThan: 100, Next: 'review' },
            { Variable: '$.until', IsPresent: true, Next: 'pause' },
          ],
          Default: 'done',
        },
        review: { Type: 'Pass', Result: 'review', End: true },
        pause: { Type: 'Wait', TimestampPath: '$.until', Next: 'done' },
        done: { Type: 'Succeed' },
        reject: { Type: 'Fail', Error: 'OrderRejected', Cause: 'no total' },
      },
    })], {});
    expect(await execute(h, { total: 500 })).toMatchObject({ status: 'SUCCEEDED', output: 'review', visited: ['route', 'review'] });
    const started = Date.now();
    const waited = await execute(h, { total: 5, until: new Date(started + 300).toISOString() });
    expect(waited).toMatchObject({ status: 'SUCCEEDED', visited: ['route', 'pause', 'done'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await execute(h, {})).toMatchObject({ status: 'FAILED', error: 'OrderRejected', cause: 'no total', visited: ['route', 'reject'] });
  });

  test('Parallel: each branch\'s tasks, their results in branch order', async () => {
    const h = harness([machine({
      StartAt: 'both',
      States: {
        both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'charge', States: { charge: { Type: 'Task', Resource: `${ARN}app-Charge`, End: true } } },
            { StartAt: 'notify', States: { notify: { Type: 'Task', Resource: `${ARN}app-Notify`, End: true } } },
          ],
          End: true,
        },
      },
    })], { Charge: () => ok('charged'), Notify: async () => ok('notified') });
    const execution = await execute(h, { id: 1 });
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: ['charged', 'notified'] });
    expect([...execution.visited].sort()).toEqual(['both', 'charge', 'notify']);
    expect(h.calls).toEqual({ Charge: [{ id: 1 }], Notify: [{ id: 1 }] });
  });

  test('Map: the item steps on each item, the results in item order; a failed item fails the Map', async () => {
    const h = harness([machine({
      StartAt: 'each',
      States: {
        each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 2,
          ItemProcessor: { StartAt: 'double', States: { double: { Type: 'Task', Resource: `${ARN}app-Double`, End: true } } },
          End: true,
        },
      },
    })], { Double: async (n) => (n < 0 ? fails('NegativeItem') : ok(n * 2)) });
    expect(await execute(h, { items: [1, 2, 3] })).toMatchObject({ status: 'SUCCEEDED', output: [2, 4, 6] });
    expect(h.calls.Double.sort()).toEqual([1, 2, 3]);
    expect(await execute(h, { items: [1, -1] })).toMatchObject({ status: 'FAILED', error: 'NegativeItem' });
  });

  test('the execution\'s TimeoutSeconds: TIMED_OUT with States.Timeout', async () => {
    const h = harness([machine({ TimeoutSeconds: 1, StartAt: 'pause', States: { pause: { Type: 'Wait', Seconds: 30, End: true } } })], {});
    const { executionArn } = h.sfn.startExecution('Flow', {});
    expect(h.sfn.busy()).toBe(true);
    expect(h.sfn.running()).toEqual([expect.objectContaining({ name: expect.any(String), stateMachineName: 'app-Flow', waitingForTaskToken: false })]);
    await h.sfn.idle();
    expect(h.sfn.describeExecution(executionArn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });

  test('stopExecution and close(): ABORTED', async () => {
    const h = harness([machine({ StartAt: 'pause', States: { pause: { Type: 'Wait', Seconds: 30, End: true } } })], {});
    const first = h.sfn.startExecution('Flow', {});
    const second = h.sfn.startExecution('Flow', {});
    h.sfn.stopExecution(first.executionArn, 'Cancelled', 'by the test');
    expect(h.sfn.describeExecution(first.executionArn)).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'by the test' });
    expect(h.sfn.running().map((execution) => execution.executionArn)).toEqual([second.executionArn]);
    await h.sfn.close();
    expect(h.sfn.describeExecution(second.executionArn).status).toBe('ABORTED');
    expect(() => h.sfn.startExecution('Flow', {})).toThrow(StepFunctionsError);
  });

  test('names: unique per state machine (the same name and input again is the same execution), without spaces or slashes', () => {
    const h = harness([machine({ StartAt: 'pause', States: { pause: { Type: 'Wait', Seconds: 30, End: true } } })], {});
    const first = h.sfn.startExecution('Flow', { a: 1 }, 'order-1');
    expect(h.sfn.startExecution('Flow', { a: 1 }, 'order-1')).toEqual(first);
    expect(() => h.sfn.startExecution('Flow', { a: 2 }, 'order-1')).toThrow(expect.objectContaining({ code: 'ExecutionAlreadyExists' }));
    expect(() => h.sfn.startExecution('Flow', {}, 'order 1')).toThrow(expect.objectContaining({ code: 'InvalidName' }));
    expect(() => h.sfn.startExecution('Nope', {})).toThrow(expect.objectContaining({ code: 'StateMachineDoesNotExist' }));
    expect(h.sfn.startExecution(machine({}).arn, {}).executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:execution:app-Flow:[0-9a-f-]{36}$/);
  });

  test('an EXPRESS state machine\'s executions have express ARNs', async () => {
    const h = harness([machine({ StartAt: 'done', States: { done: { Type: 'Pass', End: true } } }, { type: 'EXPRESS' })], {});
    const { executionArn } = h.sfn.startExecution('Flow', { x: 1 }, 'quick');
    expect(executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:app-Flow:quick:[0-9a-f-]{36}$/);
    await h.sfn.idle();
    expect(h.sfn.describeExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: { x: 1 } });
  });
});

describe('what LocalStepFunctions refuses', () => {
  test('JSONata, a Map ItemReader, other task resources and functions it does not run: listed at start, not started', () => {
    const task = (Resource: string, extra: object = {}) => ({ StartAt: 't', States: { t: { Type: 'Task', Resource, End: true, ...extra } } });
    const h = harness([
      machine({ QueryLanguage: 'JSONata', StartAt: 'p', States: { p: { Type: 'Pass', Output: '{% $states.input %}', End: true } } }, { logicalId: 'Jsonata' }),
      machine({
        StartAt: 'm',
        States: {
          m: {
            Type: 'Map',
            ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
            ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'p', States: { p: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      }, { logicalId: 'Reader' }),
      machine(task('arn:aws:states:::dynamodb:putItem', { Parameters: { TableName: 't', Item: {} } }), { logicalId: 'Sdk' }),
      machine(task(`${ARN}elsewhere`), { logicalId: 'Unknown' }),
      machine(task('arn:aws:states:::lambda:invoke', { Parameters: { FunctionName: 'nope' } }), { logicalId: 'UnknownInvoke' }),
      machine(task(`${ARN}app-Charge`), { logicalId: 'Fine' }),
    ], {});
    expect(h.sfn.limitations).toEqual([
      expect.stringMatching(/^state machine app-Jsonata \(Jsonata\): not run, it uses JSONata/),
      expect.stringMatching(/^state machine app-Reader \(Reader\): not run, it uses .*a Map ItemReader/),
      expect.stringMatching(/^state machine app-Sdk \(Sdk\): not run, the task 't' calls "arn:aws:states:::dynamodb:putItem": only Lambda tasks/),
      expect.stringMatching(/^state machine app-Unknown \(Unknown\): not run, the task 't' invokes .*:function:elsewhere, which is not a function/),
      expect.stringMatching(/^state machine app-UnknownInvoke \(UnknownInvoke\): not run, the task 't' invokes "nope"/),
    ]);
    expect(() => h.sfn.startExecution('Sdk', {})).toThrow(expect.objectContaining({ code: 'StateMachineNotRunLocally' }));
  });

  test('a dynamic FunctionName that names no local function fails the task with Lambda.ResourceNotFoundException', async () => {
    const h = harness([machine({
      StartAt: 't',
      States: { t: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName.$': '$.fn', 'Payload.$': '$' }, End: true } },
    })], { Charge: () => ok('charged') });
    expect(await execute(h, { fn: 'app-Charge' })).toMatchObject({ status: 'SUCCEEDED', output: { Payload: 'charged' } });
    expect(await execute(h, { fn: 'app-Nope' })).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });
});

describe('callbacks and the Step Functions API over HTTP', () => {
  let server: http.Server;
  let client: SFNClient;
  let current: LocalStepFunctions | undefined;

  beforeAll(async () => {
    server = http.createServer((req, res) => current!.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new SFNClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A callback task `approve` (with `extra`), and the states it goes to. */
  const CALLBACK = (extra: object, next: string[] = []) => ({
    StartAt: 'approve',
    States: {
      approve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: `${ARN}app-Approve`, Payload: { 'taskToken.$': '$$.Task.Token', 'input.$': '$' } },
        ResultPath: '$.approval',
        ...extra,
      },
      ...Object.fromEntries(Object.entries({
        approved: { Type: 'Succeed' },
        timedOut: { Type: 'Pass', Result: 'timed out', End: true },
        wrong: { Type: 'Pass', Result: 'wrong catcher', End: true },
      }).filter(([name]) => next.includes(name))),
    },
  });

  function callbackHarness(extra: object = { Next: 'approved' }, next = ['approved']): Harness & { tokens: string[] } {
    const tokens: string[] = [];
    const h = harness([machine(CALLBACK(extra, next))], {
      Approve: (payload) => {
        tokens.push(payload.taskToken);
        return ok(null);
      },
    });
    current = h.sfn;
    return { ...h, tokens };
  }

  test('waitForTaskToken: the function gets the token; the execution waits, idle, until SendTaskSuccess through the SDK', async () => {
    const h = callbackHarness();
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: machine({}).arn, name: 'approval-1', input: JSON.stringify({ order: 7 }) }));
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:app-Flow:approval-1');
    expect(started.startDate).toBeInstanceOf(Date);
    await h.sfn.idle();
    expect(h.calls.Approve).toEqual([{ taskToken: h.tokens[0], input: { order: 7 } }]);
    expect(h.tokens[0]).toMatch(/^[\w-]{40,}$/);
    expect(h.sfn.running()).toEqual([expect.objectContaining({ name: 'approval-1', waitingForTaskToken: true })]);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'task-token-waiting', state: 'approve' }));
    const waiting = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(waiting).toMatchObject({ status: 'RUNNING', name: 'approval-1', input: '{"order":7}' });

    await client.send(new SendTaskHeartbeatCommand({ taskToken: h.tokens[0] }));
    await client.send(new SendTaskSuccessCommand({ taskToken: h.tokens[0], output: JSON.stringify({ by: 'ann' }) }));
    await h.sfn.idle();
    const done = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(done).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: machine({}).arn });
    expect(JSON.parse(done.output!)).toEqual({ order: 7, approval: { by: 'ann' } });
    expect(done.stopDate).toBeInstanceOf(Date);

    // the token is spent; an unknown one never existed
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: h.tokens[0], output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: 'nope', output: '{}' }))).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  test('SendTaskFailure: the task fails with the error sent, which Catch matches', async () => {
    const h = callbackHarness({ Next: 'approved', Catch: [{ ErrorEquals: ['Rejected'], Next: 'wrong' }] }, ['approved', 'wrong']);
    const first = h.sfn.startExecution('Flow', { order: 1 });
    const second = h.sfn.startExecution('Flow', { order: 2 });
    await h.sfn.idle();
    expect(h.tokens).toHaveLength(2);
    await client.send(new SendTaskFailureCommand({ taskToken: h.tokens[0], error: 'Rejected', cause: 'too expensive' }));
    await client.send(new SendTaskFailureCommand({ taskToken: h.tokens[1], error: 'Broken', cause: 'no approver' }));
    await h.sfn.idle();
    expect(h.sfn.describeExecution(first.executionArn)).toMatchObject({ status: 'SUCCEEDED', output: 'wrong catcher' });
    expect(h.sfn.describeExecution(second.executionArn)).toMatchObject({ status: 'FAILED', error: 'Broken', cause: 'no approver' });
  });

  test('a callback whose function fails fails at once; one past its TimeoutSeconds fails with States.Timeout, which States.TaskFailed does not catch', async () => {
    const failing = harness([machine(CALLBACK({ End: true }))], { Approve: () => fails('ApproverDown') });
    current = failing.sfn;
    const failed = await execute(failing, {});
    expect(failed).toMatchObject({ status: 'FAILED', error: 'ApproverDown' });

    const h = callbackHarness({
      Next: 'approved',
      TimeoutSeconds: 1,
      Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'wrong' }, { ErrorEquals: ['States.Timeout'], Next: 'timedOut' }],
    }, ['approved', 'wrong', 'timedOut']);
    const { executionArn } = h.sfn.startExecution('Flow', {});
    await until(() => h.sfn.describeExecution(executionArn).status !== 'RUNNING');
    expect(h.sfn.describeExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: 'timed out' });
    await until(() => {
      try {
        h.sfn.sendTaskSuccess(h.tokens[0], {});
        return false;
      } catch (error) {
        return (error as StepFunctionsError).code === 'TaskTimedOut';
      }
    });
  });

  test('HeartbeatSeconds: without a heartbeat, States.HeartbeatTimeout', async () => {
    const h = callbackHarness({ End: true, HeartbeatSeconds: 1 }, []);
    const { executionArn } = h.sfn.startExecution('Flow', {});
    await until(() => h.sfn.describeExecution(executionArn).status !== 'RUNNING');
    expect(h.sfn.describeExecution(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  });

  test('DescribeExecution, ListExecutions and the API\'s errors', async () => {
    const h = harness([machine({ StartAt: 'done', States: { done: { Type: 'Pass', End: true } } })], {});
    current = h.sfn;
    const stateMachineArn = machine({}).arn;
    const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'one', input: '{"a":1}' }));
    await client.send(new StartExecutionCommand({ stateMachineArn, name: 'two' }));
    await h.sfn.idle();
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: 'SUCCEEDED', input: '{"a":1}', output: '{"a":1}', name: 'one' });
    const listed = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }));
    expect(listed.executions!.map((execution) => execution.name)).toEqual(['two', 'one']);

    await expect(client.send(new DescribeExecutionCommand({ executionArn: `${executionArn}-nope` })))
      .rejects.toMatchObject({ name: 'ExecutionDoesNotExist', message: expect.stringContaining('Execution Does Not Exist') });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}-nope` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, name: 'one', input: '{"a":2}' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(client.send(new StartExecutionCommand({ stateMachineArn, input: 'not json' }))).rejects.toMatchObject({ name: 'InvalidExecutionInput' });

    const raw = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.CreateActivity' },
      body: '{}',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('state machines read from the template', () => {
  test('DefinitionString (Fn::Join with the functions\' ARNs), Definition with DefinitionSubstitutions; DefinitionS3Location not run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfn-assembly-'));
    try {
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
        version: '55.0.0',
        artifacts: { app: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'app.template.json' } } },
      }));
      fs.mkdirSync(path.join(dir, 'asset.code'));
      fs.writeFileSync(path.join(dir, 'asset.code', 'index.js'), 'exports.handler = async () => ({});\n');
      const fnResource = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'x' } }, Metadata: { 'aws:asset:path': 'asset.code' } };
      fs.writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify({
        Resources: {
          Worker: fnResource,
          Joined: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: {
              StateMachineName: 'joined',
              DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"work","States":{"work":{"Type":"Task","Resource":"', { 'Fn::GetAtt': ['Worker', 'Arn'] }, '","End":true}}}']] },
            },
          },
          Substituted: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: {
              StateMachineType: 'EXPRESS',
              Definition: { StartAt: 'work', States: { work: { Type: 'Task', Resource: '${fn}', End: true } } },
              DefinitionSubstitutions: { fn: { 'Fn::GetAtt': ['Worker', 'Arn'] } },
            },
          },
          InS3: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionS3Location: { Bucket: 'b', Key: 'k' } } },
        },
      }));
      const app = readAssembly(dir);
      const worker = app.functions[0].arn;
      expect(worker).toBe('arn:aws:lambda:us-east-1:000000000000:function:app-Worker');
      expect(app.stateMachines).toEqual([
        {
          logicalId: 'Joined',
          name: 'joined',
          arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:joined',
          type: 'STANDARD',
          definition: { StartAt: 'work', States: { work: { Type: 'Task', Resource: worker, End: true } } },
        },
        {
          logicalId: 'Substituted',
          name: 'app-Substituted',
          arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:app-Substituted',
          type: 'EXPRESS',
          definition: { StartAt: 'work', States: { work: { Type: 'Task', Resource: worker, End: true } } },
        },
      ]);
      expect(app.notEmulated).toEqual({ 'AWS::StepFunctions::StateMachine (DefinitionS3Location)': 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const BUNDLES = {
  place: `
const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');
const bus = new EventBridgeClient({});
exports.handler = async (order) => {
  const out = await bus.send(new PutEventsCommand({ Entries: [{
    EventBusName: process.env.EVENT_BUS_NAME, Source: process.env.EVENT_SOURCE, DetailType: 'OrderPlaced', Detail: JSON.stringify(order),
  }] }));
  if (out.FailedEntryCount) throw new Error('PutEvents failed: ' + JSON.stringify(out.Entries));
  return { placed: order.orderId };
};
`,
  validate: `
exports.handler = async (order) => {
  if (!(order.total > 0)) { const error = new Error('no total'); error.name = 'InvalidOrder'; throw error; }
  return { valid: true };
};
`,
  approve: `
const { SFNClient, SendTaskSuccessCommand } = require('@aws-sdk/client-sfn');
const sfn = new SFNClient({});
exports.handler = async ({ taskToken, input }) => {
  if (input.manual) return; // someone else sends the token back
  await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ approvedBy: 'auto', total: input.total }) }));
};
`,
  charge: `
exports.handler = async (order) => ({ charged: order.total, approvedBy: order.approval.approvedBy });
`,
};

describe('local mode runs a ServerlessWorkflow started by an EventBridge rule', () => {
  let dir: string;
  let local: LocalMode | undefined;
  const logs: string[] = [];
  let machineId: string;

  beforeAll(async () => {
    dir = appDir('workflow');
    const assets = writeBundles(dir, BUNDLES);
    const { assemblyDir, built } = synthesize(dir, (app) => {
      const stack = new Stack(app, 'orders');
      const bus = new ServerlessEventBus(stack, 'Bus', { eventBusName: 'orders-events' });
      const service = new Microservice(stack, 'Orders', { serviceName: 'orders', eventBus: bus.bus });
      service.addFunction('Place', { assetPath: assets.place, publishes: ['OrderPlaced'] });
      const task = (id: string, assetPath: string) => new ServiceFunction(stack, id, { assetPath });
      const workflow = new ServerlessWorkflow(stack, 'Fulfilment', {
        workflowName: 'fulfilment',
        steps: [
          { name: 'validate', type: T.TASK, resultPath: '$.validation', catch: [{ errors: ['InvalidOrder'], next: 'invalid' }] },
          { name: 'approve', type: T.CALLBACK, resultPath: '$.approval', timeoutSeconds: 60 },
          { name: 'charge', type: T.TASK, resultPath: '$.payment', end: true },
          { name: 'invalid', type: T.FAIL, error: 'InvalidOrder' },
        ],
        tasks: { validate: task('Validate', assets.validate), approve: task('Approve', assets.approve), charge: task('Charge', assets.charge) },
        trigger: { eventBus: bus.bus, sources: ['orders'], detailTypes: ['OrderPlaced'] },
      });
      return logicalId(workflow.stateMachine);
    });
    machineId = built;
    local = await startLocal({ assemblyDir, port: 0, log: (line) => logs.push(line) });
  }, 120_000);

  afterAll(async () => {
    await local?.stop();
    removeAppDir(dir);
  });

  /** The executions that ended so far. */
  const ended = () => local!.history.executions.length;

  test('the state machine is read, its tasks on the local functions, and the SFN endpoint given to the functions', () => {
    const { app, endpoints, notEmulated } = local!;
    const fulfilment = app.stateMachines.find((m) => m.logicalId === machineId)!;
    expect(fulfilment).toMatchObject({ name: 'fulfilment', arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:fulfilment', type: 'STANDARD' });
    const validate = app.functions.find((fn) => fn.path === 'orders/Validate')!;
    expect((fulfilment.definition as any).States.validate.Resource).toBe(validate.arn);
    expect(endpoints.AWS_ENDPOINT_URL_SFN).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(notEmulated.join('\n')).not.toMatch(/StepFunctions/);
  });

  test('PutEvents from a function → rule → execution → validate, approve (its function sends the token back), charge → SUCCEEDED', async () => {
    const placed = await local!.invoke('Orders/Place', { orderId: 'o-1', total: 30 });
    expect(placed.outcome).toEqual({ ok: true, result: { placed: 'o-1' } });
    await local!.idle();
    expect(local!.history.events).toEqual([expect.objectContaining({ source: 'orders', detailType: 'OrderPlaced', rules: [expect.any(String)] })]);
    const invoked = local!.history.invocations.map((invocation) => `${invocation.function} ${invocation.ok}`);
    expect(invoked.filter((invocation) => invocation !== 'Orders/Place true')).toEqual(['Validate true', 'Approve true', 'Charge true']);
    expect(invoked).toContain('Orders/Place true');
    expect(local!.history.executions).toEqual([expect.objectContaining({ stateMachine: 'fulfilment', status: 'SUCCEEDED' })]);
    expect(logs).toContainEqual(expect.stringMatching(/^\[stepfunctions\] .*"event":"state-entered".*"state":"charge"/));
  });

  test('an invalid order: validate\'s error is caught, the execution fails with the Fail state\'s error', async () => {
    await local!.invoke('Orders/Place', { orderId: 'o-2', total: 0 });
    await local!.idle();
    expect(local!.history.executions.at(-1)).toEqual(expect.objectContaining({ stateMachine: 'fulfilment', status: 'FAILED', error: 'InvalidOrder' }));
    // recorded as they end: the execution may have run validate before Place returned
    expect(local!.history.invocations.slice(-2).map((invocation) => `${invocation.function} ${invocation.ok}`).sort())
      .toEqual(['Orders/Place true', 'Validate false']);
  });

  test('an execution waiting for a token nobody sends: idle() does not wait for it, stop() reports it', async () => {
    const before = ended();
    const invoked = local!.history.invocations.length;
    await local!.invoke('Orders/Place', { orderId: 'o-3', total: 5, manual: true });
    await local!.idle(5_000);
    expect(ended()).toBe(before);
    expect(local!.history.invocations.slice(invoked).map((invocation) => `${invocation.function} ${invocation.ok}`).sort())
      .toEqual(['Approve true', 'Orders/Place true', 'Validate true']);
    const { undelivered } = await local!.stop();
    local = undefined;
    expect(undelivered).toEqual([expect.stringMatching(/^execution [0-9a-f-]{36} of fulfilment still running \(waiting for a task token\)$/)]);
  });
});
