import { App, CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { acknowledged, fakeBundle } from './helpers';
import { ServerlessPatternsChecks } from '../../src/checks';
import {
  ServerlessWorkflow,
  ServerlessWorkflowProps,
  ServiceFunction,
  WorkflowChoiceRule,
  WorkflowStep,
  WorkflowStepType as T,
  WorkflowType,
} from '../../src/constructs';
import { workflowOf } from '../testing/workflow-fixtures';

const assetPath = fakeBundle();
const arn = (step: string) => `arn:aws:lambda:us-east-1:123456789012:function:${step}`;
/** The retrier LambdaInvoke adds for the transient Lambda errors, first on every task. */
const LAMBDA_RETRY = {
  ErrorEquals: ['Lambda.ClientExecutionTimeoutException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
};

/** The definition of a workflow of `steps`. */
function definitionOf(steps: WorkflowStep[], props: Partial<ServerlessWorkflowProps> = {}): any {
  return workflowOf(steps, props).definition();
}

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}


describe('ServerlessWorkflow definition', () => {
  test('each step is a state of its name; a TASK invokes its function, whose result is the state\'s, and retries the transient Lambda errors', () => {
    // WHEN
    const definition = definitionOf([{ name: 'validate-order', type: T.TASK }]);

    // THEN
    expect(definition).toEqual({
      StartAt: 'validate-order',
      States: {
        'validate-order': { Type: 'Task', Resource: arn('validate-order'), Retry: [LAMBDA_RETRY], End: true },
      },
    });
  });

  test('steps follow each other in list order; the last ends the execution', () => {
    const definition = definitionOf([{ name: 'a', type: T.TASK }, { name: 'b', type: T.TASK }]);
    expect(definition.States.a).toMatchObject({ Next: 'b' });
    expect(definition.States.a.End).toBeUndefined();
    expect(definition.States.b).toMatchObject({ End: true });
  });

  test('`next` goes to the named step, back ones included; `end` ends before the following step, which another names', () => {
    const definition = definitionOf([
      { name: 'poll', type: T.TASK },
      {
        name: 'is-done',
        type: T.CHOICE,
        choices: [{ variable: '$.cancelled', isPresent: true, next: 'cancelled' }, { variable: '$.done', booleanEquals: true, next: 'report' }],
        defaultNext: 'pause',
      },
      { name: 'pause', type: T.WAIT, waitSeconds: 30, next: 'poll' },
      { name: 'report', type: T.TASK, end: true },
      { name: 'cancelled', type: T.SUCCEED },
    ]);
    expect(definition.States.pause).toEqual({ Type: 'Wait', Seconds: 30, Next: 'poll' });
    expect(definition.States.report).toMatchObject({ End: true });
    expect(definition.States.report.Next).toBeUndefined();
  });

  test('retry and catch: every error, 2 s, 3 attempts, backoff 2 and the error at $.error by default, after the Lambda retrier', () => {
    const definition = definitionOf([
      {
        name: 'charge',
        type: T.TASK,
        retry: [{ errors: ['PaymentServiceBusy'], intervalSeconds: 5, maxAttempts: 4, backoffRate: 1.5 }, {}],
        catch: [{ errors: ['PaymentDeclined'], next: 'declined', resultPath: '$.declined' }, { next: 'failed' }],
        resultPath: '$.payment',
        timeoutSeconds: 30,
      },
      { name: 'done', type: T.SUCCEED },
      { name: 'declined', type: T.FAIL, error: 'PaymentDeclined' },
      { name: 'failed', type: T.FAIL },
    ]);
    expect(definition.States.charge).toEqual({
      Type: 'Task',
      Resource: arn('charge'),
      ResultPath: '$.payment',
      TimeoutSeconds: 30,
      Retry: [
        LAMBDA_RETRY,
        { ErrorEquals: ['PaymentServiceBusy'], IntervalSeconds: 5, MaxAttempts: 4, BackoffRate: 1.5 },
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
      ],
      Catch: [
        { ErrorEquals: ['PaymentDeclined'], ResultPath: '$.declined', Next: 'declined' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'failed' },
      ],
      Next: 'done',
    });
  });

  test('a CALLBACK invokes its function with the task token and the state, and waits for the token within its timeout and heartbeat', () => {
    const definition = definitionOf([{ name: 'approve', type: T.CALLBACK, timeoutSeconds: 86400, heartbeatSeconds: 3600, resultPath: '$.approval' }]);
    expect(definition.States.approve).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: arn('approve'), Payload: { 'taskToken.$': '$$.Task.Token', 'input.$': '$' } },
      TimeoutSeconds: 86400,
      HeartbeatSeconds: 3600,
      ResultPath: '$.approval',
      Retry: [LAMBDA_RETRY],
      End: true,
    });
  });

  test('a PARALLEL runs its branches, each a list of its own, then goes on', () => {
    const definition = definitionOf([
      {
        name: 'fulfil',
        type: T.PARALLEL,
        resultPath: '$.fulfilment',
        branches: [
          { steps: [{ name: 'charge', type: T.TASK }, { name: 'receipt', type: T.TASK }] },
          { steps: [{ name: 'reserve', type: T.TASK }] },
        ],
        catch: [{ next: 'failed' }],
      },
      { name: 'ship', type: T.TASK },
      { name: 'failed', type: T.FAIL },
    ]);
    expect(definition.States.fulfil).toEqual({
      Type: 'Parallel',
      ResultPath: '$.fulfilment',
      Branches: [
        {
          StartAt: 'charge',
          States: {
            charge: { Type: 'Task', Resource: arn('charge'), Retry: [LAMBDA_RETRY], Next: 'receipt' },
            receipt: { Type: 'Task', Resource: arn('receipt'), Retry: [LAMBDA_RETRY], End: true },
          },
        },
        { StartAt: 'reserve', States: { reserve: { Type: 'Task', Resource: arn('reserve'), Retry: [LAMBDA_RETRY], End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'failed' }],
      Next: 'ship',
    });
  });

  test('a MAP runs its item steps in an inline ItemProcessor, 10 items at a time unless told otherwise', () => {
    const definition = definitionOf([{ name: 'ship-items', type: T.MAP, itemsPath: '$.items', resultPath: '$.shipped', itemSteps: [{ name: 'ship-item', type: T.TASK }] }]);
    expect(definition.States['ship-items']).toEqual({
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 10,
      ResultPath: '$.shipped',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'ship-item',
        States: { 'ship-item': { Type: 'Task', Resource: arn('ship-item'), Retry: [LAMBDA_RETRY], End: true } },
      },
      End: true,
    });
    const unlimited = definitionOf([{ name: 'all', type: T.MAP, maxConcurrency: 0, itemSteps: [{ name: 'one', type: T.SUCCEED }] }]);
    // 0 is the ASL default (no limit), and "$" that of ItemsPath: both left out
    expect(unlimited.States.all.MaxConcurrency).toBeUndefined();
    expect(unlimited.States.all.ItemsPath).toBeUndefined();
  });

  test.each<[Partial<WorkflowChoiceRule>, object]>([
    [{ stringEquals: 'EXPRESS' }, { StringEquals: 'EXPRESS' }],
    [{ numericEquals: 1 }, { NumericEquals: 1 }],
    [{ numericGreaterThan: 100 }, { NumericGreaterThan: 100 }],
    [{ numericGreaterThanEquals: 100 }, { NumericGreaterThanEquals: 100 }],
    [{ numericLessThan: 0 }, { NumericLessThan: 0 }],
    [{ numericLessThanEquals: 0 }, { NumericLessThanEquals: 0 }],
    [{ booleanEquals: false }, { BooleanEquals: false }],
    [{ isPresent: true }, { IsPresent: true }],
    [{ isPresent: false }, { IsPresent: false }],
  ])('a CHOICE rule %j compares with %j', (comparison, expected) => {
    const definition = definitionOf([
      { name: 'route', type: T.CHOICE, choices: [{ variable: '$.value', next: 'matched', ...comparison }], defaultNext: 'other' },
      { name: 'matched', type: T.SUCCEED },
      { name: 'other', type: T.SUCCEED },
    ]);
    expect(definition.States.route).toEqual({ Type: 'Choice', Choices: [{ Variable: '$.value', Next: 'matched', ...expected }], Default: 'other' });
  });

  test('a CHOICE without `defaultNext` has no Default: no match fails with States.NoChoiceMatched', () => {
    const definition = definitionOf([
      { name: 'route', type: T.CHOICE, choices: [{ variable: '$.ok', booleanEquals: true, next: 'done' }] },
      { name: 'done', type: T.SUCCEED },
    ]);
    expect(definition.States.route.Default).toBeUndefined();
  });

  test('a WAIT waits seconds or until a timestamp; SUCCEED and FAIL end', () => {
    const definition = definitionOf([
      { name: 'pause', type: T.WAIT, waitSeconds: 60 },
      { name: 'until', type: T.WAIT, timestampPath: '$.shipAt' },
      { name: 'route', type: T.CHOICE, choices: [{ variable: '$.ok', booleanEquals: true, next: 'done' }], defaultNext: 'failed' },
      { name: 'done', type: T.SUCCEED },
      { name: 'failed', type: T.FAIL, error: 'OrderFailed', cause: 'The order could not be completed.' },
    ]);
    expect(definition.States.pause).toEqual({ Type: 'Wait', Seconds: 60, Next: 'until' });
    expect(definition.States.until).toEqual({ Type: 'Wait', TimestampPath: '$.shipAt', Next: 'route' });
    expect(definition.States.done).toEqual({ Type: 'Succeed' });
    expect(definition.States.failed).toEqual({ Type: 'Fail', Error: 'OrderFailed', Cause: 'The order could not be completed.' });
  });

  test('JSONPath only: no JSONata, QueryLanguage, ItemReader or deprecated Iterator', () => {
    const text = JSON.stringify(definitionOf([
      { name: 'each', type: T.MAP, itemSteps: [{ name: 'one', type: T.TASK }] },
      { name: 'both', type: T.PARALLEL, branches: [{ steps: [{ name: 'left', type: T.CALLBACK, timeoutSeconds: 60 }] }] },
    ]));
    for (const forbidden of ['QueryLanguage', 'JSONata', '{%', 'ItemReader', 'Iterator', 'Arguments']) {
      expect(text).not.toContain(forbidden);
    }
  });

  test('a function shared by two steps stands for each step in its own placeholder ARN', () => {
    const scope = stack();
    const shared = new ServiceFunction(scope, 'Notify', { assetPath });
    const workflow = new ServerlessWorkflow(scope, 'Workflow', {
      steps: [{ name: 'notify-placed', type: T.TASK }, { name: 'approve', type: T.CALLBACK, timeoutSeconds: 60 }, { name: 'notify-shipped', type: T.TASK }],
      tasks: { 'notify-placed': shared, 'approve': shared, 'notify-shipped': shared },
    });
    const definition = workflow.definition();
    expect(definition.States['notify-placed'].Resource).toBe(arn('notify-placed'));
    expect(definition.States.approve.Parameters.FunctionName).toBe(arn('approve'));
    expect(definition.States['notify-shipped'].Resource).toBe(arn('notify-shipped'));
    // while the template invokes the one function
    const template = JSON.stringify(Template.fromStack(scope).findResources('AWS::StepFunctions::StateMachine'));
    const logicalId = scope.getLogicalId(shared.node.defaultChild as CfnElement);
    expect(template.match(new RegExp(`"Fn::GetAtt":\\["${logicalId}","Arn"\\]`, 'g'))).toHaveLength(3);
  });
});

describe('ServerlessWorkflow resources', () => {
  // GIVEN a workflow of every step type, on functions of the stack, started by a rule
  const scope = stack();
  const bus = new events.EventBus(scope, 'Bus');
  const fn = (id: string) => new ServiceFunction(scope, id, { assetPath });
  const workflow = new ServerlessWorkflow(scope, 'OrderFlow', {
    workflowName: 'order-flow',
    steps: [
      { name: 'validate', type: T.TASK, retry: [{ errors: ['Busy'] }], catch: [{ next: 'failed' }] },
      { name: 'route', type: T.CHOICE, choices: [{ variable: '$.total', numericGreaterThan: 1000, next: 'approve' }], defaultNext: 'fulfil' },
      { name: 'approve', type: T.CALLBACK, timeoutSeconds: 86400 },
      { name: 'fulfil', type: T.PARALLEL, branches: [{ steps: [{ name: 'charge', type: T.TASK }] }, { steps: [{ name: 'reserve', type: T.TASK }] }], resultPath: '$.fulfilment' },
      { name: 'pause', type: T.WAIT, waitSeconds: 60 },
      { name: 'ship-items', type: T.MAP, itemsPath: '$.items', itemSteps: [{ name: 'ship-item', type: T.TASK }] },
      { name: 'done', type: T.SUCCEED },
      { name: 'failed', type: T.FAIL, error: 'OrderFailed' },
    ],
    tasks: { 'validate': fn('Validate'), 'approve': fn('Approve'), 'charge': fn('Charge'), 'reserve': fn('Reserve'), 'ship-item': fn('ShipItem') },
    trigger: { eventBus: bus, sources: ['orders'], detailTypes: ['OrderPlaced'], detail: { total: [{ numeric: ['>', 0] }] } },
    timeout: Duration.days(7),
  });
  const template = Template.fromStack(scope);
  const stateMachineId = scope.getLogicalId(workflow.stateMachine.node.defaultChild as CfnElement);

  test('a STANDARD state machine, named, with its timeout', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'order-flow', StateMachineType: 'STANDARD' });
    expect(workflow.definition().TimeoutSeconds).toBe(Duration.days(7).toSeconds());
  });

  test('logs every event, without the states\' data, to a log group of its own kept a month; traced with X-Ray', () => {
    const logGroupId = scope.getLogicalId(workflow.logGroup.node.defaultChild as CfnElement);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] } } }],
        IncludeExecutionData: false,
        Level: 'ALL',
      },
      TracingConfiguration: { Enabled: true },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
      LogGroupName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^/aws/vendedlogs/states/Test-OrderFlow-'), Match.anyValue()]] },
    });
  });

  test('the grants of log deliveries and X-Ray are a policy of their own, attached before the state machine is created', () => {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('^OrderFlowObservabilityPolicy') } });
    const [policyId, policy] = Object.entries(policies)[0];
    expect(policy.Properties.PolicyDocument.Statement.flatMap((s: any) => s.Action)).toEqual(expect.arrayContaining(['logs:CreateLogDelivery', 'xray:PutTraceSegments']));
    expect(template.toJSON().Resources[stateMachineId].DependsOn).toContain(policyId);
    const defaultPolicy = template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('^OrderFlowStateMachineRoleDefaultPolicy') } });
    const actions = Object.values(defaultPolicy).flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action)));
    expect(new Set(actions)).toEqual(new Set(['lambda:InvokeFunction']));
  });

  test('the rule starts the workflow with the event\'s detail, retrying, and sends what it cannot start to an encrypted, TLS-only queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^Bus') },
      EventPattern: { 'source': ['orders'], 'detail-type': ['OrderPlaced'], 'detail': { total: [{ numeric: ['>', 0] }] } },
      Targets: [Match.objectLike({
        Arn: { Ref: stateMachineId },
        InputPath: '$.detail',
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrderFlowTriggerDeadLetterQueue'), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })],
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    expect(workflow.rule).toBeDefined();
    expect(workflow.deadLetterQueue).toBeDefined();
  });

  test.each<[string, () => NagPack]>([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['Serverless', () => new ServerlessChecks()],
    ['ServerlessPatterns', () => new ServerlessPatternsChecks()],
  ])('cdk-nag %s: no unacknowledged findings', (_pack, pack) => {
    const findings = pack().validateScope(scope).violations
      .map((violation) => `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  test('acknowledged precisely: the `:*` grant of each task function by its id, and the dead-letter queue of functions invoked only synchronously', () => {
    const ids = ['Validate', 'Approve', 'Charge', 'Reserve', 'ShipItem'].map((id) => scope.getLogicalId(scope.node.findChild(id).node.defaultChild as CfnElement));
    expect(acknowledged(workflow.stateMachine.role).sort()).toEqual(ids.map((id) => `AwsSolutions-IAM5[Resource::<${id}.Arn>:*]`).sort());
    expect(acknowledged(scope.node.findChild('Charge'))).toEqual(['Serverless-LambdaDLQ']);
    expect(acknowledged(workflow.node.findChild('ObservabilityPolicy'))).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });
});

describe('ServerlessWorkflow options', () => {
  test('EXPRESS, logs kept a week with the states\' data, no tracing: AwsSolutions-SF2 is then reported', () => {
    const workflow = workflowOf([{ name: 'transform', type: T.TASK }], {
      type: WorkflowType.EXPRESS,
      logRetention: logs.RetentionDays.ONE_WEEK,
      includeExecutionData: true,
      tracingEnabled: false,
    });
    const scope = Stack.of(workflow);
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: true, Level: 'ALL' }),
      TracingConfiguration: { Enabled: false },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action)));
    expect(actions.filter((action) => action.startsWith('xray:'))).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(scope).violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-SF2']);
  });

  test('a trigger with its own queue, retries and the whole event', () => {
    const scope = stack();
    const queue = new sqs.Queue(scope, 'Failed');
    const workflow = new ServerlessWorkflow(scope, 'Workflow', {
      steps: [{ name: 'done', type: T.SUCCEED }],
      tasks: {},
      trigger: { eventBus: events.EventBus.fromEventBusName(scope, 'Bus', 'shop'), detailTypes: ['Tick'], deadLetterQueue: queue, retryAttempts: 3, maxEventAge: Duration.hours(1), inputPath: '$' },
    });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'shop',
      Targets: [Match.objectLike({
        InputPath: Match.absent(),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Failed'), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      })],
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
    expect(workflow.deadLetterQueue).toBe(queue);
  });

  test('without a trigger, no rule and no queue', () => {
    const workflow = workflowOf([{ name: 'done', type: T.SUCCEED }]);
    Template.fromStack(Stack.of(workflow)).resourceCountIs('AWS::Events::Rule', 0);
    expect(workflow.rule).toBeUndefined();
    expect(workflow.deadLetterQueue).toBeUndefined();
  });

  test('a task function that is not the stack\'s, or that has a dead-letter queue, or that is acknowledged already, is not acknowledged again', () => {
    const scope = stack();
    const imported = lambda.Function.fromFunctionName(scope, 'Imported', 'shop-validate');
    const withQueue = new ServiceFunction(scope, 'WithQueue', { assetPath, deadLetterQueue: new sqs.Queue(scope, 'Queue') });
    // as `Microservice` acknowledges a function it knows is invoked synchronously
    const step = new ServiceFunction(scope, 'Step', { assetPath });
    Validations.of(step).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Invoked synchronously by the order workflow.' });
    new ServerlessWorkflow(scope, 'Workflow', {
      steps: [{ name: 'validate', type: T.TASK }, { name: 'charge', type: T.TASK }, { name: 'step', type: T.TASK }],
      tasks: { validate: imported, charge: withQueue, step },
    });
    expect(acknowledged(withQueue)).toEqual([]);
    expect(acknowledged(step)).toEqual(['Serverless-LambdaDLQ']);
  });

  test('a function behind an alias is invoked through the alias, with no wildcard to acknowledge', () => {
    const scope = stack();
    const fn = new ServiceFunction(scope, 'Charge', { assetPath });
    const alias = new lambda.Alias(scope, 'Live', { aliasName: 'live', version: fn.currentVersion });
    const workflow = new ServerlessWorkflow(scope, 'Workflow', { steps: [{ name: 'charge', type: T.TASK }], tasks: { charge: alias } });
    expect(acknowledged(workflow.stateMachine.role)).toEqual([]);
    expect(acknowledged(fn)).toEqual(['Serverless-LambdaDLQ']);
    expect(new AwsSolutionsChecks().validateScope(scope).violations.map((v) => v.ruleName)).toEqual([]);
  });
});
