import { App, Duration, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { fakeBundle, logicalId } from './helpers';
import { FunctionPreset, Microservice, OperationalAlarms, ServerlessRestApi } from '../../src';
import { ServerlessPatternsChecks } from '../../src/checks';

const assetPath = fakeBundle();

/** A service with a routed function (IO_BOUND: 60 s) and an asynchronous one (a dead-letter queue), a working queue, a state machine. */
function service(scope: Construct, api: ServerlessRestApi) {
  const orders = new Microservice(scope, 'OrdersService', { serviceName: 'orders', api });
  const place = orders.addFunction('Place', { assetPath, preset: FunctionPreset.IO_BOUND, route: { method: 'POST', path: '/orders' } });
  const nightly = orders.addFunction('Nightly', { assetPath });
  const deadLetters = new sqs.Queue(orders, 'WorkDeadLetters', { enforceSSL: true });
  const work = new sqs.Queue(orders, 'Work', { enforceSSL: true, deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 } });
  const machine = new sfn.StateMachine(orders, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(orders, 'Done')) });
  return { orders, place, nightly, work, deadLetters, machine };
}

function stackWithService() {
  const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
  const api = new ServerlessRestApi(stack, 'Api', { restApiName: 'shop' });
  return { stack, api, ...service(stack, api) };
}

/** The alarm on `metric` of the resource `id`, by its dimension's value. */
function alarmOn(template: Template, metric: string, id: string): any {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .filter((alarm: any) => alarm.Properties.MetricName === metric && JSON.stringify(alarm.Properties.Dimensions).includes(JSON.stringify(id)));
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

describe('OperationalAlarms', () => {
  test('a function: errors above 0 and any throttle on the first period, p99 duration above 80 % of its timeout for 3 periods', () => {
    // GIVEN
    const { stack, orders, place } = stackWithService();

    // WHEN
    const alarms = new OperationalAlarms(stack, 'Alarms');
    alarms.watch(orders, 'orders');

    // THEN
    const template = Template.fromStack(stack);
    const fn = logicalId(place);
    expect(alarmOn(template, 'Errors', fn)).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(alarms.topic) }],
    });
    expect(alarmOn(template, 'Throttles', fn)).toMatchObject({ Threshold: 0, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(alarmOn(template, 'Duration', fn)).toMatchObject({
      ExtendedStatistic: 'p99', Threshold: 48_000, EvaluationPeriods: 3, DatapointsToAlarm: 3, TreatMissingData: 'notBreaching',
    });
    expect(alarms.alarmsOf(place)).toHaveLength(3);
  });

  test('a queue with a dead-letter queue: the age of its oldest message above 5 minutes; a queue without one: any message visible', () => {
    const { stack, orders, work, deadLetters, nightly } = stackWithService();

    new OperationalAlarms(stack, 'Alarms').watch(orders, 'orders');

    const template = Template.fromStack(stack);
    expect(alarmOn(template, 'ApproximateAgeOfOldestMessage', logicalId(work))).toMatchObject({
      Namespace: 'AWS/SQS', Statistic: 'Maximum', Threshold: 300, EvaluationPeriods: 3, TreatMissingData: 'notBreaching',
    });
    for (const queue of [deadLetters, nightly.deadLetterQueue!]) {
      expect(alarmOn(template, 'ApproximateNumberOfMessagesVisible', logicalId(queue))).toMatchObject({
        Statistic: 'Maximum', Threshold: 0, EvaluationPeriods: 1, TreatMissingData: 'notBreaching',
      });
    }
  });

  test('a REST API: 5XX rate above 1 % (the average of 5XXError), p99 latency above 23.2 s for 3 periods; a state machine: any failed execution', () => {
    const { stack, machine } = stackWithService();

    new OperationalAlarms(stack, 'Alarms').watch(stack, 'shop');

    const template = Template.fromStack(stack);
    expect(alarmOn(template, '5XXError', 'shop')).toMatchObject({
      Namespace: 'AWS/ApiGateway', Statistic: 'Average', Threshold: 0.01, EvaluationPeriods: 1, TreatMissingData: 'notBreaching',
    });
    expect(alarmOn(template, 'Latency', 'shop')).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 23_200, EvaluationPeriods: 3 });
    expect(alarmOn(template, 'ExecutionsFailed', logicalId(machine))).toMatchObject({ Namespace: 'AWS/States', Threshold: 0, EvaluationPeriods: 1 });
  });

  test('the thresholds follow the props', () => {
    const { stack, place, work } = stackWithService();

    new OperationalAlarms(stack, 'Alarms', {
      functionErrors: 5, durationPercentOfTimeout: 50, queueAge: Duration.minutes(15), api5xxRatePercent: 5, apiLatencyP99: Duration.seconds(3),
    }).watch(stack, 'shop');

    const template = Template.fromStack(stack);
    expect(alarmOn(template, 'Errors', logicalId(place)).Threshold).toBe(5);
    expect(alarmOn(template, 'Duration', logicalId(place)).Threshold).toBe(30_000);
    expect(alarmOn(template, 'ApproximateAgeOfOldestMessage', logicalId(work)).Threshold).toBe(900);
    expect(alarmOn(template, '5XXError', 'shop').Threshold).toBe(0.05);
    expect(alarmOn(template, 'Latency', 'shop').Threshold).toBe(3000);
  });

  test('every resource is watched once: a second watch of a scope adds no alarm and no dashboard row', () => {
    const { stack, orders } = stackWithService();
    const alarms = new OperationalAlarms(stack, 'Alarms');

    const first = alarms.watch(orders, 'orders');
    const rest = alarms.watch(stack, 'shop');

    // 2 functions × 3, the working queue, 2 dead-letter queues, the state machine; then the API's 2
    expect(first).toHaveLength(10);
    expect(rest).toHaveLength(2);
    expect(alarms.alarms).toHaveLength(12);
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 12);
  });

  test('its own topic: a rotated customer managed key CloudWatch may use, TLS only, CloudWatch of this account may publish, the email subscribed', () => {
    const { stack, orders } = stackWithService();

    const alarms = new OperationalAlarms(stack, 'Alarms', { email: 'ops@example.com' });
    alarms.watch(orders, 'orders');

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Principal: { Service: 'cloudwatch.amazonaws.com' },
        })]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(alarms.topicKey!), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test('a topic brought in: no topic, key or subscription of its own, every alarm notifies it', () => {
    const { stack, orders } = stackWithService();
    const arn = 'arn:aws:sns:us-east-1:111122223333:ops';

    new OperationalAlarms(stack, 'Alarms', { topic: sns.Topic.fromTopicArn(stack, 'Ops', arn) }).watch(orders, 'orders');

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    const actions = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm: any) => alarm.Properties.AlarmActions);
    expect(actions).toHaveLength(10);
    expect(new Set(actions.map((action) => JSON.stringify(action)))).toEqual(new Set([JSON.stringify([arn])]));
  });

  test('a dashboard with one row per watched scope, each graph titled with the scope', () => {
    const { stack, orders } = stackWithService();
    const alarms = new OperationalAlarms(stack, 'Alarms');

    alarms.watch(orders, 'orders');
    alarms.watch(stack, 'shop');

    const body = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
    for (const title of ['orders: function errors', 'orders: dead letters', 'orders: failed executions', 'shop: REST API 5XX rate']) {
      expect(body).toContain(title);
    }
    // one row per scope: the widgets (6 high) start at y 0 or 6
    const tops = new Set([...body.matchAll(/\\"y\\":(\d+)/g)].map((match) => match[1]));
    expect(tops).toEqual(new Set(['0', '6']));
  });

  test('a scope with every kind of resource: its 8 graphs, 3 units wide, in one row', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const orders = new Construct(stack, 'Orders');
    service(orders, new ServerlessRestApi(orders, 'Api', { restApiName: 'orders' }));

    new OperationalAlarms(stack, 'Alarms').watch(orders, 'orders');

    const body = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
    expect([...body.matchAll(/\\"width\\":(\d+)/g)].map((match) => match[1])).toEqual(Array(8).fill('3'));
    expect(new Set([...body.matchAll(/\\"y\\":(\d+)/g)].map((match) => match[1]))).toEqual(new Set(['0']));
  });

  test('with nested stacks: each alarm in the stack of its resource, taking the topic\'s ARN as a parameter; the topic and dashboard in the parent', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const api = new ServerlessRestApi(stack, 'Api', { restApiName: 'shop' });
    const nested = new NestedStack(stack, 'OrdersStack');
    const { place } = service(nested, api);
    const alarms = new OperationalAlarms(stack, 'Alarms');

    alarms.watch(nested, 'orders');
    alarms.watch(stack, 'shop');

    const child = Template.fromStack(nested);
    const parent = Template.fromStack(stack);
    child.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    parent.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    parent.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const errors = alarmOn(child, 'Errors', logicalId(place));
    const parameter = errors.AlarmActions[0].Ref as string;
    expect(Object.keys(child.toJSON().Parameters)).toContain(parameter);
    expect(JSON.stringify(parent.findResources('AWS::CloudFormation::Stack'))).toContain(JSON.stringify({ Ref: logicalId(alarms.topic) }));
  });

  test.each<[string, () => NagPack]>([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['Serverless', () => new ServerlessChecks()],
    ['ServerlessPatterns', () => new ServerlessPatternsChecks()],
  ])('%s: the topic, its key, the alarms and the dashboard raise no error', (_name, pack) => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
    const alarms = new OperationalAlarms(stack, 'Alarms', { email: 'ops@example.com' });

    const errors = pack().validateScope(alarms).violations.filter((violation) => violation.severity === 'error')
      .map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);

    expect(errors).toEqual([]);
  });

  test.each([
    ['topic and email', { topic: 'imported', email: 'ops@example.com' }, 'Set `topic` or `email`, not both'],
    ['email: ops', { email: 'ops' }, "`email` must be an email address; got 'ops'."],
    ['functionErrors: -1', { functionErrors: -1 }, '`functionErrors` must be a whole number of errors, 0 or more; got -1.'],
    ['durationPercentOfTimeout: 120', { durationPercentOfTimeout: 120 }, '`durationPercentOfTimeout` must be a percent of the timeout, more than 0 and at most 100; got 120.'],
    ['queueAge: 10 s', { queueAge: Duration.seconds(10) }, '`queueAge` must be from 60 s to 14 days'],
    ['api5xxRatePercent: 0', { api5xxRatePercent: 0 }, '`api5xxRatePercent` must be a percent of requests, more than 0 and at most 100; got 0.'],
    ['apiLatencyP99: 30 s', { apiLatencyP99: Duration.seconds(30) }, "`apiLatencyP99` must be more than 0 and at most API Gateway's 29 s integration timeout; got 30000 ms."],
  ])('refuses %s', (_name, props, message) => {
    const stack = new Stack();
    const topic = 'topic' in props ? sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:us-east-1:111122223333:ops') : undefined;
    expect(() => new OperationalAlarms(stack, 'Alarms', { ...props, topic })).toThrow(`Default/Alarms: ${message}`);
  });
});
