import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { findings, fn, testStack } from './helpers';

describe('LambdaMonolith: one function per operation', () => {
  function apiWithRoutes(routesToOneFunction: number) {
    const stack = testStack();
    const api = new apigateway.RestApi(stack, 'Api');
    const handler = fn(stack, 'Handler');
    ['a', 'b', 'c', 'd', 'e'].slice(0, routesToOneFunction).forEach((path) => api.root.addResource(path).addMethod('GET', new apigateway.LambdaIntegration(handler)));
    return stack;
  }

  test('flags a function behind four routes', () => {
    expect(findings(apiWithRoutes(4))).toContain('LambdaMonolith @ Test/Handler/Resource');
  });

  test('accepts three routes, and honours the threshold option', () => {
    expect(findings(apiWithRoutes(3))).not.toContain('LambdaMonolith @ Test/Handler/Resource');
    expect(findings(apiWithRoutes(3), { maxTriggersPerFunction: 2 })).toContain('LambdaMonolith @ Test/Handler/Resource');
  });

  test('counts event sources and rule targets too', () => {
    const stack = testStack();
    const handler = fn(stack, 'Handler');
    for (const id of ['Q1', 'Q2']) handler.addEventSource(new sources.SqsEventSource(new sqs.Queue(stack, id)));
    for (const id of ['R1', 'R2']) new events.Rule(stack, id, { eventPattern: { source: [id] }, targets: [new targets.LambdaFunction(handler)] });
    expect(findings(stack)).toContain('LambdaMonolith @ Test/Handler/Resource');
  });
});

describe('LambdaRecursion: no function re-triggers itself', () => {
  test('flags a function allowed to invoke itself', () => {
    const stack = testStack();
    const handler = fn(stack, 'Handler');
    handler.grantInvoke(handler);
    expect(findings(stack)).toContain('LambdaRecursion[SelfInvoke] @ Test/Handler/Resource');
  });

  test('flags a function that may put records to the stream it reads through an enhanced fan-out consumer', () => {
    const stack = testStack();
    const stream = new kinesis.Stream(stack, 'Clicks');
    const consumer = new kinesis.StreamConsumer(stack, 'Consumer', { stream, streamConsumerName: 'reader' });
    const handler = fn(stack, 'Handler');
    new lambda.EventSourceMapping(stack, 'Mapping', {
      target: handler,
      eventSourceArn: consumer.streamConsumerArn,
      startingPosition: lambda.StartingPosition.LATEST,
      onFailure: new sources.SqsDlq(new sqs.Queue(stack, 'Failed')),
    });
    stream.grantWrite(handler);
    expect(findings(stack).filter((f) => f.startsWith('LambdaRecursion'))).toEqual([
      expect.stringMatching(/^LambdaRecursion\[WritesToTrigger:Clicks[0-9A-F]+\] @ Test\/Handler\/Resource$/),
    ]);
  });

  test('flags a function that may send to the queue it consumes', () => {
    const stack = testStack();
    const queue = new sqs.Queue(stack, 'Work');
    const handler = fn(stack, 'Handler');
    handler.addEventSource(new sources.SqsEventSource(queue));
    queue.grantSendMessages(handler);
    expect(findings(stack).filter((f) => f.startsWith('LambdaRecursion'))).toEqual([
      expect.stringMatching(/^LambdaRecursion\[WritesToTrigger:Work[0-9A-F]+\] @ Test\/Handler\/Resource$/),
    ]);
  });

  test('flags a function that may write to the table whose stream it reads', () => {
    const stack = testStack();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, stream: dynamodb.StreamViewType.NEW_IMAGE });
    const handler = fn(stack, 'Handler');
    handler.addEventSource(new sources.DynamoEventSource(table, { startingPosition: lambda.StartingPosition.LATEST }));
    table.grantWriteData(handler);
    expect(findings(stack).some((f) => /^LambdaRecursion\[WritesToTrigger:Table/.test(f))).toBe(true);
  });

  test('flags a function that may put the events its own rule sends it', () => {
    const stack = testStack();
    const bus = new events.EventBus(stack, 'Bus');
    const handler = fn(stack, 'Handler');
    new events.Rule(stack, 'OnOrder', { eventBus: bus, eventPattern: { detailType: ['OrderPlaced'] }, targets: [new targets.LambdaFunction(handler)] });
    bus.grantPutEventsTo(handler);
    expect(findings(stack).some((f) => /^LambdaRecursion\[WritesToTrigger:OnOrder/.test(f))).toBe(true);
  });

  test('flags a function that may write under the prefix whose uploads invoke it', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Data');
    const handler = fn(stack, 'Transform');
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(handler), { prefix: 'incoming/' });
    bucket.grantPut(handler);
    expect(findings(stack).some((f) => /^LambdaRecursion\[WritesToTrigger:Data/.test(f))).toBe(true);
  });

  test('accepts the spec\'s data lake: read incoming/, write processed/', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Data');
    const handler = fn(stack, 'Transform');
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(handler), { prefix: 'incoming/' });
    bucket.grantPut(handler, 'processed/*');
    expect(findings(stack).filter((f) => f.startsWith('LambdaRecursion'))).toEqual([]);
  });

  test('accepts the fix: a worker that reads its queue and sends to another one', () => {
    const stack = testStack();
    const work = new sqs.Queue(stack, 'Work');
    const next = new sqs.Queue(stack, 'Next');
    const handler = fn(stack, 'Handler');
    handler.addEventSource(new sources.SqsEventSource(work));
    next.grantSendMessages(handler);
    expect(findings(stack).filter((f) => f.startsWith('LambdaRecursion'))).toEqual([]);
  });

  test('accepts a function that publishes other detail types than its rule matches', () => {
    const stack = testStack();
    const bus = new events.EventBus(stack, 'Bus');
    const handler = fn(stack, 'Handler');
    new events.Rule(stack, 'OnOrder', { eventBus: bus, eventPattern: { detailType: ['OrderPlaced'] }, targets: [new targets.LambdaFunction(handler)] });
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['events:PutEvents'], resources: [bus.eventBusArn], conditions: { StringEquals: { 'events:detail-type': ['OrderShipped'] } },
    }));
    expect(findings(stack).filter((f) => f.startsWith('LambdaRecursion'))).toEqual([]);
  });
});

describe('LambdaChaining: functions do not call functions', () => {
  test('flags a function allowed to invoke another', () => {
    const stack = testStack();
    const first = fn(stack, 'First');
    fn(stack, 'Second').grantInvoke(first);
    expect(findings(stack)).toContain('LambdaChaining @ Test/First/Resource');
  });

  test('accepts the fix: publishing to EventBridge, the next function subscribed', () => {
    const stack = testStack();
    const bus = new events.EventBus(stack, 'Bus');
    const first = fn(stack, 'First');
    bus.grantPutEventsTo(first);
    new events.Rule(stack, 'Next', { eventBus: bus, eventPattern: { detailType: ['Step1Completed'] }, targets: [new targets.LambdaFunction(fn(stack, 'Second'), { deadLetterQueue: new sqs.Queue(stack, 'Dlq') })] });
    expect(findings(stack)).toEqual([]);
  });
});

describe('ApiTimeoutBeyondIntegration: API functions finish within 29 s', () => {
  test.each([[30, ['ApiTimeoutBeyondIntegration @ Test/Handler/Resource']], [29, []]])('timeout %d s behind an API', (seconds, expected) => {
    const stack = testStack();
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('POST', new apigateway.LambdaIntegration(fn(stack, 'Handler', { timeout: Duration.seconds(seconds) })));
    expect(findings(stack)).toEqual(expected);
  });

  test('sees through a live alias to the function behind it', () => {
    const stack = testStack();
    const handler = fn(stack, 'Handler', { timeout: Duration.seconds(60) });
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: handler.currentVersion });
    new apigateway.RestApi(stack, 'Api').root.addMethod('GET', new apigateway.LambdaIntegration(alias));
    expect(findings(stack)).toEqual(['ApiTimeoutBeyondIntegration @ Test/Handler/Resource']);
  });

  test('a long timeout off the API path is not this rule\'s business', () => {
    const stack = testStack();
    fn(stack, 'Handler', { timeout: Duration.seconds(120) });
    expect(findings(stack)).toEqual([]);
  });
});

describe('LongRunningFunction: Step Functions waits, not Lambda', () => {
  test('flags a 15-minute function, accepts 5 minutes', () => {
    const stack = testStack();
    fn(stack, 'Poller', { timeout: Duration.minutes(15) });
    fn(stack, 'Worker', { timeout: Duration.minutes(5) });
    expect(findings(stack)).toEqual(['LongRunningFunction @ Test/Poller/Resource']);
  });
});

describe('AsyncFailureDestination: nothing is lost silently', () => {
  test('flags a rule target without a dead-letter queue, accepts one with', () => {
    const stack = testStack();
    new events.Rule(stack, 'Lossy', { eventPattern: { source: ['a'] }, targets: [new targets.LambdaFunction(fn(stack, 'A'))] });
    new events.Rule(stack, 'Safe', { eventPattern: { source: ['b'] }, targets: [new targets.LambdaFunction(fn(stack, 'B'), { deadLetterQueue: new sqs.Queue(stack, 'Dlq') })] });
    expect(findings(stack)).toEqual(['AsyncFailureDestination @ Test/Lossy/Resource']);
  });

  test('flags a stream mapping without an on-failure destination, accepts one with', () => {
    const stack = testStack();
    const stream = new kinesis.Stream(stack, 'Stream');
    fn(stack, 'Lossy').addEventSource(new sources.KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST }));
    fn(stack, 'Safe').addEventSource(new sources.KinesisEventSource(stream, {
      startingPosition: lambda.StartingPosition.LATEST, onFailure: new sources.SqsDlq(new sqs.Queue(stack, 'Failed')),
    }));
    expect(findings(stack)).toEqual([expect.stringMatching(/^AsyncFailureDestination @ Test\/Lossy\/KinesisEventSource:/)]);
  });

  test('leaves SQS mappings to the queue redrive policy', () => {
    const stack = testStack();
    fn(stack, 'Worker').addEventSource(new sources.SqsEventSource(new sqs.Queue(stack, 'Work')));
    expect(findings(stack)).toEqual([]);
  });
});

describe('UnreservedConcurrency: reservations leave the account its minimum', () => {
  test('flags reservations that leave fewer than 100 of 1000 unreserved', () => {
    const stack = testStack();
    fn(stack, 'A', { reservedConcurrentExecutions: 500 });
    fn(stack, 'B', { reservedConcurrentExecutions: 401 });
    expect(findings(stack)).toEqual(['UnreservedConcurrency @ Test/A/Resource', 'UnreservedConcurrency @ Test/B/Resource']);
  });

  test('accepts the same reservations in an account with a larger quota', () => {
    const stack = testStack();
    fn(stack, 'A', { reservedConcurrentExecutions: 500 });
    fn(stack, 'B', { reservedConcurrentExecutions: 401 });
    expect(findings(stack, { accountConcurrency: 2000 })).toEqual([]);
  });
});
