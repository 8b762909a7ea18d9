/**
 * Local mode under load and faults, short and bounded (run with every build; the long run is
 * bench/local-mode-soak.ts): an app synthesized with this repo's constructs, its bundles small
 * CommonJS handlers, driven over HTTP on loopback.
 *
 * - 50 connections: every item created is stored, its event published and delivered once, every
 *   queued message processed, nothing lost;
 * - each fault kind (a throw, an exit, a timeout, a malformed result) answered as API Gateway does,
 *   logged, and the next request served by a fresh worker;
 * - a stop under load: new requests refused, and what was accepted is what was processed plus what
 *   the stop report says was left, exactly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { appDir, removeAppDir, synthesize, writeBundles } from './local-fixtures';
import { Microservice, QueueApi, ServerlessEventBus, ServerlessRestApi, ServiceFunction, TableAccess } from '../../src';
import { LocalMode, startLocal } from '../../src/local/local-mode';

/** While this file exists, the orders consumer takes a second a batch: a backlog builds whatever the machine's speed. */
const SLOW_CONSUMER = path.join(os.tmpdir(), `reliability-slow-consumer-${process.pid}`);

const BUNDLES = {
  create: `
const { randomUUID } = require('node:crypto');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const bus = new EventBridgeClient({});
exports.handler = async (event) => {
  const item = { id: randomUUID(), ...JSON.parse(event.body) };
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));
  const out = await bus.send(new PutEventsCommand({ Entries: [{
    EventBusName: process.env.EVENT_BUS_NAME, Source: process.env.EVENT_SOURCE, DetailType: 'ItemCreated', Detail: JSON.stringify(item),
  }] }));
  if (out.FailedEntryCount) throw new Error('PutEvents failed');
  return { statusCode: 201, body: JSON.stringify(item) };
};
`,
  list: `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, ScanCommand } = require('@aws-sdk/lib-dynamodb');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.handler = async () => {
  const items = [];
  let ExclusiveStartKey;
  do {
    const page = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey }));
    items.push(...page.Items);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { statusCode: 200, body: JSON.stringify({ count: items.length }) };
};
`,
  notify: `
exports.handler = async (event) => {
  console.log('NOTIFIED ' + event.detail.id);
};
`,
  throws: 'exports.handler = async () => { throw new TypeError(\'broken\'); };',
  exits: 'exports.handler = async () => { process.exit(3); };',
  hangs: 'exports.handler = async () => new Promise(() => {});',
  malformed: 'exports.handler = async () => ({ body: \'no status\' });',
  orders: `
const fs = require('node:fs');
exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, fs.existsSync(${JSON.stringify(SLOW_CONSUMER)}) ? 1000 : 40));
  return { batchItemFailures: [] };
};
`,
};

function app(root: App, assets: Record<keyof typeof BUNDLES, string>) {
  const stack = new Stack(root, 'load');
  const api = new ServerlessRestApi(stack, 'Api', { restApiName: 'load' });
  const bus = new ServerlessEventBus(stack, 'Bus', { eventBusName: 'load-events' });
  const items = new Microservice(stack, 'Items', {
    serviceName: 'items', api, eventBus: bus.bus, table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } },
  });
  items.addFunction('Create', { assetPath: assets.create, tableAccess: TableAccess.READ_WRITE, publishes: ['ItemCreated'], route: { method: 'POST', path: '/items', authorize: false } });
  items.addFunction('List', { assetPath: assets.list, tableAccess: TableAccess.READ, route: { method: 'GET', path: '/items', authorize: false } });
  items.addFunction('Notify', { assetPath: assets.notify, subscriptions: [{ sources: ['items'], detailTypes: ['ItemCreated'] }] });
  items.addFunction('Throws', { assetPath: assets.throws, route: { method: 'GET', path: '/faults/throw', authorize: false } });
  items.addFunction('Exits', { assetPath: assets.exits, route: { method: 'GET', path: '/faults/exit', authorize: false } });
  items.addFunction('Hangs', { assetPath: assets.hangs, timeout: Duration.seconds(1), route: { method: 'GET', path: '/faults/timeout', authorize: false } });
  items.addFunction('Malformed', { assetPath: assets.malformed, route: { method: 'GET', path: '/faults/malformed', authorize: false } });
  const worker = new ServiceFunction(stack, 'OrderWorker', { assetPath: assets.orders, timeout: Duration.seconds(5) });
  new QueueApi(stack, 'Orders', { api, path: '/orders', consumer: worker, authorize: false, visibilityTimeout: Duration.seconds(30) });
}

let dir: string;
let local: LocalMode;
let api: string;
const logs: string[] = [];

beforeAll(async () => {
  dir = appDir('reliability');
  const { assemblyDir } = synthesize(dir, (root) => app(root, writeBundles(dir, BUNDLES)));
  local = await startLocal({ assemblyDir, port: 0, log: (line) => logs.push(line) });
  api = local.apiUrls.load;
}, 120_000);

afterAll(async () => {
  fs.rmSync(SLOW_CONSUMER, { force: true });
  await local?.stop({ drainMs: 0 });
  removeAppDir(dir);
});

/** Sends `total` requests over `connections` concurrent loops; resolves to the status of each (0: no answer). */
async function load(connections: number, total: number, send: (n: number) => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < total) {
      const n = next++;
      statuses[n] = await send(n).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }, () => 0);
    }
  }));
  return statuses;
}

/** How many messages the queue consumers processed and deleted, from local mode's `[sqs]` lines. */
function processedMessages(): number {
  return logs.filter((line) => line.startsWith('[sqs] ')).map((line) => JSON.parse(line.slice('[sqs] '.length)))
    .reduce((sum, entry) => sum + entry.messages - entry.failed, 0);
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

test('50 connections: every item is stored and its event delivered once, every queued message processed; nothing lost', async () => {
  const created = await load(50, 400, (n) => fetch(`${api}items`, { method: 'POST', body: JSON.stringify({ n }) }));
  const listed = await load(50, 100, () => fetch(`${api}items`));
  const queued = await load(50, 400, (n) => fetch(`${api}orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ n }) }));
  await local.idle(30_000);
  expect([count(created, 201), count(listed, 200), count(queued, 200)]).toEqual([400, 100, 400]);
  const stored = await fetch(`${api}items`).then((response) => response.json());
  expect(stored).toEqual({ count: 400 });
  expect(local.history.totals.events).toBe(400);
  const notified = logs.filter((line) => / NOTIFIED /.test(line)).map((line) => line.split('NOTIFIED ')[1]);
  expect([notified.length, new Set(notified).size]).toEqual([400, 400]);
  expect(processedMessages()).toBe(400);
}, 120_000);

test.each([
  ['throw', 'Throws', 'TypeError'],
  ['exit', 'Exits', 'Runtime.ExitError'],
  ['timeout', 'Hangs', 'Sandbox.Timedout'],
])('a function that fails by %s answers 502 as API Gateway does, and the next request gets a fresh answer', async (fault, fn, errorType) => {
  const response = await fetch(`${api}faults/${fault}`);
  expect([response.status, await response.text()]).toEqual([502, '{"message": "Internal server error"}']);
  expect(logs.some((line) => line.startsWith(`[Items/${fn}]`) && line.includes(errorType))).toBe(true);
  expect((await fetch(`${api}faults/${fault}`)).status).toBe(502);
  const invocations = local.history.invocations.filter((invocation) => invocation.function === `Items/${fn}`);
  expect(invocations.map((invocation) => invocation.ok)).toEqual([false, false]);
  expect(new Set(invocations.map((invocation) => invocation.requestId)).size).toBe(2);
}, 120_000);

test('a malformed proxy result answers 502 and is logged in API Gateway\'s words', async () => {
  const response = await fetch(`${api}faults/malformed`);
  expect(response.status).toBe(502);
  expect(logs.filter((line) => line.startsWith('[api load] GET /prod/faults/malformed 502'))).toEqual([
    expect.stringMatching(/Execution failed due to configuration error: Malformed Lambda proxy response$/),
  ]);
});

test('a stop under load: new requests are refused, and accepted = processed + reported left, exactly', async () => {
  // GIVEN orders posted on 20 connections, faster than their consumer takes them
  const processedBefore = processedMessages();
  let stopping = false;
  const statuses: number[] = [];
  const posting = load(20, 100_000, async () => {
    if (stopping && statuses.length > 0 && statuses.slice(-20).every((status) => status !== 200)) {
      throw new Error('done');
    }
    const response = await fetch(`${api}orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"order":1}' })
      .catch((error: unknown) => {
        // once the server has closed, a refused connection is a refusal too
        statuses.push(0);
        throw error;
      });
    statuses.push(response.status);
    return response;
  });
  // a backlog of 100 accepted messages not processed yet, which a 200 ms drain cannot clear: the consumer is slowed
  // so that it builds on any machine (on a loaded one, fewer than 100 requests a second were accepted)
  fs.writeFileSync(SLOW_CONSUMER, '');
  while (count(statuses, 200) - (processedMessages() - processedBefore) < 100) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // WHEN local mode stops, draining for 200 ms
  stopping = true;
  const { undelivered } = await local.stop({ drainMs: 200 });
  await posting;
  // THEN the requests made once it stopped were refused, and every accepted message is processed or reported left
  const accepted = count(statuses, 200);
  const left = undelivered.map((line) => /^(\d+) message\(s\) left in queue load-Orders/.exec(line)).filter((match) => match !== null)
    .reduce((sum, match) => sum + Number(match![1]), 0);
  expect(count(statuses, 503)).toBeGreaterThan(0);
  expect(left).toBeGreaterThan(0);
  expect(accepted).toBe(processedMessages() - processedBefore + left);
}, 120_000);
