import { App, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { ServerlessWorkflow, WorkflowStep, WorkflowStepType as T, WorkflowTriggerProps, WorkflowType } from '../../src/constructs';
import { importedFunction, workflowOf } from '../testing/workflow-fixtures';

const task = (name: string, more: Partial<WorkflowStep> = {}): WorkflowStep => ({ name, type: T.TASK, ...more });
const done: WorkflowStep = { name: 'done', type: T.SUCCEED };

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

describe('ServerlessWorkflow rejects steps that cannot work, naming the step and what is allowed', () => {
  test.each<[string, WorkflowStep[], string]>([
    ['an unknown `next`', [task('a', { next: 'shipp' }), task('ship')],
      "step 'a': `next` names 'shipp', which is no step of the workflow; the steps of the top level are 'a', 'ship'."],
    ['an unknown `catch` target', [task('a', { catch: [{ next: 'refund' }] })],
      "step 'a': `catch[0].next` names 'refund', which is no step of the workflow; the steps of the top level are 'a'."],
    ['an unknown choice target', [{ name: 'route', type: T.CHOICE, choices: [{ variable: '$.x', numericEquals: 1, next: 'big' }] }],
      "step 'route': `choices[0].next` names 'big', which is no step of the workflow; the steps of the top level are 'route'."],
    ['an unknown `defaultNext`', [{ name: 'route', type: T.CHOICE, choices: [{ variable: '$.x', numericEquals: 1, next: 'done' }], defaultNext: 'small' }, done],
      "step 'route': `defaultNext` names 'small', which is no step of the workflow; the steps of the top level are 'route', 'done'."],
    ['a duplicate name in a branch', [task('charge'), { name: 'both', type: T.PARALLEL, branches: [{ steps: [task('charge')] }] }],
      "step 'charge': the name is already used in the top level; step names are unique in a workflow, branches and item steps included."],
    ['a duplicate name in item steps', [{ name: 'each', type: T.MAP, itemSteps: [task('one'), task('one')] }],
      "step 'one': the name is already used in the itemSteps of 'each'"],
    ['a name that is not kebab-case', [task('chargePayment')],
      "step 'chargePayment': `name` must be kebab-case (lower-case letters, digits and single dashes), at most 80 characters."],
    ['an unknown type', [{ name: 'a', type: 'LAMBDA' as T }],
      "step 'a': `type` must be one of TASK, CALLBACK, PARALLEL, MAP, CHOICE, WAIT, SUCCEED, FAIL; got LAMBDA."],
    ['a field of another type', [{ name: 'pause', type: T.WAIT, waitSeconds: 5, retry: [{}] }],
      "step 'pause': `retry` does not apply to a WAIT step; a WAIT step takes `next`, `end`, `waitSeconds`, `timestampPath`."],
    ['fields on a SUCCEED', [{ name: 'end', type: T.SUCCEED, next: 'end', resultPath: '$.x' }],
      "step 'end': `next`, `resultPath` do not apply to a SUCCEED step; a SUCCEED step takes nothing but `name` and `type`."],
    ['`next` and `end` both', [task('a', { next: 'b', end: true }), task('b')],
      "step 'a': set `next` or `end`, not both."],
    ['a CHOICE without rules', [{ name: 'route', type: T.CHOICE, choices: [], defaultNext: 'done' }, done],
      "step 'route': a CHOICE step needs `choices`, at least one rule."],
    ['a rule without a comparison', [{ name: 'route', type: T.CHOICE, choices: [{ variable: '$.x', next: 'done' }] }, done],
      "step 'route': `choices[0]` must have exactly one comparison (stringEquals, numericEquals, numericGreaterThan, numericGreaterThanEquals, numericLessThan, numericLessThanEquals, booleanEquals, isPresent); got none."],
    ['a rule with two comparisons', [{ name: 'route', type: T.CHOICE, choices: [{ variable: '$.x', numericGreaterThan: 1, numericLessThan: 9, next: 'done' }] }, done],
      "step 'route': `choices[0]` must have exactly one comparison (stringEquals, numericEquals, numericGreaterThan, numericGreaterThanEquals, numericLessThan, numericLessThanEquals, booleanEquals, isPresent); got `numericGreaterThan`, `numericLessThan`. Use one rule per comparison, in order."],
    ['a rule on a path that is not one', [{ name: 'route', type: T.CHOICE, choices: [{ variable: 'total', numericGreaterThan: 1, next: 'done' }] }, done],
      "step 'route': `choices[0]`: `variable` must be a JSONPath on the state, starting with `$`; got \"total\"."],
    ['a MAP without item steps', [{ name: 'each', type: T.MAP }],
      "step 'each': a MAP step needs `itemSteps`, the steps run for each item."],
    ['a PARALLEL without branches', [{ name: 'both', type: T.PARALLEL }],
      "step 'both': a PARALLEL step needs `branches`, each with its `steps`."],
    ['an empty branch', [{ name: 'both', type: T.PARALLEL, branches: [{ steps: [task('a')] }, { steps: [] }] }],
      "Test/Workflow: branch 2 of 'both' has no steps."],
    ['a WAIT with neither', [{ name: 'pause', type: T.WAIT }],
      "step 'pause': a WAIT step needs `waitSeconds` or `timestampPath`, exactly one of them."],
    ['a WAIT with both', [{ name: 'pause', type: T.WAIT, waitSeconds: 5, timestampPath: '$.at' }],
      "step 'pause': a WAIT step needs `waitSeconds` or `timestampPath`, exactly one of them."],
    ['a negative wait', [{ name: 'pause', type: T.WAIT, waitSeconds: -1 }],
      "step 'pause': `waitSeconds` must be a whole number from 0 to 99999999; got -1."],
    ['a CALLBACK without a timeout', [{ name: 'approve', type: T.CALLBACK }],
      "step 'approve': a CALLBACK step needs `timeoutSeconds`: without it, a token never sent back keeps the execution waiting for a year."],
    ['a heartbeat as long as the timeout', [{ name: 'approve', type: T.CALLBACK, timeoutSeconds: 60, heartbeatSeconds: 60 }],
      "step 'approve': `heartbeatSeconds` must be less than `timeoutSeconds`; got 60 and 60."],
    ['a retrier of every error before another', [task('a', { retry: [{}, { errors: ['Busy'] }] })],
      "step 'a': `retry[0]`: with no `errors` it handles States.ALL, so it must be the last retrier."],
    ['States.ALL with other errors', [task('a', { catch: [{ errors: ['States.ALL', 'Busy'], next: 'done' }] }), done],
      "step 'a': `catch[0]`.errors: States.ALL must be the only error of the last catcher."],
    ['too many attempts', [task('a', { retry: [{ maxAttempts: 100 }] })],
      "step 'a': `retry[0]`: `maxAttempts` must be a whole number from 0 to 99; got 100."],
    ['a backoff rate below 1', [task('a', { retry: [{ backoffRate: 0.5 }] })],
      "step 'a': `retry[0]`.backoffRate must be 1 or more; got 0.5."],
    ['a result path that is not one', [task('a', { resultPath: 'payment' })],
      "step 'a': `resultPath` must be a JSONPath on the state, starting with `$`; got \"payment\"."],
    ['a `next` out of a branch', [{ name: 'both', type: T.PARALLEL, branches: [{ steps: [task('charge', { next: 'refund' })] }] }, task('refund')],
      "step 'charge': `next` names 'refund', which is in the top level while 'charge' is in branch 1 of 'both': a transition cannot cross a branch or map boundary; name a step of branch 1 of 'both' ('charge')."],
    ['a `catch` out of a map', [{ name: 'each', type: T.MAP, itemSteps: [task('ship-item', { catch: [{ next: 'refund' }] })] }, task('refund')],
      "step 'ship-item': `catch[0].next` names 'refund', which is in the top level while 'ship-item' is in the itemSteps of 'each'"],
    ['a `next` into a branch', [task('start', { next: 'charge' }), { name: 'both', type: T.PARALLEL, branches: [{ steps: [task('charge')] }] }],
      "step 'start': `next` names 'charge', which is in branch 1 of 'both' while 'start' is in the top level: a transition cannot cross a branch or map boundary; name a step of the top level ('start', 'both')."],
    ['a loop without WAIT or CHOICE', [task('poll'), task('check', { next: 'poll' })],
      "Test/Workflow: steps 'poll' -> 'check' -> 'poll' loop without a WAIT or CHOICE, so the execution never ends: put a CHOICE in the loop to leave it (and a WAIT to pace it)."],
    ['a step that loops on itself', [task('again', { next: 'again' })],
      "Test/Workflow: steps 'again' -> 'again' loop without a WAIT or CHOICE"],
    ['a step never reached', [task('a', { end: true }), task('orphan')],
      "Test/Workflow: step 'orphan' is never reached in the top level: no `next`, `catch`, choice or `defaultNext` names it, and the step before it does not go on to it."],
    ['no steps', [], 'Test/Workflow: the top level has no steps.'],
  ])('%s', (_case, steps, message) => {
    expect(() => workflowOf(steps)).toThrow(message.startsWith('Test/Workflow') ? message : `Test/Workflow: ${message}`);
  });

  test('a loop through a WAIT or a CHOICE is a polling loop, not an error', () => {
    expect(() => workflowOf([
      task('start-job'),
      task('check-job'),
      { name: 'is-done', type: T.CHOICE, choices: [{ variable: '$.done', booleanEquals: true, next: 'done' }], defaultNext: 'pause' },
      { name: 'pause', type: T.WAIT, waitSeconds: 30, next: 'check-job' },
      done,
    ])).not.toThrow();
  });

  test('a TASK without its function', () => {
    expect(() => workflowOf([task('charge')], { tasks: {} }))
      .toThrow("Test/Workflow: step 'charge' is a TASK step without a function: add `tasks['charge']`.");
  });

  test.each([
    ['no step', 'chrage', "Test/Workflow: `tasks['chrage']` names no step; the TASK and CALLBACK steps are 'charge'."],
    ['a step that takes none', 'pause', "Test/Workflow: `tasks['pause']` is for a WAIT step; only TASK and CALLBACK steps take a function."],
  ])('a function for %s', (_case, extra, message) => {
    const scope = stack();
    const tasks = Object.fromEntries(['charge', extra].map((name) => [name, importedFunction(scope, name)]));
    const steps = [task('charge'), { name: 'pause', type: T.WAIT, waitSeconds: 1 }];
    expect(() => new ServerlessWorkflow(scope, 'Workflow', { steps, tasks })).toThrow(message);
  });

  test('every problem is reported at once', () => {
    expect(() => workflowOf([task('a', { next: 'x' }), { name: 'pause', type: T.WAIT }, { name: 'route', type: T.CHOICE }]))
      .toThrow(/step 'pause': a WAIT step needs[\s\S]*\n.*step 'route': a CHOICE step needs `choices`/);
  });
});

describe('ServerlessWorkflow rejects a workflow type, timeout or trigger that cannot work', () => {
  test.each<[string, WorkflowStep[], WorkflowType, Duration | undefined, string]>([
    ['a CALLBACK in an EXPRESS workflow', [{ name: 'approve', type: T.CALLBACK, timeoutSeconds: 60 }], WorkflowType.EXPRESS, undefined,
      "step 'approve': CALLBACK steps need a STANDARD workflow: EXPRESS workflows do not support the task token callback (.waitForTaskToken)."],
    ['a wait longer than an EXPRESS execution', [{ name: 'pause', type: T.WAIT, waitSeconds: 301 }], WorkflowType.EXPRESS, undefined,
      "step 'pause': `waitSeconds` must be a whole number from 0 to 300; got 301."],
    ['an EXPRESS timeout over 5 minutes', [done], WorkflowType.EXPRESS, Duration.minutes(6),
      '`timeout` must be 1 second to 5 minutes for an EXPRESS workflow; got 6 minutes.'],
    ['a STANDARD timeout over a year', [done], WorkflowType.STANDARD, Duration.days(366),
      '`timeout` must be 1 second to 365 days; got 366 days.'],
  ])('%s', (_case, steps, type, timeout, message) => {
    expect(() => workflowOf(steps, { type, timeout })).toThrow(`Test/Workflow: ${message}`);
  });

  test.each<[string, Partial<WorkflowTriggerProps>, string]>([
    ['an empty pattern', {}, '`trigger` must name `sources` or `detailTypes`: an empty pattern matches every event on the bus.'],
    ['too many retries', { sources: ['orders'], retryAttempts: 186 }, '`trigger`.retryAttempts must be a whole number from 0 to 185; got 186.'],
    ['a too long event age', { sources: ['orders'], maxEventAge: Duration.hours(25) }, '`trigger`.maxEventAge must be from 1 minute to 24 hours; got 1 day 1 hour.'],
    ['an input path that is not one', { sources: ['orders'], inputPath: 'detail' }, '`trigger`.inputPath must be a JSONPath on the event, starting with `$`; got "detail".'],
  ])('a trigger with %s', (_case, trigger, message) => {
    const scope = stack();
    const eventBus = events.EventBus.fromEventBusName(scope, 'Bus', 'shop');
    expect(() => new ServerlessWorkflow(scope, 'Workflow', { steps: [done], tasks: {}, trigger: { eventBus, ...trigger } })).toThrow(`Test/Workflow: ${message}`);
  });
});
