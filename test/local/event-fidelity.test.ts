/**
 * Every event local mode builds, judged from outside: parsed with the Zod schemas of
 * `@aws-lambda-powertools/parser`, which model what AWS really sends. An authorizer or a handler
 * that parses its event with Powertools takes local mode's events as it takes AWS's.
 */
import {
  APIGatewayProxyEventSchema, APIGatewayRequestAuthorizerEventSchema, APIGatewayTokenAuthorizerEventSchema, DynamoDBStreamSchema, EventBridgeSchema,
  KinesisDataStreamSchema, S3EventNotificationEventBridgeSchema, S3Schema, SqsSchema,
} from '@aws-lambda-powertools/parser/schemas';
import type { ZodType } from 'zod';
import { methodArn, requestEvent, tokenEvent } from '../../src/local/api-gateway/authorizer';
import { buildProxyEvent, lambdaAuthorizerContext, LocalHttpRequest } from '../../src/local/api-gateway/proxy-event';
import { LocalEventBridge } from '../../src/local/event-bridge';
import { LocalQueue, LocalRule } from '../../src/local/local-app';
import { LocalQueues } from '../../src/local/local-queues';
import { QueueEventSource } from '../../src/local/queue-event-source';
import { eventBridgeEntry, s3EventRecord, S3ObjectChange } from '../../src/local/s3';
import { batchEvent } from '../../src/local/stream-event-source/lambda-events';

/** The issues of `schema` with `event`: none when it parses. */
function issues(schema: ZodType, event: unknown): unknown[] {
  const result = schema.safeParse(event);
  return result.success ? [] : result.error.issues;
}

const request = (overrides: Partial<LocalHttpRequest> = {}): LocalHttpRequest => ({
  method: 'POST',
  url: '/items/42?expand=true&tag=a&tag=b',
  headers: { 'Host': '127.0.0.1:3000', 'Content-Type': 'application/json', 'User-Agent': 'test', 'Authorization': 'Bearer allow' },
  body: Buffer.from('{"name":"lamp"}'),
  sourceIp: '127.0.0.1',
  ...overrides,
});
const ROUTE = { route: { method: 'POST', resourcePath: '/items/{id}' }, pathParameters: { id: '42' } };
const BARE_ROUTE = { route: { method: 'GET', resourcePath: '/items' }, pathParameters: {} };
const ARN = methodArn({ region: 'us-east-1', account: '000000000000', apiId: 'local', stage: 'prod' }, 'POST', '/items/42');

describe('API Gateway (REST)', () => {
  test.each([
    ['with path parameters, a query string, a body and an authorizer', request(), ROUTE, lambdaAuthorizerContext('user-1', { tier: 'gold' })],
    ['bare: no path parameter, query string, body or authorizer', request({ method: 'GET', url: '/items', body: Buffer.alloc(0) }), BARE_ROUTE, undefined],
    ['a binary body', request({ body: Buffer.from([0xff, 0xfe, 0x00]) }), ROUTE, undefined],
  ])('the proxy event %s', (_case, http, route, authorizer) => {
    const event = buildProxyEvent(http, route, { stage: 'prod', authorizer });
    expect(issues(APIGatewayProxyEventSchema, event)).toEqual([]);
  });

  test('the TOKEN authorizer event', () => {
    expect(issues(APIGatewayTokenAuthorizerEventSchema, tokenEvent('Bearer allow', ARN))).toEqual([]);
  });

  test.each([
    ['with path parameters and a query string', request(), ROUTE],
    ['without path parameters, stage variables or query string: {} where AWS sends {}', request({ method: 'GET', url: '/items', body: Buffer.alloc(0) }), BARE_ROUTE],
  ])('the REQUEST authorizer event %s', (_case, http, route) => {
    const event = requestEvent(buildProxyEvent(http, route, { stage: 'prod' }) as unknown as Record<string, unknown>, ARN);
    expect(issues(APIGatewayRequestAuthorizerEventSchema, event)).toEqual([]);
  });
});

describe('EventBridge', () => {
  test('the event a rule delivers to a function', async () => {
    const delivered: unknown[] = [];
    const rule: LocalRule = {
      logicalId: 'Rule',
      bus: 'shop',
      pattern: { source: ['items'] },
      targets: [{ kind: 'function', target: 'Fn', retryAttempts: 0, maxEventAgeSeconds: 60 }],
    };
    const bridge = new LocalEventBridge({ eventBuses: ['shop'], rules: [rule] }, {
      invokeFunction: async (_fn, payload) => {
        delivered.push(payload);
      },
      sendToQueue: async () => undefined,
      startExecution: async () => undefined,
    });
    bridge.putEvents([{ EventBusName: 'shop', Source: 'items', DetailType: 'ItemCreated', Detail: '{"id":"1"}', Resources: ['arn:aws:s3:::b'] }]);
    await bridge.idle();
    expect(delivered).toHaveLength(1);
    expect(issues(EventBridgeSchema, delivered[0])).toEqual([]);
  });
});

describe('SQS', () => {
  test('the event of a batch read by an event source mapping', async () => {
    const queue: LocalQueue = {
      logicalId: 'Q', name: 'shop-Q', url: 'http://127.0.0.1:9324/000000000000/shop-Q', arn: 'arn:aws:sqs:us-east-1:000000000000:shop-Q', visibilityTimeoutSeconds: 30, retentionSeconds: 3600,
    };
    const queues = new LocalQueues([queue]);
    const events: unknown[] = [];
    const source = new QueueEventSource({
      logicalId: 'M',
      function: 'Fn',
      sourceKind: 'queue',
      source: 'Q',
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      reportBatchItemFailures: false,
      bisectBatchOnError: false,
      maxRetryAttempts: -1,
      filters: [],
    }, queues, async (_fn, event) => {
      events.push(event);
      return { ok: true, result: null };
    });
    queues.send('Q', '{"orderId":"1"}');
    queues.send('Q', 'plain text');
    source.start();
    while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await source.stop();
    expect(issues(SqsSchema, events[0])).toEqual([]);
  });
});

describe('S3', () => {
  const bucket = { name: 'shop-uploads', arn: 'arn:aws:s3:::shop-uploads', versioned: false };
  const created: S3ObjectChange = {
    eventName: 'ObjectCreated:Put',
    key: 'photos/a b.png',
    size: 12,
    eTag: 'd41d8cd98f00b204e9800998ecf8427e',
    sequencer: '0000000000000001',
    time: new Date('2026-12-06T00:00:00Z'),
    requestId: 'REQ',
    hostId: 'HOST',
    sourceIp: '127.0.0.1',
    accessKeyId: 'local',
  };

  test.each([
    ['an object created', created],
    ['an object removed', { ...created, eventName: 'ObjectRemoved:Delete', size: undefined, eTag: undefined }],
  ])('the notification event of %s', (_case, change) => {
    expect(issues(S3Schema, { Records: [s3EventRecord(bucket, 'thumbnails', change)] })).toEqual([]);
  });

  test('the Object Created event a bucket puts on the default bus', async () => {
    const delivered: unknown[] = [];
    const rule: LocalRule = {
      logicalId: 'Rule', bus: 'default', pattern: { source: ['aws.s3'] }, targets: [{ kind: 'function', target: 'Fn', retryAttempts: 0, maxEventAgeSeconds: 60 }],
    };
    const bridge = new LocalEventBridge({ eventBuses: [], rules: [rule] }, {
      invokeFunction: async (_fn, payload) => {
        delivered.push(payload);
      },
      sendToQueue: async () => undefined,
      startExecution: async () => undefined,
    });
    bridge.putEvents([eventBridgeEntry(bucket, created)]);
    await bridge.idle();
    expect(issues(S3EventNotificationEventBridgeSchema, delivered[0])).toEqual([]);
  });
});

describe('streams', () => {
  const context = { streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:shop-Analytics' };

  test('the event of a Kinesis batch', () => {
    const event = batchEvent({ sourceKind: 'kinesis', ...context }, 'shardId-000000000000', [
      { kind: 'kinesis', sequenceNumber: '49590338271490256608559692538361571095921575989136588898', partitionKey: 'pk', data: Buffer.from('{"page":"/"}'), arrivalMs: 1_765_000_000_123 },
    ]);
    expect(issues(KinesisDataStreamSchema, event)).toEqual([]);
  });

  test.each([
    ['INSERT', { NewImage: { id: { S: '1' }, n: { N: '2' } } }],
    ['MODIFY', { NewImage: { id: { S: '1' }, n: { N: '3' } }, OldImage: { id: { S: '1' }, n: { N: '2' } } }],
    ['REMOVE', { OldImage: { id: { S: '1' } } }],
  ] as const)('the event of a table stream batch: %s', (eventName, images) => {
    const event = batchEvent({ sourceKind: 'table-stream', ...context, streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/items/stream/1970-01-01T00:00:00.000' },
      'shardId-1', [{
        kind: 'dynamodb',
        sequenceNumber: '000000000000000000001',
        eventID: 'event-1',
        eventName,
        dynamodb: { ApproximateCreationDateTime: 1_765_000_000, Keys: { id: { S: '1' } }, ...images, SequenceNumber: '000000000000000000001', SizeBytes: 20, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        arrivalMs: 1_765_000_000_000,
      }]);
    expect(issues(DynamoDBStreamSchema, event)).toEqual([]);
  });
});
