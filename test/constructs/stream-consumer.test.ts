import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagPack, ServerlessChecks } from 'cdk-nag';
import { acknowledged, fakeBundle, roleStatements } from './helpers';
import { ServerlessPatternsChecks } from '../../src/checks';
import {
  FunctionPreset,
  ServerlessKinesisStream,
  ServiceFunction,
  StreamConsumer,
  StreamConsumerProps,
} from '../../src/constructs';

const assetPath = fakeBundle();

function stack(): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), 'Test');
}

/** A table with a stream of new and old images, and point-in-time recovery (cdk-nag's DDB3). */
function tableWithStream(scope: Stack, id = 'Orders'): dynamodb.Table {
  return new dynamodb.Table(scope, id, {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
  });
}

/** A stack with a table, a function and a `StreamConsumer` of the table's stream with `props`. */
function tableConsumer(props: Partial<StreamConsumerProps> = {}) {
  const scope = stack();
  const table = tableWithStream(scope);
  const handler = new ServiceFunction(scope, 'Sync', { assetPath, preset: FunctionPreset.IO_BOUND });
  const consumer = new StreamConsumer(scope, 'OrdersSync', { handler, table, ...props });
  return { scope, table, handler, consumer, template: Template.fromStack(scope) };
}

/** A stack with a `ServerlessKinesisStream`, a function and a `StreamConsumer` of the stream with `props`. */
function streamConsumer(props: Partial<StreamConsumerProps> = {}) {
  const scope = stack();
  const stream = new ServerlessKinesisStream(scope, 'Clicks');
  const handler = new ServiceFunction(scope, 'Analytics', { assetPath, preset: FunctionPreset.IO_BOUND });
  const consumer = new StreamConsumer(scope, 'ClickAnalytics', { handler, stream, ...props });
  return { scope, stream, handler, consumer, template: Template.fromStack(scope) };
}

/** A `Fn::GetAtt` of a resource whose logical id starts with `prefix`, for the template's matchers. */
const getAtt = (prefix: string, attribute: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${prefix}`), attribute] });
/** The same, for jest's `toEqual`. */
const getAttOf = (prefix: string, attribute: string) => ({ 'Fn::GetAtt': [expect.stringMatching(`^${prefix}`), attribute] });

/** Every statement of the role of `fnId`: its own, and those of the policies attached to it. */
function statementsOf(template: Template, fnId: string): any[] {
  return roleStatements(template, new RegExp(`^${fnId}Role`));
}


describe('StreamConsumer of a DynamoDB table', () => {
  test('the spec\'s defaults: batches of 100 within 5 s, bisect on error, 3 retries, records at most an hour old, from LATEST', () => {
    // GIVEN / WHEN
    const { template } = tableConsumer();

    // THEN
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt('Orders', 'StreamArn'),
      FunctionName: { Ref: Match.stringLikeRegexp('^Sync') },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt('OrdersSyncFailureQueue', 'Arn') } },
      FilterCriteria: Match.absent(),
    });
  });

  test('the function may read the table\'s stream, and list streams from a policy of its own that the mapping waits for', () => {
    const { template, consumer } = tableConsumer();
    expect(statementsOf(template, 'Sync')).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], Resource: getAttOf('Orders', 'StreamArn') },
    ]));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^OrdersSyncListStreamsPolicy'),
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' }] },
    });
    template.hasResource('AWS::Lambda::EventSourceMapping', { DependsOn: [Match.stringLikeRegexp('^OrdersSyncListStreamsPolicy')] });
    expect(acknowledged(consumer.node.findChild('ListStreamsPolicy'))).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });

  test('the function may write nothing to the table it reads', () => {
    const { template } = tableConsumer();
    const actions = statementsOf(template, 'Sync').flatMap((statement) => [].concat(statement.Action));
    expect(actions.filter((action: string) => action.startsWith('dynamodb:') && /Put|Update|Delete|Write/.test(action))).toEqual([]);
  });

  test('filters become the mapping\'s filter criteria, one pattern each', () => {
    const { template } = tableConsumer({
      filters: [
        { eventName: lambda.FilterRule.isEqual('INSERT') },
        { eventName: ['MODIFY'], dynamodb: { NewImage: { status: { S: ['SHIPPED'] } } } },
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: {
        Filters: [
          { Pattern: '{"eventName":["INSERT"]}' },
          { Pattern: '{"eventName":["MODIFY"],"dynamodb":{"NewImage":{"status":{"S":["SHIPPED"]}}}}' },
        ],
      },
    });
  });

  test('a function behind its live alias is invoked through the alias, which the mapping waits for', () => {
    const scope = stack();
    const handler = new ServiceFunction(scope, 'Sync', { assetPath, preset: FunctionPreset.LATENCY_SENSITIVE });
    new StreamConsumer(scope, 'OrdersSync', { handler: handler.invocable, table: tableWithStream(scope) });
    const template = Template.fromStack(scope);
    // CDK names the alias `<function>:live`, which does not refer to the alias resource
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(JSON.stringify(mapping.Properties.FunctionName)).toMatch(/":live"\]\]}$/);
    expect(mapping.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^SyncLiveAlias/)]));
    expect(acknowledged(handler)).toEqual(['Serverless-LambdaDLQ']);
  });
});

describe('StreamConsumer of a Kinesis stream', () => {
  test('the same defaults, from TRIM_HORIZON: the stream is the only copy of its records', () => {
    const { template } = streamConsumer();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt('Clicks', 'Arn'),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt('ClickAnalyticsFailureQueue', 'Arn') } },
    });
    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
  });

  test('every setting overridden', () => {
    const { template } = streamConsumer({
      batchSize: 1000,
      maxBatchingWindow: Duration.seconds(0),
      bisectBatchOnError: false,
      retryAttempts: 0,
      maxRecordAge: Duration.minutes(10),
      reportBatchItemFailures: false,
      parallelizationFactor: 10,
      startingPosition: lambda.StartingPosition.AT_TIMESTAMP,
      startingPositionTimestamp: 1767225600,
      filters: [{ data: { type: ['CRITICAL_EVENT'] } }],
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 0,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: 0,
      MaximumRecordAgeInSeconds: 600,
      FunctionResponseTypes: Match.absent(),
      ParallelizationFactor: 10,
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: 1767225600,
      FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["CRITICAL_EVENT"]}}' }] },
    });
  });

  test('the function may read the stream, and nothing else of it', () => {
    const { template } = streamConsumer();
    const onStream = statementsOf(template, 'Analytics').filter((statement) => JSON.stringify(statement.Resource).includes('"Clicks'));
    expect(onStream).toHaveLength(1);
    expect(onStream[0].Action).toEqual(expect.arrayContaining(['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards']));
    expect(onStream[0].Action.filter((action: string) => /Put|Delete|Update|Create/.test(action))).toEqual([]);
  });

  test('enhanced fan-out: a consumer of its own on the stream, which the mapping reads and the function may subscribe to', () => {
    const { template } = streamConsumer({ enhancedFanOut: true, consumerName: 'click-analytics' });
    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', { ConsumerName: 'click-analytics', StreamARN: getAtt('Clicks', 'Arn') });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: getAtt('ClickAnalyticsConsumer', 'ConsumerARN') });
    expect(statementsOf(template, 'Analytics')).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'], Resource: getAttOf('ClickAnalyticsConsumer', 'ConsumerARN') },
    ]));
  });

  test('enhanced fan-out without a name: one derived from the construct path', () => {
    const { template, consumer } = streamConsumer({ enhancedFanOut: true });
    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', { ConsumerName: Match.stringLikeRegexp('^TestClickAnalytics') });
    expect(consumer.eventSourceArn).toBe(consumer.fanOutConsumer!.streamConsumerArn);
  });

  test('warns when records may expire from the stream before they are old enough to be skipped', () => {
    const scope = stack();
    const stream = new ServerlessKinesisStream(scope, 'Clicks', { retentionPeriod: Duration.hours(48) });
    const handler = new ServiceFunction(scope, 'Analytics', { assetPath });
    new StreamConsumer(scope, 'Short', { handler, stream, maxRecordAge: Duration.hours(47) });
    new StreamConsumer(scope, 'Long', { handler, stream, maxRecordAge: Duration.hours(48) });
    const warnings = Annotations.fromStack(scope).findWarning('*', Match.stringLikeRegexp('maxRecordAge'));
    expect(warnings.map((warning) => warning.id)).toEqual(['/Test/Long']);
  });
});

describe('StreamConsumer failure queue', () => {
  test('created unless given: SQS-encrypted, TLS-only, messages kept 14 days; the function may send to it', () => {
    const { template } = tableConsumer();
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^OrdersSyncFailureQueue') }],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    expect(statementsOf(template, 'Sync')).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: expect.arrayContaining(['sqs:SendMessage']), Resource: getAttOf('OrdersSyncFailureQueue', 'Arn') },
    ]));
  });

  test('a given queue is used as it is, and none is created', () => {
    const scope = stack();
    const failureQueue = new sqs.Queue(scope, 'Failures', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    const handler = new ServiceFunction(scope, 'Sync', { assetPath });
    const consumer = new StreamConsumer(scope, 'OrdersSync', { handler, table: tableWithStream(scope), failureQueue });
    const template = Template.fromStack(scope);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { DestinationConfig: { OnFailure: { Destination: getAtt('Failures', 'Arn') } } });
    expect(consumer.failureQueue).toBe(failureQueue);
    expect(acknowledged(failureQueue)).toEqual([]);
  });
});

describe('StreamConsumer props', () => {
  test.each<[string, (scope: Stack) => Partial<StreamConsumerProps>, string]>([
    ['neither a table nor a stream', () => ({}), 'Set `table` (a DynamoDB table with a stream) or `stream` (a Kinesis data stream).'],
    ['both a table and a stream', (scope) => ({ table: tableWithStream(scope), stream: new ServerlessKinesisStream(scope, 'S') }), 'Set `table` or `stream`, not both.'],
    ['a table without a stream', (scope) => ({ table: new dynamodb.Table(scope, 'Plain', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }) }),
      '`table` Test/Plain has no stream: create it with `stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES` (or another view type), or import it with `tableStreamArn`.'],
    ['enhanced fan-out on a table', (scope) => ({ table: tableWithStream(scope), enhancedFanOut: true }), '`enhancedFanOut` needs a Kinesis `stream`'],
    ['a consumer name without enhanced fan-out', (scope) => ({ stream: new ServerlessKinesisStream(scope, 'S'), consumerName: 'x' }), '`consumerName` \'x\' needs `enhancedFanOut: true`.'],
    ['an invalid consumer name', (scope) => ({ stream: new ServerlessKinesisStream(scope, 'S'), enhancedFanOut: true, consumerName: 'a b' }),
      '`consumerName` must be 1-128 letters, digits, \'_\', \'.\' or \'-\'; got \'a b\'.'],
    ['AT_TIMESTAMP on a table', (scope) => ({ table: tableWithStream(scope), startingPosition: lambda.StartingPosition.AT_TIMESTAMP, startingPositionTimestamp: 1 }),
      '`startingPosition` AT_TIMESTAMP needs a Kinesis `stream`'],
    ['AT_TIMESTAMP without a timestamp', (scope) => ({ stream: new ServerlessKinesisStream(scope, 'S'), startingPosition: lambda.StartingPosition.AT_TIMESTAMP }),
      '`startingPosition` AT_TIMESTAMP needs `startingPositionTimestamp` (Unix time in seconds).'],
    ['a timestamp without AT_TIMESTAMP', (scope) => ({ stream: new ServerlessKinesisStream(scope, 'S'), startingPositionTimestamp: 1 }),
      '`startingPositionTimestamp` 1 needs `startingPosition` AT_TIMESTAMP; got the default.'],
    ['an empty batch', (scope) => ({ table: tableWithStream(scope), batchSize: 0 }), '`batchSize` must be a whole number from 1 to 10000; got 0.'],
    ['a batch too large', (scope) => ({ table: tableWithStream(scope), batchSize: 10001 }), '`batchSize` must be a whole number from 1 to 10000; got 10001.'],
    ['a batching window too long', (scope) => ({ table: tableWithStream(scope), maxBatchingWindow: Duration.minutes(6) }),
      '`maxBatchingWindow` must be from 0 seconds to 5 minutes; got 6 minutes.'],
    ['endless retries', (scope) => ({ table: tableWithStream(scope), retryAttempts: -1 }), '`retryAttempts` must be a whole number from 0 to 10000; got -1.'],
    ['a record age too short', (scope) => ({ table: tableWithStream(scope), maxRecordAge: Duration.seconds(30) }), '`maxRecordAge` must be from 1 minute to 7 days; got 30 seconds.'],
    ['a record age too long', (scope) => ({ table: tableWithStream(scope), maxRecordAge: Duration.days(8) }), '`maxRecordAge` must be from 1 minute to 7 days; got 8 days.'],
    ['a parallelization factor too high', (scope) => ({ table: tableWithStream(scope), parallelizationFactor: 11 }),
      '`parallelizationFactor` must be a whole number from 1 to 10; got 11.'],
    ['an empty filter pattern', (scope) => ({ table: tableWithStream(scope), filters: [{ eventName: ['INSERT'] }, {}] }),
      '`filters[1]` must be a pattern object with at least one field, e.g. { eventName: [\'INSERT\'] }; got {}.'],
  ])('fails on %s, naming the prop', (_case, props, message) => {
    const scope = stack();
    const handler = new ServiceFunction(scope, 'Fn', { assetPath });
    expect(() => new StreamConsumer(scope, 'Consumer', { handler, ...props(scope) })).toThrow(`Test/Consumer: ${message}`);
  });

  test('reports every wrong prop at once', () => {
    const scope = stack();
    const handler = new ServiceFunction(scope, 'Fn', { assetPath });
    expect(() => new StreamConsumer(scope, 'Consumer', { handler, table: tableWithStream(scope), batchSize: 0, parallelizationFactor: 0 }))
      .toThrow(/`batchSize` must be .*\nTest\/Consumer: `parallelizationFactor` must be/);
  });

  test('an imported function without its role gets the mapping, and a warning that the grants are the user\'s to make', () => {
    const scope = stack();
    const handler = lambda.Function.fromFunctionName(scope, 'Imported', 'sync-orders');
    new StreamConsumer(scope, 'Consumer', { handler, table: tableWithStream(scope) });
    const template = Template.fromStack(scope);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt('Orders', 'StreamArn'),
      DestinationConfig: { OnFailure: { Destination: getAtt('ConsumerFailureQueue', 'Arn') } },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    Annotations.fromStack(scope).hasWarning('/Test/Consumer', Match.stringLikeRegexp('^`handler` Test/Imported was imported without its role'));
  });

  test('an imported table with its stream ARN is read by that ARN', () => {
    const scope = stack();
    const table = dynamodb.Table.fromTableAttributes(scope, 'Imported', {
      tableName: 'orders',
      tableStreamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000',
    });
    new StreamConsumer(scope, 'Consumer', { handler: new ServiceFunction(scope, 'Fn', { assetPath }), table });
    Template.fromStack(scope).hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000',
    });
  });
});

describe('StreamConsumer and cdk-nag', () => {
  /** A stack with a table consumer and a Kinesis consumer through enhanced fan-out. */
  function app(): Stack {
    const scope = stack();
    new StreamConsumer(scope, 'OrdersSync', {
      handler: new ServiceFunction(scope, 'Sync', { assetPath, preset: FunctionPreset.IO_BOUND }),
      table: tableWithStream(scope),
    });
    new StreamConsumer(scope, 'ClickAnalytics', {
      handler: new ServiceFunction(scope, 'Analytics', { assetPath, preset: FunctionPreset.IO_BOUND }),
      stream: new ServerlessKinesisStream(scope, 'Clicks'),
      enhancedFanOut: true,
    });
    return scope;
  }

  test.each<[string, () => NagPack]>([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['Serverless', () => new ServerlessChecks()],
    ['ServerlessPatterns', () => new ServerlessPatternsChecks()],
  ])('%s: no unacknowledged findings', (_pack, pack) => {
    const findings = pack().validateScope(app()).violations
      .map((violation) => `${violation.severity} ${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  test('the mappings satisfy the failure-destination rules themselves: nothing on them is acknowledged', () => {
    const scope = app();
    const mappings = scope.node.findAll().filter((c) => c instanceof lambda.EventSourceMapping || c instanceof lambda.CfnEventSourceMapping);
    expect(mappings).toHaveLength(4);
    expect(mappings.flatMap(acknowledged)).toEqual([]);
  });

  test('acknowledged precisely: the failure queue is the end of the line, ListStreams takes only `*`, the function is invoked synchronously', () => {
    const scope = app();
    const consumer = scope.node.findChild('OrdersSync');
    expect(acknowledged(consumer.node.findChild('FailureQueue')).sort()).toEqual(['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']);
    expect(acknowledged(consumer.node.findChild('ListStreamsPolicy'))).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(acknowledged(scope.node.findChild('Sync'))).toEqual(['Serverless-LambdaDLQ']);
    expect(acknowledged(scope.node.findChild('ClickAnalytics').node.findChild('Consumer'))).toEqual([]);
  });

  test('a function with a dead-letter queue, or of another stack, is not acknowledged', () => {
    const scope = stack();
    const withQueue = new ServiceFunction(scope, 'WithQueue', { assetPath, deadLetterQueue: new sqs.Queue(scope, 'Dlq') });
    new StreamConsumer(scope, 'A', { handler: withQueue, table: tableWithStream(scope) });
    const other = new Stack(scope.node.scope as App, 'Other');
    const foreign = new ServiceFunction(other, 'Foreign', { assetPath });
    new StreamConsumer(scope, 'B', { handler: foreign, stream: kinesis.Stream.fromStreamArn(scope, 'S', 'arn:aws:kinesis:eu-west-1:123456789012:stream/s') });
    expect(acknowledged(withQueue)).toEqual([]);
    expect(acknowledged(foreign)).toEqual([]);
  });

  test('the ListStreams policy is the only one with a wildcard the consumer adds', () => {
    const scope = app();
    const template = Template.fromStack(scope);
    const wildcards = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, policy]: [string, any]) => JSON.stringify(policy.Properties.PolicyDocument).includes('"Resource":"*"'))
      .map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    // the functions' X-Ray grants are in their roles, acknowledged there (InlinePolicyRole)
    expect(wildcards.sort()).toEqual(['OrdersSyncListStreamsPolicy']);
    const listStreams = scope.node.findChild('OrdersSync').node.findChild('ListStreamsPolicy').node.defaultChild as CfnElement;
    expect(scope.resolve(listStreams.logicalId)).toMatch(/^OrdersSyncListStreamsPolicy/);
  });
});
