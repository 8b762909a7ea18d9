/**
 * Local mode end to end, without AWS: a shop synthesized in-process with this repo's constructs
 * (REST API with a TOKEN authorizer and body models, a microservice with its table, a bus with
 * subscribers, an API → SQS route with a consumer), its bundles small CommonJS handlers that use
 * the AWS SDK, run by `startLocal` and driven over HTTP, as the spec's integration test drives the
 * deployed app.
 *
 * The tests of this file share one running app and run in order: the SQS test queues a message that
 * fails, and the last tests wait for its redelivery and its redrive to the dead-letter queue, so
 * that the visibility timeout (6 s: six times the consumer's 1 s timeout, the least the construct
 * accepts) elapses while the other tests run.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { appDir, removeAppDir, synthesize, writeBundles } from './local-fixtures';
import { Microservice, QueueApi, RequestSchemas, ServerlessEventBus, ServerlessRestApi, ServiceFunction, TableAccess } from '../../src';
import { LocalMode, startLocal } from '../../src/local/local-mode';
import { LocalRestApiServer } from '../../src/local/rest-api-server';
import { logicalId } from '../constructs/helpers';

/** The orders queue's visibility timeout: six times its consumer's 1 s timeout, the least `QueueApi` accepts. */
const VISIBILITY_SECONDS = 6;

const BUNDLES = {
  authorizer: `
exports.handler = async (event) => {
  // allow the whole stage, so that a cached decision holds for every route
  const stage = event.methodArn.split('/').slice(0, 2).join('/') + '/*';
  const policy = (principalId, effect) => ({
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: stage }] },
    context: { tier: 'gold' },
  });
  if (event.authorizationToken.startsWith('Bearer allow')) return policy('user-1', 'Allow');
  if (event.authorizationToken === 'Bearer deny') return policy('user-2', 'Deny');
  throw new Error('Unauthorized');
};
`,
  create: `
const { randomUUID } = require('node:crypto');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const bus = new EventBridgeClient({});
exports.handler = async (event) => {
  const { name, price } = JSON.parse(event.body);
  const item = { id: randomUUID(), name, price, owner: event.requestContext.authorizer.principalId };
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));
  const out = await bus.send(new PutEventsCommand({ Entries: [{
    EventBusName: process.env.EVENT_BUS_NAME, Source: process.env.EVENT_SOURCE, DetailType: 'ItemCreated', Detail: JSON.stringify(item),
  }] }));
  if (out.FailedEntryCount) throw new Error('PutEvents failed: ' + JSON.stringify(out.Entries));
  return { statusCode: 201, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(item) };
};
`,
  get: `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.handler = async (event) => {
  const out = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.pathParameters.id } }));
  return out.Item
    ? { statusCode: 200, body: JSON.stringify(out.Item) }
    : { statusCode: 404, body: JSON.stringify({ message: 'item ' + event.pathParameters.id + ' not found' }) };
};
`,
  notify: `
exports.handler = async (event) => {
  console.log('NOTIFIED ' + event['detail-type'] + ' ' + event.detail.id);
};
`,
  audit: `
exports.handler = async () => {
  throw new Error('audit is down');
};
`,
  boom: `
exports.handler = async () => {
  throw new TypeError('boom');
};
`,
  slow: `
exports.handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 10000));
  return { statusCode: 200, body: 'too late' };
};
`,
  health: `
exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ ok: true }) });
`,
  orders: `
exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    const { orderId } = JSON.parse(record.body);
    console.log('ORDER ' + JSON.stringify({ orderId, messageId: record.messageId, receiveCount: Number(record.attributes.ApproximateReceiveCount) }));
    if (orderId.startsWith('fail')) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
};
`,
};

const ITEM_SCHEMA = RequestSchemas.fromObject({
  type: 'object',
  required: ['name', 'price'],
  properties: { name: { type: 'string' }, price: { type: 'number', minimum: 0 } },
});
const ORDER_SCHEMA = RequestSchemas.fromObject({ type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } });

function shop(app: App, assets: Record<keyof typeof BUNDLES, string>) {
  const stack = new Stack(app, 'shop');
  const authorizer = new ServiceFunction(stack, 'Authorizer', { assetPath: assets.authorizer });
  const api = new ServerlessRestApi(stack, 'Api', { restApiName: 'shop', authorizer: { handler: authorizer } });
  const bus = new ServerlessEventBus(stack, 'Bus', { eventBusName: 'shop-events' });
  const items = new Microservice(stack, 'Items', {
    serviceName: 'items',
    api,
    eventBus: bus.bus,
    table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } },
  });
  items.addFunction('Create', {
    assetPath: assets.create,
    tableAccess: TableAccess.READ_WRITE,
    publishes: ['ItemCreated'],
    route: { method: 'POST', path: '/items', requestSchema: ITEM_SCHEMA },
  });
  items.addFunction('Get', { assetPath: assets.get, tableAccess: TableAccess.READ, route: { method: 'GET', path: '/items/{id}' } });
  items.addFunction('Notify', { assetPath: assets.notify, subscriptions: [{ sources: ['items'], detailTypes: ['ItemCreated'] }] });
  const audit = items.addFunction('Audit', {
    assetPath: assets.audit,
    subscriptions: [{ sources: ['items'], detailTypes: ['ItemCreated'], detail: { name: ['poison'] } }],
  });
  items.addFunction('Boom', { assetPath: assets.boom, route: { method: 'GET', path: '/boom', authorize: false } });
  items.addFunction('Slow', { assetPath: assets.slow, timeout: Duration.seconds(1), route: { method: 'GET', path: '/slow', authorize: false } });
  items.addFunction('Health', { assetPath: assets.health, route: { method: 'GET', path: '/health', authorize: false } });
  const orderWorker = new ServiceFunction(stack, 'OrderWorker', { assetPath: assets.orders, timeout: Duration.seconds(1) });
  const orders = new QueueApi(stack, 'Orders', {
    api,
    path: '/orders',
    consumer: orderWorker,
    bodySchema: ORDER_SCHEMA,
    authorize: false,
    visibilityTimeout: Duration.seconds(VISIBILITY_SECONDS),
    maxReceiveCount: 2,
  });
  // what local mode does not run: the bus's archive (ServerlessEventBus); and a bucket, which it runs on s3rver
  new s3.Bucket(stack, 'Uploads');
  const id = (construct: IConstruct) => logicalId(construct);
  return {
    notifyRule: id(items.node.findChild('NotifySubscription1')),
    auditRule: id(items.node.findChild('AuditSubscription1')),
    auditDeadLetterQueue: id(audit.deadLetterQueue!),
    ordersQueue: id(orders.queue),
    ordersDeadLetterQueue: id(orders.deadLetterQueue),
  };
}

let dir: string;
let assembly: string;
let local: LocalMode | undefined;
let ids: ReturnType<typeof shop>;
let api: string;
let origin: string;
const logs: string[] = [];
/** When the consumer failed the first order, and when it received it again. */
let ordersFailedAt = 0;
let ordersRedeliveredAt = 0;

beforeAll(async () => {
  dir = appDir('mode');
  const assets = writeBundles(dir, BUNDLES);
  const { assemblyDir, built } = synthesize(dir, (app) => shop(app, assets));
  ids = built;
  assembly = assemblyDir;
  local = await startLocal({ assemblyDir, port: 0, log: (line) => logs.push(line) });
  api = local.apiUrls.shop;
  origin = new URL(api).origin;
}, 120_000);

afterAll(async () => {
  await local?.stop();
  removeAppDir(dir);
});

function running(): LocalMode {
  if (!local) throw new Error('local mode is not running');
  return local;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

/** A request to the API: `path` relative to the stage (`items/1`), or absolute (`/other-stage/items`). */
async function request(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Answer> {
  const url = path.startsWith('/') ? `${origin}${path}` : `${api}${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token !== undefined && { Authorization: options.token }),
      ...(options.body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The invocations of a function (`Items/Create`) so far. */
function invocationsOf(fn: string) {
  return running().history.invocations.filter((invocation) => invocation.function === fn);
}

/** What the orders consumer logged: one entry per message per invocation. */
function ordersSeen(): Array<{ orderId: string; messageId: string; receiveCount: number }> {
  return logs.flatMap((line) => {
    const match = /^\[OrderWorker\] \S+ ORDER (\{.*\})$/.exec(line);
    return match ? [JSON.parse(match[1])] : [];
  });
}

function queueName(logicalIdOfQueue: string): string {
  const queue = running().app.queues.find((q) => q.logicalId === logicalIdOfQueue);
  if (!queue) throw new Error(`no queue ${logicalIdOfQueue} in ${running().app.queues.map((q) => q.logicalId).join(', ')}`);
  return queue.name;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms > 0 ? ms : 0));

describe('local mode runs the synthesized shop', () => {
  test('it reads the app and says what it does not run', () => {
    const { app, notEmulated, endpoints } = running();
    expect(app.stackName).toBe('shop');
    expect(app.functions.map((fn) => fn.path).sort()).toEqual([
      'shop/Authorizer', 'shop/Items/Audit', 'shop/Items/Boom', 'shop/Items/Create', 'shop/Items/Get',
      'shop/Items/Health', 'shop/Items/Notify', 'shop/Items/Slow', 'shop/OrderWorker',
    ]);
    expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod\/$/);
    expect(Object.keys(endpoints).sort()).toEqual([
      'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_EVENTBRIDGE', 'AWS_ENDPOINT_URL_S3',
      'AWS_REQUEST_CHECKSUM_CALCULATION', 'AWS_RESPONSE_CHECKSUM_VALIDATION',
    ]);
    expect(notEmulated).toEqual(expect.arrayContaining([
      '1 × AWS::Events::Archive',
      'the SQS API for the functions\' own calls: queues are fed by API routes, rules and failed invocations only',
    ]));
    // what it runs is not listed
    expect(notEmulated.join('\n')).not.toMatch(/Lambda::Function|DynamoDB|ApiGateway::Method|Events::Rule|SQS::Queue|EventSourceMapping|S3::Bucket/);
  });

  test('an API → SQS route queues the body; the consumer processes it and reports the message that failed', async () => {
    const ok = await request('POST', 'orders', { body: { orderId: 'ok-1' } });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ messageId: expect.any(String), requestId: expect.any(String) });
    const failing = await request('POST', 'orders', { body: { orderId: 'fail-1' } });
    expect(failing.status).toBe(200);
    await running().idle();
    ordersFailedAt = Date.now();

    expect(ordersSeen().map(({ orderId, receiveCount }) => ({ orderId, receiveCount })).sort((a, b) => a.orderId.localeCompare(b.orderId)))
      .toEqual([{ orderId: 'fail-1', receiveCount: 1 }, { orderId: 'ok-1', receiveCount: 1 }]);
    expect(ordersSeen().find((order) => order.orderId === 'fail-1')!.messageId).toBe(failing.json.messageId);
    expect(invocationsOf('OrderWorker').every((invocation) => invocation.ok)).toBe(true);
    // the partial batch failure: the one reported stays in the queue
    const batches = logs.filter((line) => line.startsWith('[sqs] ')).map((line) => JSON.parse(line.slice('[sqs] '.length)));
    expect(batches.reduce((sum, batch) => sum + batch.failed, 0)).toBe(1);
    expect(batches.reduce((sum, batch) => sum + batch.messages, 0)).toBe(2);
  });

  test('an order that does not match its model is refused with 400 and not queued', async () => {
    const before = invocationsOf('OrderWorker').length;
    const bad = await request('POST', 'orders', { body: { order: 'no id' } });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ message: 'Invalid request body' });
    await running().idle();
    expect(invocationsOf('OrderWorker')).toHaveLength(before);
  });

  let created: { id: string; name: string; price: number; owner: string };

  test('POST creates an item in DynamoDB, GET reads it back, and ItemCreated reaches its subscriber', async () => {
    const post = await request('POST', 'items', { token: 'Bearer allow', body: { name: 'lamp', price: 30 } });
    expect(post.status).toBe(201);
    created = post.json;
    expect(created).toEqual({ id: expect.any(String), name: 'lamp', price: 30, owner: 'user-1' });
    expect(post.headers.get('x-amzn-requestid')).toEqual(expect.any(String));

    const get = await request('GET', `items/${created.id}`, { token: 'Bearer allow' });
    expect(get.status).toBe(200);
    expect(get.json).toEqual(created);
    const missing = await request('GET', 'items/nope', { token: 'Bearer allow' });
    expect(missing.status).toBe(404);

    await running().idle();
    const event = running().history.events.find((e) => e.detailType === 'ItemCreated');
    expect(event).toEqual({ source: 'items', detailType: 'ItemCreated', rules: [ids.notifyRule] });
    expect(invocationsOf('Items/Notify')).toEqual([expect.objectContaining({ ok: true })]);
    expect(logs).toContainEqual(expect.stringMatching(new RegExp(`^\\[Items/Notify\\] \\S+ NOTIFIED ItemCreated ${created.id}$`)));
    expect(invocationsOf('Items/Audit')).toEqual([]);
  });

  test('the TOKEN authorizer: 401 without the header, 200 when its policy allows, 403 when it denies, and its decisions cached', async () => {
    const authorizerCalls = () => invocationsOf('Authorizer').length;
    let calls = authorizerCalls();

    const none = await request('GET', `items/${created.id}`);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ message: 'Unauthorized' });
    expect(authorizerCalls()).toBe(calls); // no identity: API Gateway does not call the authorizer

    const refused = await request('GET', `items/${created.id}`, { token: 'Bearer nobody' });
    expect(refused.status).toBe(401);
    expect(authorizerCalls()).toBe(++calls);

    const denied = await request('GET', `items/${created.id}`, { token: 'Bearer deny' });
    expect(denied.status).toBe(403);
    expect(denied.json).toEqual({ message: 'User is not authorized to access this resource with an explicit deny' });
    expect(authorizerCalls()).toBe(++calls);

    const first = await request('GET', `items/${created.id}`, { token: 'Bearer allow (cache)' });
    expect(first.status).toBe(200);
    expect(authorizerCalls()).toBe(++calls);
    // the same token again, on this route and another: the cached policy answers
    expect((await request('GET', `items/${created.id}`, { token: 'Bearer allow (cache)' })).status).toBe(200);
    expect((await request('GET', 'items/nope', { token: 'Bearer allow (cache)' })).status).toBe(404);
    expect((await request('GET', `items/${created.id}`, { token: 'Bearer deny' })).status).toBe(403);
    expect(authorizerCalls()).toBe(calls);
    // public routes do not ask it
    expect((await request('GET', 'health')).status).toBe(200);
    expect(authorizerCalls()).toBe(calls);
  });

  test('a body that does not match the route\'s model is refused with 400 before the function runs', async () => {
    const before = invocationsOf('Items/Create').length;
    for (const body of [{ name: 'lamp' }, { name: 42, price: 1 }, { name: 'lamp', price: -1 }, 'not json']) {
      const answer = await request('POST', 'items', { token: 'Bearer allow', body });
      expect({ body, status: answer.status, json: answer.json }).toEqual({ body, status: 400, json: { message: 'Invalid request body' } });
    }
    expect(invocationsOf('Items/Create')).toHaveLength(before);
  });

  test('a subscriber that always fails: Lambda\'s two retries, then its dead-letter queue', async () => {
    const post = await request('POST', 'items', { token: 'Bearer allow', body: { name: 'poison', price: 1 } });
    expect(post.status).toBe(201);
    await running().idle();
    const event = running().history.events.filter((e) => e.detailType === 'ItemCreated').pop();
    expect(event?.rules.sort()).toEqual([ids.auditRule, ids.notifyRule].sort());
    expect(invocationsOf('Items/Audit').map((invocation) => invocation.ok)).toEqual([false, false, false]);
    expect(invocationsOf('Items/Notify')).toHaveLength(2);
    expect(logs).toContainEqual('[lambda] Items/Audit: asynchronous invocation failed 3 times (Error: audit is down): sent to its dead-letter queue');
  });

  test('a handler that throws is a 502, one that times out too (under API Gateway\'s 29 s), and the API keeps answering meanwhile', async () => {
    const boom = await request('GET', 'boom');
    expect(boom.status).toBe(502);
    expect(boom.json).toEqual({ message: 'Internal server error' });

    const started = Date.now();
    let slowAnswered = false;
    const slow = request('GET', 'slow').finally(() => { slowAnswered = true; });
    // while the slow one runs, others are answered
    const health = await request('GET', 'health');
    expect(health.status).toBe(200);
    expect(slowAnswered).toBe(false);
    const timedOut = await slow;
    expect(timedOut.status).toBe(502);
    expect(timedOut.json).toEqual({ message: 'Internal server error' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    expect((await request('GET', 'health')).status).toBe(200);
    expect(invocationsOf('Items/Boom').map((invocation) => invocation.ok)).toEqual([false]);
    expect(invocationsOf('Items/Slow').map((invocation) => invocation.ok)).toEqual([false]);
    // and the function that timed out runs again, in a new environment
    expect((await request('GET', 'slow')).status).toBe(502);
    expect(invocationsOf('Items/Slow')).toHaveLength(2);
  });

  test('a path that reaches no route is a 403, as API Gateway answers it', async () => {
    const token = 'Bearer allow';
    for (const path of ['items/x/y', 'items//x', 'nowhere', '']) {
      const answer = await request('GET', path, { token });
      expect({ path, status: answer.status, json: answer.json }).toEqual({ path, status: 403, json: { message: 'Missing Authentication Token' } });
    }
    const method = await request('DELETE', 'items', { token });
    expect(method.status).toBe(403);
    expect(method.json).toEqual({ message: 'Missing Authentication Token' });
    const outsideStage = await request('GET', '/staging/items', { token });
    expect(outsideStage.status).toBe(403);
    expect(outsideStage.json).toEqual({ message: 'Forbidden' });
    expect((await request('GET', 'health')).status).toBe(200);
  });

  test('CORS preflight is answered from the API\'s mock integration', async () => {
    const preflight = await request('OPTIONS', 'items');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  // QueueApi maps `Access-Control-Allow-Origin` in its integration responses: a browser page that posts to the route works
  test('an API → SQS route answers with the CORS headers of its integration response', async () => {
    const answer = await request('POST', 'orders', { body: { orderId: 'ok-cors' } });
    expect({ status: answer.status, allowOrigin: answer.headers.get('access-control-allow-origin') }).toEqual({ status: 200, allowOrigin: '*' });
  });

  test('invoke runs a function directly, by its construct path', async () => {
    const result = await running().invoke('Items/Get', { pathParameters: { id: created.id } });
    expect(result.outcome).toEqual({ ok: true, result: { statusCode: 200, body: JSON.stringify(created) } });
    await expect(running().invoke('Items/Nope', {})).rejects.toThrow(/no function 'Items\/Nope'; the app has .*shop\/Items\/Get/);
  });

  test('workerMemory tells, by function, what each live worker holds', async () => {
    const memory = await running().workerMemory();
    const get = memory.find((fn) => fn.function === 'Items/Get');
    expect(get?.workers.length).toBeGreaterThanOrEqual(1);
    expect(get!.workers.every((worker) => worker.heapUsed > 0 && worker.heapUsed <= worker.heapLimit)).toBe(true);
    expect(memory.map((fn) => fn.function)).not.toContain('Items/Nope');
  });

  test('the failed order comes back after the visibility timeout', async () => {
    await until(() => ordersSeen().some((order) => order.orderId === 'fail-1' && order.receiveCount === 2),
      Math.max(0, ordersFailedAt + VISIBILITY_SECONDS * 1000 - Date.now()) + 3_000, 'the second receive of fail-1');
    ordersRedeliveredAt = Date.now();
    expect(Date.now() - ordersFailedAt).toBeGreaterThanOrEqual(VISIBILITY_SECONDS * 1000 - 500);
    expect(ordersSeen().filter((order) => order.orderId === 'ok-1')).toHaveLength(1);
  }, 120_000);

  test('stop() reports what is left: the failed order redriven to its dead-letter queue, the failed event in the subscriber\'s', async () => {
    // after maxReceiveCount (2) receives, the next receive moves it to the dead-letter queue
    await sleep(ordersRedeliveredAt + VISIBILITY_SECONDS * 1000 + 1_000 - Date.now());
    const expected = [
      `1 message(s) left in queue ${queueName(ids.auditDeadLetterQueue)}`,
      `1 message(s) left in queue ${queueName(ids.ordersDeadLetterQueue)}`,
    ];
    const { undelivered } = await running().stop();
    local = undefined;
    expect(ordersSeen().filter((order) => order.orderId === 'fail-1')).toHaveLength(2);
    expect(undelivered.sort()).toEqual(expected.sort());
    await expect(fetch(`${api}health`)).rejects.toThrow();
  }, 120_000);
});

describe('the options', () => {
  test.each([
    [{ workerMaxInvocations: 1.5 }, /workerMaxInvocations must be a whole number \(0 never retires a worker\), not 1.5/],
    [{ workerIdleSeconds: -1 }, /workerIdleSeconds must be a number of seconds of at least 0 \(0 keeps idle workers\), not -1/],
    [{ maxWorkers: 0 }, /maxWorkers, the most workers alive at once, must be a whole number, at least 1; got 0/],
    [{ workersMemoryMb: 100 }, /workersMemoryMb, the workers' memory, must be a whole number of megabytes, at least 128; got 100/],
    [{ historySize: 0 }, /historySize must be a whole number of at least 1; got 0/],
  ])('%o is refused with its name before anything starts', async (bad, error) => {
    const lines: string[] = [];
    await expect(startLocal({ assemblyDir: assembly, port: 0, log: (line) => lines.push(line), ...bad })).rejects.toThrow(error);
    expect(lines).toEqual([]);
  });
});

describe('the live workers of all functions together', () => {
  test('maxWorkers caps them: a cold start past it stops an idle worker of another function, and a function comes back cold', async () => {
    // GIVEN local mode with at most 2 live workers
    const capped = await startLocal({ assemblyDir: assembly, port: 0, log: () => undefined, maxWorkers: 2 });
    try {
      const health = () => capped.invoke('Items/Health', {});
      const get = () => capped.invoke('Items/Get', { pathParameters: { id: 'none' } });
      const notify = () => capped.invoke('Items/Notify', { detail: {} });
      // WHEN three functions run one after the other, then the first again
      const runs = [await health(), await get(), await notify(), await health()];
      // THEN each was a cold start, the first one's worker stopped for the third, and 2 workers live at the end
      expect(runs.map((run) => run.coldStart)).toEqual([true, true, true, true]);
      const live = await capped.workerMemory();
      expect(live.reduce((count, fn) => count + fn.workers.length, 0)).toBe(2);
      expect(live.filter((fn) => fn.workers.length > 0).map((fn) => fn.function).sort()).toEqual(['Items/Health', 'Items/Notify']);
    } finally {
      await capped.stop();
    }
  }, 60_000);
});

describe('the REST API\'s integration timeout', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  // a function whose timeout is above 29 s (ServerlessPatterns-ApiTimeoutBeyondIntegration, acknowledged) and that answers
  // after 35 s: API Gateway stops waiting at 29 s. Tested on the server alone, with a fake clock, to keep this file fast.
  test('a function that answers after 29 s is a 504, as API Gateway stops waiting', async () => {
    jest.useFakeTimers();
    const server = new LocalRestApiServer({
      logicalId: 'Api',
      name: 'shop',
      stageName: 'prod',
      routes: [{ method: 'GET', resourcePath: '/report', integration: { kind: 'lambda', function: 'Report' }, authorized: false, requiredQueryParameters: [] }],
      binaryMediaTypes: [],
    }, {
      // a function with a 60 s timeout that answers after 35 s
      invoke: () => new Promise((resolve) => setTimeout(() => resolve({ ok: true, result: { statusCode: 200, body: 'done' } }), 35_000)),
    });
    let statusCode: number | undefined;
    void server.handle({ method: 'GET', url: '/prod/report', headers: {}, body: Buffer.alloc(0), sourceIp: '127.0.0.1' })
      .then((response) => {
        statusCode = response.statusCode;
      });
    await jest.advanceTimersByTimeAsync(29_001);
    expect(statusCode).toBe(504);
  });
});
