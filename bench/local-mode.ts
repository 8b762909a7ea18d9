/**
 * Local mode: how long `startLocal` takes to run a sample-like app, and what a request costs
 * through it against calling the same handler in this process.
 *
 * The app is the sample's: a REST API, a bus with its archive, the `items` service (its table,
 * five functions) whose bundles are the `items` starters built as the `bundle` task builds them,
 * synthesized in this process as the tests do. Start-up, the first run of the process then the
 * median of `runs` more: the synthesis (the baseline: what `npx projen local` runs first anyway),
 * `startLocal` (read `cdk.out`, dynalite and the table, the EventBridge endpoint, the API's port),
 * the first request (a worker's cold start: loading the bundle and the SDK, then a DynamoDB read),
 * a warm request, and `stop`.
 *
 * Latency: `GET /items/{id}` (the `items/get` starter: one DynamoDB `GetCommand`) over loopback
 * with autocannon, 1 then 10 connections, for `seconds` each after a warm-up, against the same
 * bundle required in this process with the function's environment (its own variables, the
 * emulators' endpoints, region and credentials) and called with the proxy event local mode builds
 * for that request, by as many concurrent callers. Both read the same dynalite, in this process;
 * latencies are each response's time from the `response` events (autocannon's own percentiles are
 * whole milliseconds).
 *
 *   npx ts-node -P bench/tsconfig.json bench/local-mode.ts [runs] [seconds]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { median } from './lib';
import { bundleFunctions } from '../src/bundling/bundle';
import { Microservice, ServerlessEventBus, ServerlessRestApi, TableAccess } from '../src/constructs';
import { buildProxyEvent } from '../src/local/api-gateway/proxy-event';
import { LOCAL_REGION } from '../src/local/local-app';
import { LocalMode, startLocal } from '../src/local/local-mode';
import { appDir, removeAppDir, REPO, synthesize } from '../test/local/local-fixtures';

const runs = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 10);
const WARM_UP_SECONDS = 2;
const CONNECTIONS = [1, 10];
const ITEMS = ['list', 'create', 'get', 'update', 'delete'] as const;

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The sample app's stack (test-apps/sample: ShopStack and ItemsService), on the starters' bundles. */
function sampleApp(dir: string) {
  return synthesize(dir, (app) => {
    const stack = new Stack(app, 'shop');
    const api = new ServerlessRestApi(stack, 'Api', {
      restApiName: 'shop',
      loggingLevel: apigateway.MethodLoggingLevel.INFO,
      cors: { allowOrigins: ['*'], allowCredentials: false },
    });
    const bus = new ServerlessEventBus(stack, 'EventBus', { archiveRetention: Duration.days(7) });
    const items = new Microservice(stack, 'ItemsService', {
      serviceName: 'items',
      table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } },
      api,
      eventBus: bus.bus,
    });
    const routes: Record<typeof ITEMS[number], [string, string]> = {
      list: ['GET', '/items'], create: ['POST', '/items'], get: ['GET', '/items/{id}'], update: ['PUT', '/items/{id}'], delete: ['DELETE', '/items/{id}'],
    };
    for (const name of ITEMS) {
      const [method, route] = routes[name];
      items.addFunction(name[0].toUpperCase() + name.slice(1), {
        assetPath: path.join(dir, 'assets', 'items', name),
        tableAccess: method === 'GET' ? TableAccess.READ : TableAccess.READ_WRITE,
        route: { method, path: route },
        publishes: name === 'create' ? ['ItemCreated'] : undefined,
      });
    }
  }).assemblyDir;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function get(url: string, expected: number): Promise<void> {
  const response = await fetch(url);
  await response.arrayBuffer();
  if (response.status !== expected) {
    throw new Error(`GET ${url}: ${response.status}, expected ${expected}`);
  }
}

/**
 * Start-up: each run synthesizes, starts, answers a cold then a warm request, and stops. The first
 * run of the process pays for loading the modules (aws-cdk-lib, dynalite, the SDK), as the
 * `serverless-patterns-local` command does; the median is of the `runs` after it.
 */
async function startUp(dir: string): Promise<void> {
  const steps = ['synthesize the app (in this process)', 'startLocal', 'first request (cold start)', 'second request (warm)', 'stop'];
  const samples = steps.map(() => [] as number[]);
  for (let run = 0; run <= runs; run++) {
    const [synth, assemblyDir] = await timed(async () => sampleApp(dir));
    const [start, local] = await timed(() => startLocal({ assemblyDir, port: 0, log: () => {} }));
    const url = `${local.apiUrls.shop}items/missing`;
    const [cold] = await timed(() => get(url, 404));
    const [warm] = await timed(() => get(url, 404));
    const [stop] = await timed(() => local.stop());
    [synth, start, cold, warm, stop].forEach((ms, index) => samples[index].push(ms));
  }
  const first = samples.map((values) => values[0]);
  const medians = samples.map((values) => median(values.slice(1)));
  console.log(`\nlocal mode start-up, sample-like app (5 functions): first run of the process, then median of ${runs} more; ratio to the synthesis`);
  steps.forEach((step, index) => {
    console.log(`  ${step.padEnd(40)} first ${first[index].toFixed(1).padStart(7)} ms  x${(first[index] / first[0]).toFixed(2).padEnd(6)}`
      + ` median ${medians[index].toFixed(1).padStart(7)} ms  x${(medians[index] / medians[0]).toFixed(2)}`);
  });
}

interface Latencies {
  readonly times: number[];
  readonly perSecond: number;
  readonly note?: string;
}

/** GET `url` with autocannon: every 2xx response's time, in ms. */
function overHttp(url: string, connections: number, duration: number): Promise<Latencies> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const instance = autocannon({ url, connections, duration }, (error, result) => {
      if (error) {
        reject(error);
      } else if (result.errors > 0 || result.non2xx > 0) {
        reject(new Error(`autocannon: ${result.errors} errors, ${result.non2xx} answers other than 2xx`));
      } else {
        resolve({ times, perSecond: result.requests.average, note: `autocannon p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms` });
      }
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        times.push(responseTime);
      }
    });
  });
}

/** Calls `handler` from `connections` concurrent callers for `duration` seconds: each call's time, in ms. */
async function inProcess(handler: Handler, event: APIGatewayProxyEvent, context: Context, connections: number, duration: number): Promise<Latencies> {
  const times: number[] = [];
  const end = performance.now() + duration * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const result = await handler(event, { ...context, awsRequestId: `bench-${times.length}` });
      times.push(performance.now() - started);
      if (result.statusCode !== 200) {
        throw new Error(`the handler answered ${result.statusCode}: ${result.body}`);
      }
    }
  }));
  return { times, perSecond: times.length / duration };
}

/** The `items/get` bundle of the assembly, required here with the function's environment, and the proxy event of `GET /items/<id>`. */
function directHandler(local: LocalMode, url: string, id: string): { handler: Handler; event: APIGatewayProxyEvent; context: Context } {
  const fn = local.app.functions.find((f) => f.path === 'shop/ItemsService/Get')!;
  Object.assign(process.env, fn.environment, local.endpoints, {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const handler = (require(path.join(fn.codeDir, 'index.js')) as { handler: Handler }).handler;
  const api = local.app.restApis[0];
  const route = api.routes.find((r) => r.method === 'GET' && r.resourcePath === '/items/{id}')!;
  const { host } = new URL(url);
  const event = buildProxyEvent(
    { method: 'GET', url: `/items/${id}`, headers: { host, connection: 'keep-alive' }, body: Buffer.alloc(0), sourceIp: '127.0.0.1' },
    { route, pathParameters: { id } },
    { stage: api.stageName, requestId: 'bench' },
  );
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: String(fn.memorySize),
    awsRequestId: 'bench',
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => fn.timeoutSeconds * 1000,
  } as Context;
  return { handler, event, context };
}

async function latency(dir: string): Promise<void> {
  const local = await startLocal({ assemblyDir: sampleApp(dir), port: 0, log: () => {} });
  try {
    const created = await fetch(`${local.apiUrls.shop}items`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'lamp', price: 30 }),
    });
    const { id } = await created.json() as { id: string };
    const url = `${local.apiUrls.shop}items/${id}`;
    await get(url, 200);
    const direct = directHandler(local, url, id);

    for (const connections of CONNECTIONS) {
      await overHttp(url, connections, WARM_UP_SECONDS);
      const http = await overHttp(url, connections, seconds);
      await inProcess(direct.handler, direct.event, direct.context, connections, WARM_UP_SECONDS);
      const called = await inProcess(direct.handler, direct.event, direct.context, connections, seconds);
      console.log(`\nGET /items/{id} (one DynamoDB read), ${connections} connection(s), ${seconds} s each, ratio to the direct call`);
      const base = { p50: percentile(called.times, 50), p99: percentile(called.times, 99) };
      for (const [name, measured] of [['handler called in this process (baseline)', called], ['local mode over loopback (autocannon)', http]] as const) {
        const p50 = percentile(measured.times, 50);
        const p99 = percentile(measured.times, 99);
        console.log(`  ${name.padEnd(44)} p50 ${p50.toFixed(2).padStart(7)} ms  x${(p50 / base.p50).toFixed(2).padEnd(6)}`
          + ` p99 ${p99.toFixed(2).padStart(7)} ms  x${(p99 / base.p99).toFixed(2).padEnd(6)} ${measured.perSecond.toFixed(0).padStart(6)} req/s`
          + `  (${measured.times.length} requests${measured.note ? `; ${measured.note}` : ''})`);
      }
    }
  } finally {
    await local.stop();
  }
}

async function main(): Promise<void> {
  const dir = appDir('bench');
  try {
    // the starters' items handlers, built as the `bundle` task builds them
    await bundleFunctions({
      outdir: path.join(dir, 'assets'),
      target: `node${process.versions.node.split('.')[0]}`,
      external: ['@aws-sdk/*'],
      sourcemap: false,
      budgetKiB: 512,
      entryPoints: Object.fromEntries(ITEMS.map((name) => [`items/${name}`, path.join(REPO, 'starters', 'src', 'handlers', 'items', `${name}.ts`)])),
    }, REPO);
    fs.rmSync(path.join(dir, 'assets', 'metafile.json'));
    console.log(`local mode benchmark: Node ${process.versions.node}, ${os.cpus().length} cores`);
    await startUp(dir);
    await latency(dir);
  } finally {
    removeAppDir(dir);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
