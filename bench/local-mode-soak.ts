/**
 * Local mode over a working day, compressed: memory under a long mixed load, then nothing lost at
 * 50 connections, each fault kind, and a stop under load. Stops by itself; loopback only.
 *
 * Local mode runs in a child process (`local-mode-soak-server.ts`), so that its RSS is measured
 * alone: the REST API, the functions' workers, dynalite, the bus, the queues. The load, from this
 * process over 10 keep-alive connections, mixes by request: 40 % `GET /items/{id}`, 10 % `GET
 * /items` (a Scan of 25), 30 % `PUT /items/{id}` (a write over a pool of 1,000 keys, then an
 * `ItemSaved` event delivered to a subscriber), 20 % `POST /orders` (an API → SQS message, read
 * by a consumer); the functions have 256 MB. The RSS is sampled every 5,000 requests, with the
 * main thread's heap after a collection (what local mode itself keeps, apart from the workers) and
 * what each live worker's isolate holds (asked of the worker, garbage included), so that the RSS is
 * split into parts: the main thread's heap, the workers' heaps (their new spaces apart), the
 * external memory of every isolate, and the rest (code, stacks, the allocator). Each slope per
 * 10,000 requests after the warm-up (the first 25 %) is fitted by least squares.
 *
 *   npx ts-node -P bench/tsconfig.json bench/local-mode-soak.ts [requests = 200000]
 *
 * With SOAK_SAMPLES=<file>, the samples are also written to that file as JSON.
 */
import { ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Microservice, QueueApi, ServerlessEventBus, ServerlessRestApi, ServiceFunction, TableAccess } from '../src/constructs';
import { WorkerMemory } from '../src/local/lambda-runtime';
import type { FunctionWorkers } from '../src/local/local-mode';
import { LOCAL_MODE_PROCESS_ENV } from '../src/local/process-env';
import { appDir, removeAppDir, synthesize, writeBundles } from '../test/local/local-fixtures';

const CONNECTIONS = 10;
const SAMPLE_EVERY = 5_000;
/** The functions' memory: a common size, whose heap limit lets V8 collect before the worker's heap grows far. */
const MEMORY_MB = 256;
const KEYS = 1_000;

const BUNDLES = {
  get: `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.handler = async (event) => {
  const out = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { id: event.pathParameters.id } }));
  return { statusCode: out.Item ? 200 : 404, body: JSON.stringify(out.Item ?? {}) };
};`,
  list: `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, ScanCommand } = require('@aws-sdk/lib-dynamodb');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.handler = async () => {
  const out = await db.send(new ScanCommand({ TableName: process.env.TABLE_NAME, Limit: 25 }));
  return { statusCode: 200, body: JSON.stringify(out.Items) };
};`,
  save: `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const bus = new EventBridgeClient({});
exports.handler = async (event) => {
  const item = { id: event.pathParameters.id, ...JSON.parse(event.body) };
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));
  await bus.send(new PutEventsCommand({ Entries: [{
    EventBusName: process.env.EVENT_BUS_NAME, Source: process.env.EVENT_SOURCE, DetailType: 'ItemSaved', Detail: JSON.stringify(item),
  }] }));
  return { statusCode: 200, body: JSON.stringify(item) };
};`,
  notify: 'exports.handler = async () => undefined;',
  orders: 'exports.handler = async () => ({ batchItemFailures: [] });',
  slowOrders: 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 50)); return { batchItemFailures: [] }; };',
  throws: 'exports.handler = async () => { throw new TypeError(\'broken\'); };',
  exits: 'exports.handler = async () => { process.exit(3); };',
  hangs: 'exports.handler = async () => new Promise(() => {});',
  malformed: 'exports.handler = async () => ({ body: \'no status\' });',
};

function app(root: App, assets: Record<keyof typeof BUNDLES, string>): void {
  const stack = new Stack(root, 'soak');
  const api = new ServerlessRestApi(stack, 'Api', { restApiName: 'soak' });
  const bus = new ServerlessEventBus(stack, 'Bus', { eventBusName: 'soak-events' });
  const items = new Microservice(stack, 'Items', {
    serviceName: 'items', api, eventBus: bus.bus, table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } },
  });
  const route = (method: string, routePath: string) => ({ method, path: routePath, authorize: false });
  const memorySize = MEMORY_MB;
  items.addFunction('Get', { assetPath: assets.get, memorySize, tableAccess: TableAccess.READ, route: route('GET', '/items/{id}') });
  items.addFunction('List', { assetPath: assets.list, memorySize, tableAccess: TableAccess.READ, route: route('GET', '/items') });
  items.addFunction('Save', { assetPath: assets.save, memorySize, tableAccess: TableAccess.READ_WRITE, publishes: ['ItemSaved'], route: route('PUT', '/items/{id}') });
  items.addFunction('Notify', { assetPath: assets.notify, memorySize, subscriptions: [{ sources: ['items'], detailTypes: ['ItemSaved'] }] });
  items.addFunction('Throws', { assetPath: assets.throws, route: route('GET', '/faults/throw') });
  items.addFunction('Exits', { assetPath: assets.exits, route: route('GET', '/faults/exit') });
  items.addFunction('Hangs', { assetPath: assets.hangs, timeout: Duration.seconds(1), route: route('GET', '/faults/timeout') });
  items.addFunction('Malformed', { assetPath: assets.malformed, route: route('GET', '/faults/malformed') });
  const consumer = new ServiceFunction(stack, 'OrderWorker', { assetPath: assets.orders, memorySize });
  new QueueApi(stack, 'Orders', { api, path: '/orders', consumer, authorize: false });
  const slowConsumer = new ServiceFunction(stack, 'SlowOrderWorker', { assetPath: assets.slowOrders });
  new QueueApi(stack, 'SlowOrders', { api, path: '/slow-orders', consumer: slowConsumer, authorize: false });
}

/** A request of the mix, by its number. */
function mixed(url: string, n: number): Promise<Response> {
  const key = `item-${Math.floor(n / 10) % KEYS}`;
  const slot = n % 10;
  if (slot < 4) return fetch(`${url}items/${key}`);
  if (slot < 5) return fetch(`${url}items`);
  if (slot < 8) return fetch(`${url}items/${key}`, { method: 'PUT', body: JSON.stringify({ n, note: 'x'.repeat(200) }) });
  return fetch(`${url}orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ n }) });
}

/** Sends requests `from` to `to` on `connections` loops; resolves to the count of each status (0: no answer). */
async function load(connections: number, from: number, to: number, send: (n: number) => Promise<Response>): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = from;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (next < to) {
      const n = next++;
      const status = await send(n).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }, () => 0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }));
  return statuses;
}

function ask<T>(child: ChildProcess, message: object, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (reply: { type: string }) => {
      if (reply.type === type) {
        child.off('message', listener);
        resolve(reply as T);
      }
    };
    child.on('message', listener);
    child.send(message);
  });
}

/** The slope of `y` over `x` by least squares. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  return points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
}

const MB = 1024 * 1024;

function mb(bytes: number, width = 0): string {
  return `${(bytes / MB).toFixed(1)} MB`.padStart(width + 3);
}

/** What the child answers to `rss`. */
interface MemoryReply {
  readonly rss: number;
  /** The main thread's heap after a collection: its live objects. */
  readonly heapUsed: number;
  /** The main thread's heap in physical memory. */
  readonly heap: number;
  readonly external: number;
  readonly history: number;
  readonly functions: FunctionWorkers[];
}

/** One sample of the child's memory, in bytes, with the workers' isolates added up. */
interface Sample {
  readonly requests: number;
  readonly rss: number;
  readonly mainHeapUsed: number;
  readonly mainHeap: number;
  readonly workers: number;
  /** `Get 9, List 6, ...`: the live workers of each function that has some. */
  readonly perFunction: string;
  readonly workersHeap: number;
  readonly workersHeapUsed: number;
  readonly workersNewSpace: number;
  /** External memory of the main thread and every worker, array buffers included. */
  readonly external: number;
  /** RSS less the heaps and the external memory: code, stacks, V8's own allocations, the allocator's arenas. */
  readonly other: number;
  readonly history: number;
}

function toSample(requests: number, reply: MemoryReply): Sample {
  const workers = reply.functions.flatMap((fn) => fn.workers);
  const sum = (part: (worker: WorkerMemory) => number) => workers.reduce((total, worker) => total + part(worker), 0);
  const workersHeap = sum((worker) => worker.heapPhysical);
  const external = reply.external + sum((worker) => worker.external);
  return {
    requests,
    rss: reply.rss,
    mainHeapUsed: reply.heapUsed,
    mainHeap: reply.heap,
    workers: workers.length,
    perFunction: reply.functions.filter((fn) => fn.workers.length > 0)
      .map((fn) => `${fn.function.split('/').pop()} ${fn.workers.length}`).join(', '),
    workersHeap,
    workersHeapUsed: sum((worker) => worker.heapUsed),
    workersNewSpace: sum((worker) => worker.newSpace),
    external,
    other: reply.rss - reply.heap - workersHeap - external,
    history: reply.history,
  };
}

async function main(requests: number): Promise<void> {
  const dir = appDir('soak');
  const { assemblyDir } = synthesize(dir, (root) => app(root, writeBundles(dir, BUNDLES)));
  // the server alone, transpiled without type checking: its process holds local mode, not the CDK or the compiler
  const child = fork(path.join(__dirname, 'local-mode-soak-server.ts'), [assemblyDir], {
    execArgv: ['--expose-gc', ...process.execArgv],
    // as the app's `local` task starts it
    env: { ...process.env, ...LOCAL_MODE_PROCESS_ENV, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const { url } = await ask<{ url: string }>(child, { type: 'hello' }, 'ready');
    console.log(`local mode soak: ${requests} mixed requests on ${CONNECTIONS} connections, RSS every ${SAMPLE_EVERY}`);
    const samples: Sample[] = [];
    const started = Date.now();
    const statuses: Record<number, number> = {};
    for (let done = 0; done < requests; done += SAMPLE_EVERY) {
      const batch = await load(CONNECTIONS, done, Math.min(requests, done + SAMPLE_EVERY), (n) => mixed(url, n));
      Object.entries(batch).forEach(([status, count]) => statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count);
      const sample = toSample(done + SAMPLE_EVERY, await ask<MemoryReply>(child, { type: 'rss' }, 'rss'));
      samples.push(sample);
      console.log(`  ${String(sample.requests).padStart(7)} requests  RSS ${mb(sample.rss, 7)}  main heap ${mb(sample.mainHeapUsed, 5)} (of ${mb(sample.mainHeap, 5)})`
        + `  workers ${sample.workers} (${sample.perFunction}): heaps ${mb(sample.workersHeap, 6)}, new space ${mb(sample.workersNewSpace, 5)}`
        + `  external ${mb(sample.external, 5)}  other ${mb(sample.other, 6)}  history ${sample.history}  ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    const warm = samples.filter((sample) => sample.requests > requests * 0.25);
    const first = warm[0];
    const last = samples[samples.length - 1];
    const perTenThousand = (part: (sample: Sample) => number) => slope(warm.map((sample) => [sample.requests, part(sample) / MB])) * 10_000;
    console.log(`  statuses: ${JSON.stringify(statuses)}; ${(requests / ((Date.now() - started) / 1000)).toFixed(0)} requests/s`);
    console.log(`  RSS after warm-up (baseline) ${mb(first.rss)}, peak ${mb(Math.max(...warm.map((sample) => sample.rss)))}, at the end ${mb(last.rss)} (x${(last.rss / first.rss).toFixed(3)})`);
    console.log(`  RSS slope after warm-up: ${perTenThousand((sample) => sample.rss).toFixed(3)} MB per 10,000 requests, over ${last.requests - first.requests} requests`);
    console.log(`  main thread's heap after a collection: ${mb(first.mainHeapUsed)} after warm-up, ${mb(last.mainHeapUsed)} at the end; `
      + `slope ${perTenThousand((sample) => sample.mainHeapUsed).toFixed(3)} MB per 10,000 requests`);
    console.log('  the RSS by part, after warm-up and at the end, and its slope in MB per 10,000 requests:');
    const parts: Array<[string, (sample: Sample) => number]> = [
      ['main thread\'s heap (in memory)', (sample) => sample.mainHeap],
      ['workers\' heaps (in memory)', (sample) => sample.workersHeap],
      ['  of which their new spaces', (sample) => sample.workersNewSpace],
      ['external memory, all isolates', (sample) => sample.external],
      ['the rest (code, stacks, allocator)', (sample) => sample.other],
    ];
    for (const [name, part] of parts) {
      console.log(`    ${name.padEnd(36)} ${mb(part(first), 7)} → ${mb(part(last), 7)}  ${perTenThousand(part).toFixed(3).padStart(7)}`);
    }
    console.log(`  live workers: ${first.workers} after warm-up, ${Math.min(...warm.map((sample) => sample.workers))} to ${Math.max(...warm.map((sample) => sample.workers))} after, `
      + `${last.workers} at the end (${last.perFunction})`);
    if (process.env.SOAK_SAMPLES) {
      fs.writeFileSync(process.env.SOAK_SAMPLES, JSON.stringify(samples, undefined, 1));
    }

    // nothing lost at 50 connections
    const before = (await ask<{ processed: Record<string, number> }>(child, { type: 'processed' }, 'processed')).processed;
    const fifty = await load(50, 0, 20_000, (n) => fetch(`${url}orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ n }) }));
    const after = (await ask<{ processed: Record<string, number> }>(child, { type: 'processed' }, 'processed')).processed;
    const ordersQueue = Object.keys(after).find((queue) => queue.includes('Orders') && !queue.includes('Slow'))!;
    console.log(`\n50 connections, 20,000 queued orders: ${JSON.stringify(fifty)}; processed ${after[ordersQueue] - (before[ordersQueue] ?? 0)}`);

    // each fault kind
    for (const fault of ['throw', 'exit', 'timeout', 'malformed']) {
      const answers = await load(10, 0, 50, () => fetch(`${url}faults/${fault}`));
      console.log(`fault ${fault}, 50 requests: ${JSON.stringify(answers)}`);
    }

    // a stop under load: orders faster than their consumer takes them, then stop with a 1 s drain
    let accepted = 0;
    let refused = 0;
    let stopping = false;
    let stopped = false;
    const posting = load(50, 0, 1_000_000, async () => {
      // enough refusals seen, or local mode gone (its process exits once stopped): no more requests
      if (stopping && (refused > 100 || stopped)) throw new Error('done');
      const response = await fetch(`${url}slow-orders`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      if (response.status === 200) accepted++; else if (response.status === 503) refused++;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    stopping = true;
    const { undelivered, stopMs, processed } = await ask<{ undelivered: string[]; stopMs: number; processed: Record<string, number> }>(child, { type: 'stop', drainMs: 1_000 }, 'stopped');
    stopped = true;
    await posting;
    const slowQueue = Object.keys(processed).find((queue) => queue.includes('SlowOrders'))!;
    const left = undelivered.map((line) => new RegExp(`^(\\d+) message\\(s\\) left in queue ${slowQueue}$`).exec(line)).filter((m) => m).reduce((sum, m) => sum + Number(m![1]), 0);
    console.log(`\nstop under load (50 connections, drain 1 s): accepted ${accepted}, processed ${processed[slowQueue]}, reported left ${left}, `
      + `accepted = processed + left: ${accepted === processed[slowQueue] + left}; refused after stop ${refused}; stop took ${stopMs} ms`);
    console.log(`  report: ${JSON.stringify(undelivered)}`);
  } finally {
    child.kill();
    removeAppDir(dir);
  }
}

void main(Number(process.argv[2] ?? 200_000)).catch((error) => {
  console.error(error);
  process.exit(1);
});
