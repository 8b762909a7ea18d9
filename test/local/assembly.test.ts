import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import {
  AuthorizerType,
  FunctionPreset,
  Microservice,
  QueueApi,
  RequestSchemas,
  ServerlessEventBus,
  ServerlessKinesisStream,
  ServerlessRestApi,
  ServiceFunction,
  StreamConsumer,
  TableAccess,
} from '../../src';
import { AssemblyError, listStacks, readAssembly } from '../../src/local/assembly';
import { LocalApp, LocalFunction, LocalRestApi, LocalRoute } from '../../src/local/local-app';
import { fakeBundle, logicalId } from '../constructs/helpers';

const assetPath = fakeBundle();

const ITEM_SCHEMA = RequestSchemas.fromObject({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['name', 'price'],
  properties: { name: { type: 'string' }, price: { type: 'number', minimum: 0 } },
});
const ORDER_SCHEMA = RequestSchemas.fromObject({ type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } } });

/** The directories the tests write, removed after them. */
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

/** An app synthesized as `cdk synth` does: construct paths and asset paths in the resources' metadata, version reporting on. */
function cliApp(outdir: string): App {
  return new App({
    outdir,
    builtinCloudFormationValidation: false,
    analyticsReporting: true,
    context: { [cxapi.PATH_METADATA_ENABLE_CONTEXT]: true, [cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: true },
  });
}

/**
 * The sample shop: a CRUD `items` service behind a TOKEN authorizer, publishing to its bus, a
 * subscriber with retries and a dead-letter queue, an API route that queues orders, a consumer of
 * the table's stream, a Kinesis stream read through an enhanced fan-out consumer, and a bucket.
 */
function shopStack(app: App) {
  const stack = new Stack(app, 'shop');
  const authorizer = new ServiceFunction(stack, 'Authorizer', { assetPath });
  const api = new ServerlessRestApi(stack, 'Api', { authorizer: { handler: authorizer } });
  const bus = new ServerlessEventBus(stack, 'Bus', { eventBusName: 'shop-events' });
  const items = new Microservice(stack, 'Items', {
    serviceName: 'items',
    api,
    eventBus: bus.bus,
    table: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES },
  });
  const fns = {
    create: items.addFunction('Create', {
      assetPath, tableAccess: TableAccess.READ_WRITE, publishes: ['ItemCreated'], route: { method: 'POST', path: '/items', requestSchema: ITEM_SCHEMA },
    }),
    list: items.addFunction('List', {
      assetPath, tableAccess: TableAccess.READ, route: { method: 'GET', path: '/items', queryParameters: { category: true, limit: false } },
    }),
    get: items.addFunction('Get', {
      assetPath, tableAccess: TableAccess.READ, preset: FunctionPreset.LATENCY_SENSITIVE, route: { method: 'GET', path: '/items/{id}' },
    }),
    update: items.addFunction('Update', { assetPath, tableAccess: TableAccess.READ_WRITE, route: { method: 'PUT', path: '/items/{id}' } }),
    remove: items.addFunction('Delete', { assetPath, tableAccess: TableAccess.READ_WRITE, route: { method: 'DELETE', path: '/items/{id}' } }),
    health: items.addFunction('Health', { assetPath, route: { method: 'GET', path: '/health', authorize: false } }),
    notify: items.addFunction('Notify', {
      assetPath,
      preset: FunctionPreset.IO_BOUND,
      subscriptions: [{ sources: ['items'], detailTypes: ['ItemCreated'], detail: { price: [{ numeric: ['>', 100] }] }, retryAttempts: 5, maxEventAge: Duration.hours(2) }],
    }),
  };
  const orderWorker = new ServiceFunction(stack, 'OrderWorker', { assetPath, timeout: Duration.seconds(20) });
  const orders = new QueueApi(stack, 'Orders', { api, path: '/orders', consumer: orderWorker, bodySchema: ORDER_SCHEMA, authorize: false, batchSize: 5 });
  const sync = new ServiceFunction(stack, 'Sync', { assetPath });
  const itemsSync = new StreamConsumer(stack, 'ItemsSync', {
    handler: sync, table: items.table!, batchSize: 50, filters: [{ eventName: lambda.FilterRule.isEqual('INSERT') }],
  });
  const clicks = new ServerlessKinesisStream(stack, 'Clicks', { streamName: 'clicks' });
  const analytics = new ServiceFunction(stack, 'Analytics', { assetPath });
  const clickAnalytics = new StreamConsumer(stack, 'ClickAnalytics', { handler: analytics, stream: clicks, enhancedFanOut: true, retryAttempts: 2 });
  new s3.Bucket(stack, 'Uploads');
  return { stack, authorizer, items, fns, orders, orderWorker, sync, itemsSync, clicks, analytics, clickAnalytics };
}

/** A second stack of the same app: a REQUEST authorizer with two identity headers and no cache, CORS for one origin with credentials. */
function partnerStack(app: App) {
  const stack = new Stack(app, 'partner');
  const authorizer = new ServiceFunction(stack, 'PartnerAuthorizer', { assetPath });
  const api = new ServerlessRestApi(stack, 'PartnerApi', {
    restApiName: 'partner-api',
    stageName: 'v1',
    authorizer: { handler: authorizer, type: AuthorizerType.REQUEST, identitySource: 'X-Api-Key, X-Tenant', resultsCacheTtl: Duration.seconds(0) },
    cors: { allowOrigins: ['https://partner.example.com'], allowCredentials: true, allowMethods: ['GET', 'POST'] },
  });
  (api.api.node.defaultChild as apigateway.CfnRestApi).binaryMediaTypes = ['image/png', 'application~1pdf'];
  const quotes = new Microservice(stack, 'Quotes', { serviceName: 'quotes', api });
  const quote = quotes.addFunction('Quote', { assetPath, route: { method: 'GET', path: '/partners/{partnerId}/quotes/{quoteId}' } });
  return { stack, authorizer, quote };
}

/** The LocalApp of each stack, from one synthesis. */
let shop: LocalApp;
let partner: LocalApp;
let shopIds: Record<string, string>;
let cliOutdir: string;

beforeAll(() => {
  cliOutdir = tempDir('assembly-cli-');
  const app = cliApp(cliOutdir);
  const built = shopStack(app);
  const partnerBuilt = partnerStack(app);
  app.synth();
  const id = (construct: IConstruct | undefined) => logicalId(construct!);
  shopIds = {
    table: id(built.items.table),
    create: id(built.fns.create),
    list: id(built.fns.list),
    get: id(built.fns.get),
    update: id(built.fns.update),
    remove: id(built.fns.remove),
    health: id(built.fns.health),
    notify: id(built.fns.notify),
    notifyDlq: id(built.fns.notify.deadLetterQueue),
    authorizer: id(built.authorizer),
    ordersQueue: id(built.orders.queue),
    ordersDlq: id(built.orders.deadLetterQueue),
    orderWorker: id(built.orderWorker),
    sync: id(built.sync),
    syncFailures: id(built.itemsSync.failureQueue),
    clicks: id(built.clicks),
    analytics: id(built.analytics),
    clickFailures: id(built.clickAnalytics.failureQueue),
  };
  expect(partnerBuilt.quote).toBeDefined();
  shop = readAssembly(cliOutdir, 'shop');
  partner = readAssembly(cliOutdir, 'partner');
});

function fn(app: LocalApp, id: string): LocalFunction {
  const found = app.functions.find((f) => f.logicalId === id);
  expect(found).toBeDefined();
  return found!;
}

function route(api: LocalRestApi, httpMethod: string, resourcePath: string): LocalRoute {
  const found = api.routes.find((r) => r.method === httpMethod && r.resourcePath === resourcePath);
  expect(found).toBeDefined();
  return found!;
}

describe('the sample CRUD service', () => {
  test('the stack, and the assembly it was read from', () => {
    expect(shop.stackName).toBe('shop');
    expect(shop.assemblyDir).toBe(path.resolve(cliOutdir));
  });

  test('its table: local name from the stack and logical id, keys, stream', () => {
    expect(shop.tables).toEqual([{
      logicalId: shopIds.table,
      name: `shop-${shopIds.table}`,
      partitionKey: { name: 'id', type: 'S' },
      globalIndexes: [],
      streamView: 'NEW_AND_OLD_IMAGES',
    }]);
  });

  test('a function: construct path, local name and ARN, staged code, handler, preset memory and timeout', () => {
    const create = fn(shop, shopIds.create);
    expect(create).toMatchObject({
      path: 'shop/Items/Create',
      name: `shop-${shopIds.create}`,
      arn: `arn:aws:lambda:us-east-1:000000000000:function:shop-${shopIds.create}`,
      handler: 'index.handler',
      timeoutSeconds: 10,
      memorySize: 256,
    });
    expect(create.codeDir).toMatch(new RegExp(`^${path.resolve(cliOutdir)}/asset\\.[0-9a-f]{64}$`));
    expect(fs.readFileSync(path.join(create.codeDir, 'index.js'), 'utf8')).toContain('exports.handler');
    expect(create.deadLetterQueue).toBeUndefined();
  });

  test('its environment is resolved: TABLE_NAME is the local table, EVENT_BUS_NAME the bus', () => {
    expect(fn(shop, shopIds.create).environment).toEqual({
      POWERTOOLS_SERVICE_NAME: 'items',
      TABLE_NAME: `shop-${shopIds.table}`,
      CORS_ALLOW_ORIGINS: '*',
      EVENT_BUS_NAME: 'shop-events',
      EVENT_SOURCE: 'items',
    });
    expect(shop.eventBuses).toEqual(['shop-events']);
  });

  test('the API: its routes, each to its function, and CORS preflight on every resource', () => {
    const [api] = shop.restApis;
    expect(shop.restApis).toHaveLength(1);
    expect(api).toMatchObject({ name: 'Api', stageName: 'prod', binaryMediaTypes: [] });
    const described = api.routes.map((r) => `${r.method} ${r.resourcePath} ${r.integration.kind === 'lambda' ? fn(shop, r.integration.function).path : r.integration.kind}`);
    expect(described).toEqual([
      'OPTIONS / mock',
      'GET /health shop/Items/Health',
      'OPTIONS /health mock',
      'GET /items shop/Items/List',
      'OPTIONS /items mock',
      'POST /items shop/Items/Create',
      'DELETE /items/{id} shop/Items/Delete',
      'GET /items/{id} shop/Items/Get',
      'OPTIONS /items/{id} mock',
      'PUT /items/{id} shop/Items/Update',
      'OPTIONS /orders mock',
      'POST /orders sqs',
    ]);
  });

  test('a LATENCY_SENSITIVE route invokes the live alias: its integration is the aliased function', () => {
    expect(route(shop.restApis[0], 'GET', '/items/{id}').integration).toEqual({ kind: 'lambda', function: shopIds.get });
    expect(fn(shop, shopIds.get)).toMatchObject({ memorySize: 1769, name: `shop-${shopIds.get}` });
  });

  test('the TOKEN authorizer guards the routes not declared public', () => {
    const [api] = shop.restApis;
    expect(api.authorizer).toEqual({
      type: 'TOKEN', function: shopIds.authorizer, identitySource: 'method.request.header.Authorization', resultsCacheTtlSeconds: 300,
    });
    expect(api.routes.filter((r) => r.authorized).map((r) => `${r.method} ${r.resourcePath}`).sort())
      .toEqual(['DELETE /items/{id}', 'GET /items', 'GET /items/{id}', 'POST /items', 'PUT /items/{id}']);
  });

  test('a route with a body schema: the model\'s schema, as written', () => {
    expect(route(shop.restApis[0], 'POST', '/items')).toMatchObject({
      bodySchema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        required: ['name', 'price'],
        properties: { name: { type: 'string' }, price: { type: 'number', minimum: 0 } },
      },
      requiredQueryParameters: [],
    });
  });

  test('a route with query parameters: only the required ones are required; no body schema without a model', () => {
    const list = route(shop.restApis[0], 'GET', '/items');
    expect(list.requiredQueryParameters).toEqual(['category']);
    expect(list.bodySchema).toBeUndefined();
  });

  test('CORS preflight: a mock with the static header values, quotes stripped, and its status', () => {
    expect(route(shop.restApis[0], 'OPTIONS', '/items')).toEqual({
      method: 'OPTIONS',
      resourcePath: '/items',
      authorized: false,
      requiredQueryParameters: [],
      integration: {
        kind: 'mock',
        statusCode: 204,
        headers: {
          'Access-Control-Allow-Headers': 'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent',
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD',
        },
      },
    });
  });

  test('gateway responses: the CORS headers of API Gateway\'s own errors, literal or from a request header', () => {
    const [api] = shop.restApis;
    expect(api.gatewayResponses?.map((r) => r.type).sort())
      .toEqual(['ACCESS_DENIED', 'BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS', 'DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED']);
    expect(api.gatewayResponses?.find((r) => r.type === 'UNAUTHORIZED')).toEqual({ type: 'UNAUTHORIZED', headers: { 'Access-Control-Allow-Origin': { literal: '*' } } });
    expect(partner.restApis[0].gatewayResponses?.find((r) => r.type === 'DEFAULT_4XX')?.headers).toEqual({
      'Access-Control-Allow-Origin': { literal: 'https://partner.example.com' },
      'Access-Control-Allow-Credentials': { literal: 'true' },
    });
  });

  test('an event subscription: the rule on the bus, its pattern, the retry policy and the dead-letter queue', () => {
    expect(shop.rules).toEqual([{
      logicalId: expect.stringMatching(/^ItemsNotifySubscription1/),
      bus: 'shop-events',
      pattern: { 'source': ['items'], 'detail-type': ['ItemCreated'], 'detail': { price: [{ numeric: ['>', 100] }] } },
      targets: [{ kind: 'function', target: shopIds.notify, retryAttempts: 5, maxEventAgeSeconds: 7200, deadLetterQueue: shopIds.notifyDlq }],
    }]);
    expect(fn(shop, shopIds.notify)).toMatchObject({ deadLetterQueue: shopIds.notifyDlq, memorySize: 512, timeoutSeconds: 60 });
  });

  test('an API route that queues: SQS integration to its queue, the queue\'s redrive, the consumer\'s mapping', () => {
    const orders = route(shop.restApis[0], 'POST', '/orders');
    expect(orders).toMatchObject({ integration: { kind: 'sqs', queue: shopIds.ordersQueue }, authorized: false });
    // CDK writes draft 4's $schema into every model that has none
    expect(orders.bodySchema).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['orderId'], properties: { orderId: { type: 'string' } },
    });
    const queue = shop.queues.find((q) => q.logicalId === shopIds.ordersQueue);
    expect(queue).toEqual({
      logicalId: shopIds.ordersQueue,
      name: `shop-${shopIds.ordersQueue}`,
      url: `http://127.0.0.1:9324/000000000000/shop-${shopIds.ordersQueue}`,
      arn: `arn:aws:sqs:us-east-1:000000000000:shop-${shopIds.ordersQueue}`,
      visibilityTimeoutSeconds: 120,
      retentionSeconds: 345600,
      redrive: { deadLetterQueue: shopIds.ordersDlq, maxReceiveCount: 3 },
    });
    expect(shop.eventSourceMappings.find((m) => m.source === shopIds.ordersQueue)).toEqual({
      logicalId: expect.stringMatching(/^OrdersConsumerMapping/),
      function: shopIds.orderWorker,
      sourceKind: 'queue',
      source: shopIds.ordersQueue,
      batchSize: 5,
      maxBatchingWindowSeconds: 0,
      reportBatchItemFailures: true,
      bisectBatchOnError: false,
      maxRetryAttempts: -1,
      filters: [],
    });
  });

  test('a DynamoDB stream consumer: the table\'s stream, its filters parsed, the on-failure queue', () => {
    expect(shop.eventSourceMappings.find((m) => m.function === shopIds.sync)).toEqual({
      logicalId: expect.stringMatching(/^ItemsSyncMapping/),
      function: shopIds.sync,
      sourceKind: 'table-stream',
      source: shopIds.table,
      batchSize: 50,
      maxBatchingWindowSeconds: 5,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      maxRetryAttempts: 3,
      filters: [{ eventName: ['INSERT'] }],
      onFailure: shopIds.syncFailures,
      startingPosition: 'LATEST',
      maxRecordAgeSeconds: 3600,
    });
  });

  test('a Kinesis consumer through an enhanced fan-out consumer reads the stream', () => {
    expect(shop.eventSourceMappings.find((m) => m.function === shopIds.analytics)).toMatchObject({
      sourceKind: 'kinesis', source: shopIds.clicks, batchSize: 100, maxRetryAttempts: 2, onFailure: shopIds.clickFailures, startingPosition: 'TRIM_HORIZON',
    });
    // an on-demand stream: LOCAL_ON_DEMAND_SHARDS shards locally; its enhanced fan-out consumer is polled
    expect(shop.kinesisStreams).toEqual([{
      logicalId: shopIds.clicks,
      name: 'clicks',
      arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks',
      mode: 'ON_DEMAND',
      shardCount: 4,
      retentionHours: 24,
      consumers: [{
        logicalId: expect.stringMatching(/^ClickAnalyticsConsumer/),
        name: expect.any(String),
        arn: expect.stringMatching(/^arn:aws:kinesis:us-east-1:000000000000:stream\/clicks\/consumer\/.+:0$/),
      }],
    }]);
  });

  test('every queue: dead-letter and failure queues keep 14 days', () => {
    const retention = Object.fromEntries(shop.queues.map((q) => [q.logicalId, q.retentionSeconds]));
    expect(retention).toEqual({
      [shopIds.notifyDlq]: 1209600,
      [shopIds.ordersDlq]: 1209600,
      [shopIds.ordersQueue]: 345600,
      [shopIds.syncFailures]: 1209600,
      [shopIds.clickFailures]: 1209600,
    });
  });

  test('not emulated: the archive; not IAM, logs, versions, aliases, scaling or CDK metadata', () => {
    expect(shop.notEmulated).toEqual({
      'AWS::Events::Archive': 1,
    });
  });
});

describe('a REQUEST authorizer, named CORS origins, another stage', () => {
  test('the authorizer: REQUEST, its identity sources as the template writes them, no cache', () => {
    const [api] = partner.restApis;
    expect(api).toMatchObject({ name: 'partner-api', stageName: 'v1' });
    expect(api.authorizer).toEqual({
      type: 'REQUEST',
      function: fn(partner, api.authorizer!.function).logicalId,
      identitySource: 'method.request.header.X-Api-Key,method.request.header.X-Tenant',
      resultsCacheTtlSeconds: 0,
    });
    expect(fn(partner, api.authorizer!.function).path).toBe('partner/PartnerAuthorizer');
  });

  test('a route with two path parameters, authorized', () => {
    const quote = route(partner.restApis[0], 'GET', '/partners/{partnerId}/quotes/{quoteId}');
    expect(quote.authorized).toBe(true);
    expect(fn(partner, (quote.integration as { function: string }).function).path).toBe('partner/Quotes/Quote');
  });

  test('the preflight answers the first origin, with credentials', () => {
    expect(route(partner.restApis[0], 'OPTIONS', '/partners').integration).toEqual({
      kind: 'mock',
      statusCode: 204,
      headers: expect.objectContaining({
        'Access-Control-Allow-Origin': 'https://partner.example.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET,POST',
      }),
    });
  });

  test('binary media types, with the `~1` escape of `/` undone', () => {
    expect(partner.restApis[0].binaryMediaTypes).toEqual(['image/png', 'application/pdf']);
  });
});

describe('choosing the stack', () => {
  test('an assembly of several stacks needs the name of one', () => {
    expect(() => readAssembly(cliOutdir)).toThrow(`${cliOutdir}: the assembly has 2 stacks (shop, partner); name the one to run.`);
  });

  test('an unknown name lists the stacks', () => {
    expect(() => readAssembly(cliOutdir, 'nope')).toThrow(`${cliOutdir}: no stack 'nope' in the assembly; it has shop, partner.`);
  });

  test('listStacks lists them with their templates', () => {
    expect(listStacks(cliOutdir).map((s) => [s.stackName, path.basename(s.templateFile)]))
      .toEqual([['shop', 'shop.template.json'], ['partner', 'partner.template.json']]);
  });

  test('a directory without manifest.json is not an assembly', () => {
    const empty = tempDir('assembly-empty-');
    expect(() => readAssembly(empty)).toThrow(AssemblyError);
    expect(() => readAssembly(empty)).toThrow('no manifest.json: not a cloud assembly');
  });

  test('a stack of a stage, in a nested assembly, by its name or display name', () => {
    const outdir = tempDir('assembly-stage-');
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stage = new Stage(app, 'Dev');
    const stack = new Stack(stage, 'api', { stackName: 'dev-api' });
    new ServiceFunction(stack, 'Ping', { assetPath });
    app.synth();
    const local = readAssembly(outdir, 'Dev/api');
    expect(local.stackName).toBe('dev-api');
    expect(local.functions.map((f) => [f.name, f.path, fs.existsSync(path.join(f.codeDir, 'index.js'))]))
      .toEqual([[expect.stringMatching(/^dev-api-Ping/), 'Dev/api/Ping', true]]);
    expect(readAssembly(outdir).stackName).toBe('dev-api');
  });
});

describe('an app synthesized without resource metadata (as `new App()` in a test)', () => {
  let extras: LocalApp;
  let ids: Record<string, string>;

  beforeAll(() => {
    const outdir = tempDir('assembly-bare-');
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'extras');
    const table = new dynamodb.Table(stack, 'Orders', {
      tableName: 'orders',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.NUMBER },
      timeToLiveAttribute: 'expiresAt',
    });
    table.addGlobalSecondaryIndex({
      indexName: 'byCustomer',
      partitionKey: { name: 'customerId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.NUMBER },
    });
    table.addGlobalSecondaryIndex({ indexName: 'byStatus', partitionKey: { name: 'status', type: dynamodb.AttributeType.BINARY } });
    const machine = new sfn.StateMachine(stack, 'Flow', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Start')) });
    const ruleDlq = new sqs.Queue(stack, 'RuleDlq');
    new events.Rule(stack, 'StartFlow', {
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created'] },
      targets: [new targets.SfnStateMachine(machine, { input: events.RuleTargetInput.fromEventPath('$.detail'), deadLetterQueue: ruleDlq })],
    });
    new events.Rule(stack, 'Nightly', { schedule: events.Schedule.rate(Duration.days(1)), targets: [new targets.SfnStateMachine(machine)] });
    const jobs = new sqs.Queue(stack, 'Jobs', { fifo: true, visibilityTimeout: Duration.seconds(90), retentionPeriod: Duration.days(1) });
    new events.Rule(stack, 'Fanout', {
      eventPattern: { source: ['jobs'] },
      targets: [
        new targets.SnsTopic(new sns.Topic(stack, 'Alerts')),
        new targets.SqsQueue(jobs, { messageGroupId: 'jobs' }),
        new targets.SqsQueue(ruleDlq, { message: events.RuleTargetInput.fromText('constant') }),
      ],
    });
    const inline = new lambda.Function(stack, 'Inline', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => 42;'),
      environment: { JOBS_URL: jobs.queueUrl, FLOW_ARN: machine.stateMachineArn, ORDERS_STREAMLESS_ARN: table.tableArn },
    });
    inline.addEventSource(new SqsEventSource(jobs, { batchSize: 1 }));
    new lambda.Function(stack, 'Py', { runtime: lambda.Runtime.PYTHON_3_13, handler: 'index.handler', code: lambda.Code.fromInline('def handler(e, c): return 1') });
    const staged = new lambda.Function(stack, 'Staged', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'main.run', code: lambda.Code.fromAsset(assetPath) });
    app.synth();
    const constructs = { table, machine, ruleDlq, jobs, inline, staged };
    ids = Object.fromEntries(Object.entries(constructs).map(([name, construct]) => [name, logicalId(construct)]));
    extras = readAssembly(outdir, undefined, { endpoints: { sqs: 'http://localhost:4566/' } });
  });

  test('paths come from the stack\'s metadata file, code from the asset manifest', () => {
    const staged = fn(extras, ids.staged);
    expect(staged).toMatchObject({ path: 'extras/Staged', handler: 'main.run', timeoutSeconds: 3, memorySize: 128, environment: {} });
    expect(fs.existsSync(path.join(staged.codeDir, 'index.js'))).toBe(true);
    expect(path.basename(staged.codeDir)).toMatch(/^asset\.[0-9a-f]{64}$/);
  });

  test('inline Node.js code is written to a directory of its own, as index.js', () => {
    const inline = fn(extras, ids.inline);
    expect(fs.readFileSync(path.join(inline.codeDir, 'index.js'), 'utf8')).toBe('exports.handler = async () => 42;');
  });

  test('the environment: a FIFO queue\'s URL on the given endpoint, a state machine\'s ARN, a table ARN', () => {
    expect(fn(extras, ids.inline).environment).toEqual({
      JOBS_URL: `http://localhost:4566/000000000000/extras-${ids.jobs}.fifo`,
      FLOW_ARN: `arn:aws:states:us-east-1:000000000000:stateMachine:extras-${ids.machine}`,
      ORDERS_STREAMLESS_ARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/orders',
    });
  });

  test('a table with a physical name, a sort key, global indexes and TTL', () => {
    expect(extras.tables).toEqual([{
      logicalId: ids.table,
      name: 'orders',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'N' },
      globalIndexes: [
        { name: 'byCustomer', partitionKey: { name: 'customerId', type: 'S' }, sortKey: { name: 'createdAt', type: 'N' } },
        { name: 'byStatus', partitionKey: { name: 'status', type: 'B' } },
      ],
      timeToLiveAttribute: 'expiresAt',
    }]);
  });

  test('a rule on the default bus that starts a state machine with the event\'s detail', () => {
    expect(extras.rules.find((r) => r.logicalId.startsWith('StartFlow'))).toEqual({
      logicalId: expect.stringMatching(/^StartFlow/),
      bus: 'default',
      pattern: { 'source': ['aws.s3'], 'detail-type': ['Object Created'] },
      targets: [{ kind: 'stateMachine', target: ids.machine, inputPath: '$.detail', retryAttempts: 185, maxEventAgeSeconds: 86400, deadLetterQueue: ids.ruleDlq }],
    });
  });

  test('a rule\'s targets local mode cannot deliver to are left out and counted; the queue target stays', () => {
    expect(extras.rules.find((r) => r.logicalId.startsWith('Fanout'))!.targets).toEqual([
      { kind: 'queue', target: ids.jobs, retryAttempts: 185, maxEventAgeSeconds: 86400 },
    ]);
  });

  test('the FIFO queue\'s name ends with .fifo; its mapping reads one message at a time', () => {
    expect(extras.queues.find((q) => q.logicalId === ids.jobs)).toMatchObject({
      name: `extras-${ids.jobs}.fifo`, visibilityTimeoutSeconds: 90, retentionSeconds: 86400,
    });
    expect(extras.eventSourceMappings).toEqual([expect.objectContaining({ function: ids.inline, sourceKind: 'queue', source: ids.jobs, batchSize: 1 })]);
  });

  test('not emulated: the Python function, the scheduled rule, the SNS target and topic, the constant input', () => {
    expect(extras.notEmulated).toEqual({
      'AWS::Events::Rule (schedule)': 1,
      'AWS::Events::Rule (target sns)': 1,
      'AWS::Events::Rule (target with Input or InputTransformer)': 1,
      'AWS::Lambda::Function (python3.13)': 1,
      'AWS::SNS::Topic': 1,
    });
    expect(extras.functions.map((f) => f.logicalId)).toEqual([ids.inline, expect.stringMatching(/^Staged/)]);
  });
});

/** A one-stack assembly (`app`) of these resources, written by hand; `asset.code` holds an `index.js`. */
function handWritten(resources: Record<string, unknown>, sections: Record<string, unknown> = {}): { dir: string; file: string } {
  const dir = tempDir('assembly-hand-');
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    version: '55.0.0',
    artifacts: { app: { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'app.template.json' } } },
  }));
  fs.writeFileSync(path.join(dir, 'app.template.json'), JSON.stringify({ Resources: resources, ...sections }));
  fs.mkdirSync(path.join(dir, 'asset.code'));
  fs.writeFileSync(path.join(dir, 'asset.code', 'index.js'), 'exports.handler = async () => ({});\n');
  return { dir, file: path.join(dir, 'app.template.json') };
}

/** A Node.js function whose code is `asset.code`. */
function handFunction(properties: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'AWS::Lambda::Function',
    Metadata: { 'aws:asset:path': 'asset.code' },
    Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', Role: 'arn:aws:iam::000000000000:role/x', ...properties },
  };
}

/** An API with a stage, for methods. */
const API = {
  Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
  Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'dev', DeploymentId: 'x' } },
};

function method(integration: Record<string, unknown>, properties: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', Integration: integration, ...properties },
  };
}

const lambdaUri = (arn: unknown) => ({ 'Fn::Join': ['', ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/', arn, '/invocations']] });

describe('hand-written templates', () => {
  test('conditions: a resource whose condition fails is not created; Fn::If follows the parameters', () => {
    const { dir } = handWritten({
      Fn: handFunction({ Environment: { Variables: { MODE: { 'Fn::If': ['IsProd', 'prod', 'dev'] }, REGION: { 'Fn::Sub': '${AWS::Region}' } } } }),
      ProdOnly: { Type: 'AWS::S3::Bucket', Condition: 'IsProd' },
      Metadata: { Type: 'AWS::CDK::Metadata', Condition: 'InUsEast', Properties: { Analytics: 'v2:deflate64:x' } },
    }, {
      Parameters: { Stage: { Type: 'String', Default: 'dev' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }, InUsEast: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
    });
    const dev = readAssembly(dir);
    expect(dev.functions[0]).toMatchObject({ path: 'app/Fn', name: 'app-Fn', environment: { MODE: 'dev', REGION: 'us-east-1' } });
    expect(dev.notEmulated).toEqual({});
    const prod = readAssembly(dir, 'app', { parameters: { Stage: 'prod' } });
    expect(prod.functions[0].environment.MODE).toBe('prod');
    expect(prod.buckets.map((bucket) => bucket.name)).toEqual(['app-prodonly']);
    expect(prod.notEmulated).toEqual({});
  });

  test('physical names, a redrive policy written as a JSON string, numbers written as strings', () => {
    const { dir } = handWritten({
      Fn: handFunction({ FunctionName: 'my-fn', Timeout: '15', MemorySize: 1024, DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } }),
      Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'my-dlq' } },
      Work: {
        Type: 'AWS::SQS::Queue',
        Properties: { VisibilityTimeout: '45', RedrivePolicy: { 'Fn::Sub': '{"deadLetterTargetArn":"${Dlq.Arn}","maxReceiveCount":"5"}' } },
      },
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'my-bus' } },
      Rule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventBusName: { 'Fn::GetAtt': ['Bus', 'Arn'] },
          EventPattern: '{"source":["a"]}',
          Targets: [{ Id: 't', Arn: { 'Fn::Join': [':', [{ 'Fn::GetAtt': ['Fn', 'Arn'] }, 'live']] } }],
        },
      },
    });
    const local = readAssembly(dir);
    expect(local.functions[0]).toMatchObject({ name: 'my-fn', arn: 'arn:aws:lambda:us-east-1:000000000000:function:my-fn', timeoutSeconds: 15, memorySize: 1024, deadLetterQueue: 'Dlq' });
    expect(local.queues.map((q) => [q.logicalId, q.name, q.visibilityTimeoutSeconds, q.redrive])).toEqual([
      ['Dlq', 'my-dlq', 30, undefined],
      ['Work', 'app-Work', 45, { deadLetterQueue: 'Dlq', maxReceiveCount: 5 }],
    ]);
    expect(local.rules).toEqual([{ logicalId: 'Rule', bus: 'my-bus', pattern: { source: ['a'] }, targets: [expect.objectContaining({ kind: 'function', target: 'Fn' })] }]);
  });

  test('what the API runs and what it does not: HTTP proxies, non-proxy Lambda integrations, Cognito authorizers, OpenAPI APIs', () => {
    const { dir } = handWritten({
      ...API,
      Fn: handFunction(),
      Proxy: method({ Type: 'HTTP_PROXY', Uri: 'https://example.com' }),
      Custom: method({ Type: 'AWS', Uri: lambdaUri({ 'Fn::GetAtt': ['Fn', 'Arn'] }) }, { HttpMethod: 'POST' }),
      Step: method({ Type: 'AWS', Uri: 'arn:aws:apigateway:us-east-1:states:action/StartExecution' }, { HttpMethod: 'PUT' }),
      Users: { Type: 'AWS::ApiGateway::Authorizer', Properties: { RestApiId: { Ref: 'Api' }, Type: 'COGNITO_USER_POOLS', ProviderARNs: ['x'] } },
      Cognito: method({ Type: 'AWS_PROXY', Uri: lambdaUri({ 'Fn::GetAtt': ['Fn', 'Arn'] }) }, { AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: { Ref: 'Users' } }),
      Spec: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { openapi: '3.0.1' } } },
      SpecMethod: method({ Type: 'MOCK' }, { RestApiId: { Ref: 'Spec' } }),
    });
    const local = readAssembly(dir);
    expect(local.restApis).toEqual([{
      logicalId: 'Api',
      name: 'api',
      stageName: 'dev',
      routes: [{ method: 'GET', resourcePath: '/', integration: { kind: 'lambda', function: 'Fn' }, authorized: false, requiredQueryParameters: [] }],
      binaryMediaTypes: [],
    }]);
    expect(local.notEmulated).toEqual({
      'AWS::ApiGateway::Authorizer (COGNITO_USER_POOLS)': 1,
      'AWS::ApiGateway::Method (AWS Lambda integration)': 1,
      'AWS::ApiGateway::Method (AWS states integration)': 1,
      'AWS::ApiGateway::Method (COGNITO_USER_POOLS authorization: not checked)': 1,
      'AWS::ApiGateway::Method (HTTP_PROXY integration)': 1,
      'AWS::ApiGateway::RestApi (OpenAPI definition)': 1,
    });
  });

  test.each([
    ['a cache cluster', { CacheClusterEnabled: true, CacheClusterSize: '0.5' }],
    ['a method setting with caching on', { MethodSettings: [{ HttpMethod: 'GET', ResourcePath: '/~1items', CachingEnabled: true, CacheTtlInSeconds: 60 }] }],
  ])('a stage with %s is listed: response caching is not applied', (_case, cache) => {
    const { dir } = handWritten({
      ...API,
      Stage: { ...API.Stage, Properties: { ...API.Stage.Properties, ...cache } },
      Fn: handFunction({ Runtime: 'nodejs24.x' }),
      Get: method({ Type: 'AWS_PROXY', Uri: lambdaUri({ 'Fn::GetAtt': ['Fn', 'Arn'] }) }),
    });
    const local = readAssembly(dir);
    expect(local.notEmulated).toEqual({ 'AWS::ApiGateway::Stage (response caching: not applied, every request reaches its integration)': 1 });
    expect(local.functions[0].runtime).toBe('nodejs24.x');
  });

  test('a mock without integration responses answers 200 with no headers; dynamic header values are left out', () => {
    const { dir } = handWritten({
      ...API,
      Plain: method({ Type: 'MOCK' }),
      Echo: method({
        Type: 'MOCK',
        IntegrationResponses: [
          { StatusCode: '500', SelectionPattern: '5\\d{2}' },
          { StatusCode: '200', ResponseParameters: { 'method.response.header.X-Static': "'yes'", 'method.response.header.X-Dynamic': 'integration.response.header.x' } },
        ],
      }, { HttpMethod: 'POST' }),
    });
    expect(readAssembly(dir).restApis[0].routes.map((r) => r.integration)).toEqual([
      { kind: 'mock', statusCode: 200, headers: {} },
      { kind: 'mock', statusCode: 200, headers: { 'X-Static': 'yes' } },
    ]);
  });

  test('event sources local mode does not read are counted; a disabled mapping and a disabled rule are left out', () => {
    const { dir } = handWritten({
      Fn: handFunction(),
      Kafka: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/c/1', Topics: ['t'] } },
      SelfManaged: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, SelfManagedEventSource: { Endpoints: {} } } },
      Off: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] }, Enabled: false } },
      Q: { Type: 'AWS::SQS::Queue' },
      Disabled: { Type: 'AWS::Events::Rule', Properties: { State: 'DISABLED', EventPattern: { source: ['x'] }, Targets: [] } },
    });
    const local = readAssembly(dir);
    expect(local.eventSourceMappings).toEqual([]);
    expect(local.rules).toEqual([]);
    expect(local.notEmulated).toEqual({ 'AWS::Lambda::EventSourceMapping (kafka)': 1, 'AWS::Lambda::EventSourceMapping (self-managed source)': 1 });
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    [
      'a Ref to nothing in an environment variable',
      { Fn: handFunction({ Environment: { Variables: { TABLE_NAME: { Ref: 'Nope' } } } }) }, {},
      "Resources.Fn.Properties.Environment.Variables.TABLE_NAME: Ref to 'Nope', which is not a resource or parameter of the template.",
    ],
    [
      'an environment variable that is not a string',
      { Fn: handFunction({ Environment: { Variables: { LIST: { 'Fn::Split': [',', 'a,b'] } } } }) }, {},
      'Resources.Fn.Properties.Environment.Variables.LIST: must resolve to a string, got ["a","b"].',
    ],
    [
      'an attribute local mode does not know',
      { Fn: handFunction({ Environment: { Variables: { X: { 'Fn::GetAtt': ['Q', 'Nope'] } } } }), Q: { Type: 'AWS::SQS::Queue' } }, {},
      "Resources.Fn.Properties.Environment.Variables.X: Fn::GetAtt Q.Nope: AWS::SQS::Queue 'Q' has no attribute 'Nope' locally (it has Arn, QueueName, QueueUrl).",
    ],
    [
      'code that is not in the assembly',
      { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x', Code: { S3Bucket: 'b', S3Key: 'abc.zip' } } } }, {},
      'Resources.Fn.Properties.Code.S3Key: abc.zip is not an asset staged in',
    ],
    [
      'an asset directory that is gone',
      { Fn: { ...handFunction(), Metadata: { 'aws:asset:path': 'asset.gone' } } }, {},
      'does not exist: synthesize the app again.',
    ],
    [
      'a function without a handler',
      { Fn: handFunction({ Handler: undefined }) }, {},
      'Resources.Fn.Properties.Handler: is required for a function run from a zip archive.',
    ],
    [
      'a route to a function of another stack',
      { ...API, Get: method({ Type: 'AWS_PROXY', Uri: lambdaUri('arn:aws:lambda:us-east-1:000000000000:function:elsewhere') }) }, {},
      'Resources.Get.Properties.Integration.Uri: invokes arn:aws:lambda:us-east-1:000000000000:function:elsewhere, which is not a function of this template.',
    ],
    [
      'a route to a Python function',
      { ...API, Py: handFunction({ Runtime: 'python3.12' }), Get: method({ Type: 'AWS_PROXY', Uri: lambdaUri({ 'Fn::GetAtt': ['Py', 'Arn'] }) }) }, {},
      'Resources.Get.Properties.Integration.Uri: invokes Py, which local mode does not run: python3.12.',
    ],
    [
      'a route to a queue of another stack',
      { ...API, Post: method({ Type: 'AWS', Uri: 'arn:aws:apigateway:us-east-1:sqs:path/000000000000/other-queue' }) }, {},
      'Resources.Post.Properties.Integration.Uri: sends to the queue other-queue, which is not a queue of this template.',
    ],
    [
      'a method of an API not in the template',
      { ...API, Get: method({ Type: 'MOCK' }, { RestApiId: 'abc123' }) }, {},
      'Resources.Get.Properties.RestApiId: abc123 is not a REST API of this template.',
    ],
    [
      'a method without integration',
      { ...API, Get: method({}, { Integration: undefined }) }, {},
      'Resources.Get.Properties.Integration: is missing',
    ],
    [
      'a CUSTOM method without authorizer',
      { ...API, Get: method({ Type: 'MOCK' }, { AuthorizationType: 'CUSTOM' }) }, {},
      'Resources.Get.Properties.AuthorizerId: AuthorizationType CUSTOM needs the id of an authorizer of this template, got none.',
    ],
    [
      'a resource whose parent is not in the API',
      { ...API, Child: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: 'zzz', PathPart: 'x' } }, Get: method({ Type: 'MOCK' }, { ResourceId: { Ref: 'Child' } }) }, {},
      'Resources.Get.Properties.ResourceId: zzz is not a resource of the REST API',
    ],
    [
      'an API without stage',
      { Api: API.Api, Get: method({ Type: 'MOCK' }) }, {},
      'Resources.Api: has no stage (no AWS::ApiGateway::Stage, no Deployment with a StageName): its routes cannot be called.',
    ],
    [
      'a model that is not in the template',
      {
        ...API,
        Validator: { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: { Ref: 'Api' }, ValidateRequestBody: true } },
        Post: method({ Type: 'MOCK' }, { RequestValidatorId: { Ref: 'Validator' }, RequestModels: { 'application/json': 'Missing' } }),
      }, {},
      'Resources.Post.Properties.RequestModels.application/json: Missing is not a model of this API in the template.',
    ],
    [
      'a key attribute without definition',
      { T: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [] } } }, {},
      'Resources.T.Properties.KeySchema: the key attribute id is not in AttributeDefinitions.',
    ],
    [
      'a table without HASH key',
      { T: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'RANGE' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] } } }, {},
      'Resources.T.Properties.KeySchema: has no HASH key.',
    ],
    [
      'a rule target queue of another stack',
      { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['x'] }, Targets: [{ Id: '1', Arn: 'arn:aws:sqs:us-east-1:000000000000:other' }] } } }, {},
      'Resources.R.Properties.Targets[0].Arn: arn:aws:sqs:us-east-1:000000000000:other is not a queue of this template.',
    ],
    [
      'a rule pattern that is not JSON',
      { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: '{source', Targets: [] } } }, {},
      'Resources.R.Properties.EventPattern: is not JSON',
    ],
    [
      'a rule pattern EventBridge would refuse',
      { R: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { detail: { ip: [{ cidr: '10.0.0.1/32' }] } }, Targets: [] } } }, {},
      'Resources.R.Properties.EventPattern: EventBridge would refuse it: detail.ip: cidr "10.0.0.1/32" is a single address',
    ],
    [
      'a mapping filter that is not JSON',
      {
        Fn: handFunction(),
        Q: { Type: 'AWS::SQS::Queue' },
        M: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] }, FilterCriteria: { Filters: [{ Pattern: '{' }] } } },
      }, {},
      'Resources.M.Properties.FilterCriteria.Filters[0].Pattern: is not JSON',
    ],
    [
      'a mapping filter Lambda would refuse',
      {
        Fn: handFunction(),
        Q: { Type: 'AWS::SQS::Queue' },
        M: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] }, FilterCriteria: { Filters: [{ Pattern: '{"body":{"file":[{"wildcard":"*.png"}]}}' }] } },
        },
      }, {},
      "Resources.M.Properties.FilterCriteria.Filters[0].Pattern: Lambda would refuse it: body.file: wildcard: Lambda's event filtering does not have it",
    ],
    [
      'a Kinesis stream not in the template',
      {
        Fn: handFunction(),
        M: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/other' } },
      }, {},
      'Resources.M.Properties.EventSourceArn: arn:aws:kinesis:us-east-1:000000000000:stream/other is not a Kinesis stream or stream consumer of this template.',
    ],
    [
      'a redrive policy without its queue',
      { Q: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { maxReceiveCount: 3 } } } }, {},
      'Resources.Q.Properties.RedrivePolicy: needs deadLetterTargetArn and maxReceiveCount',
    ],
    [
      'a name that depends on itself',
      { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Join': ['-', ['q', { 'Fn::GetAtt': ['Q', 'QueueName'] }]] } } } }, {},
      'Resources.Q: its local name depends on itself (Q -> Q).',
    ],
    [
      'a resource without type',
      { Q: { Properties: {} } }, {},
      'resource Q has no Type.',
    ],
    [
      'a condition that cannot be evaluated',
      { Q: { Type: 'AWS::SQS::Queue', Condition: 'Maybe' } }, { Parameters: { Flag: { Type: 'String' } }, Conditions: { Maybe: { 'Fn::Equals': [{ Ref: 'Flag' }, 'on'] } } },
      "Resources.Q.Condition (in Conditions.Maybe): Ref to parameter 'Flag', which has no Default: give it a value.",
    ],
  ])('%s is an error naming the file, the resource and the property', (_what, resources, sections, message) => {
    const { dir, file } = handWritten(resources, sections);
    let error: unknown;
    try {
      readAssembly(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AssemblyError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(message);
  });

  test('a template that is not JSON', () => {
    const { dir, file } = handWritten({});
    fs.writeFileSync(file, '{ nope');
    expect(() => readAssembly(dir)).toThrow(`${file}: the stack template is not JSON`);
  });
});

/** A global table with a stream. */
const GLOBAL_TABLE = {
  TableName: 't',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
};

describe('what Ref and Fn::GetAtt give locally, by resource type', () => {
  const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:000000000000:${resource}`;
  test.each<[string, Record<string, unknown>, unknown, string | RegExp]>([
    ['AWS::Lambda::Function', { FunctionName: 'f', Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'x' } }, { 'Fn::GetAtt': ['R', 'Arn'] },
      arn('lambda', 'function:f')],
    ['AWS::Lambda::Alias', { FunctionName: 'f', Name: 'live', FunctionVersion: '1' }, { Ref: 'R' }, arn('lambda', 'function:f:live')],
    ['AWS::Lambda::Alias', { FunctionName: arn('lambda', 'function:f'), Name: 'live', FunctionVersion: '1' }, { 'Fn::GetAtt': ['R', 'AliasArn'] }, arn('lambda', 'function:f:live')],
    ['AWS::Lambda::Version', { FunctionName: 'f' }, { 'Fn::Sub': '${R}|${R.Version}' }, `${arn('lambda', 'function:f:1')}|1`],
    ['AWS::Lambda::EventSourceMapping', { FunctionName: 'f' }, { Ref: 'R' }, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/],
    ['AWS::Lambda::LayerVersion', { LayerName: 'deps' }, { Ref: 'R' }, arn('lambda', 'layer:deps:1')],
    ['AWS::Lambda::Url', { TargetFunctionArn: 'f', AuthType: 'NONE' }, { 'Fn::GetAtt': ['R', 'FunctionUrl'] }, /^https:\/\/[0-9a-f]{32}\.lambda-url\.us-east-1\.on\.aws\/$/],
    ['AWS::DynamoDB::GlobalTable', GLOBAL_TABLE, { 'Fn::GetAtt': ['R', 'StreamArn'] },
      arn('dynamodb', 'table/t/stream/1970-01-01T00:00:00.000')],
    ['AWS::SQS::Queue', {}, { 'Fn::GetAtt': ['R', 'QueueUrl'] }, 'http://127.0.0.1:9324/000000000000/app-R'],
    ['AWS::SNS::Topic', {}, { 'Fn::Sub': '${R}|${R.TopicName}' }, `${arn('sns', 'app-R')}|app-R`],
    ['AWS::SNS::Topic', { FifoTopic: true }, { 'Fn::GetAtt': ['R', 'TopicName'] }, 'app-R.fifo'],
    ['AWS::Events::EventBus', { Name: 'b' }, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('events', 'event-bus/b')],
    ['AWS::Events::Rule', { Name: 'r', EventBusName: 'b' }, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('events', 'rule/b/r')],
    ['AWS::Events::Rule', {}, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('events', 'rule/app-R')],
    ['AWS::Events::Archive', { SourceArn: 'x' }, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('events', 'archive/app-R')],
    ['AWS::Kinesis::Stream', {}, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('kinesis', 'stream/app-R')],
    ['AWS::Kinesis::StreamConsumer', { StreamARN: arn('kinesis', 'stream/s'), ConsumerName: 'c' }, { Ref: 'R' }, arn('kinesis', 'stream/s/consumer/c:0')],
    ['AWS::KinesisFirehose::DeliveryStream', {}, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('firehose', 'deliverystream/app-R')],
    ['AWS::StepFunctions::StateMachine', { StateMachineName: 'flow' }, { 'Fn::Sub': '${R}|${R.Name}' }, `${arn('states', 'stateMachine:flow')}|flow`],
    ['AWS::StepFunctions::Activity', { Name: 'act' }, { Ref: 'R' }, arn('states', 'activity:act')],
    ['AWS::S3::Bucket', {}, { 'Fn::Sub': '${R}|${R.Arn}|${R.RegionalDomainName}' }, 'app-r|arn:aws:s3:::app-r|app-r.s3.us-east-1.amazonaws.com'],
    ['AWS::IAM::Role', { Path: '/service/' }, { 'Fn::GetAtt': ['R', 'Arn'] }, 'arn:aws:iam::000000000000:role/service/app-R'],
    ['AWS::IAM::Policy', { PolicyName: 'p' }, { Ref: 'R' }, 'app-R'],
    ['AWS::IAM::ManagedPolicy', { ManagedPolicyName: 'mp' }, { Ref: 'R' }, 'arn:aws:iam::000000000000:policy/mp'],
    ['AWS::Logs::LogGroup', { LogGroupName: '/aws/lambda/f' }, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('logs', 'log-group:/aws/lambda/f:*')],
    ['AWS::ApiGateway::RestApi', { Name: 'api' }, { 'Fn::Join': ['', ['https://', { Ref: 'R' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] },
      /^https:\/\/[0-9a-f]{10}\.execute-api\.us-east-1\.amazonaws\.com$/],
    ['AWS::ApiGateway::Stage', { StageName: 'prod', RestApiId: 'x' }, { Ref: 'R' }, 'prod'],
    ['AWS::ApiGateway::Model', { Name: 'Item', RestApiId: 'x' }, { Ref: 'R' }, 'Item'],
    ['AWS::AppSync::GraphQLApi', { Name: 'g' }, { 'Fn::GetAtt': ['R', 'GraphQLUrl'] }, /^https:\/\/[0-9a-f]{26}\.appsync-api\.us-east-1\.amazonaws\.com\/graphql$/],
    ['AWS::Glue::Database', { CatalogId: '1', DatabaseInput: { Name: 'lake' } }, { Ref: 'R' }, 'lake'],
    ['AWS::Glue::Table', { CatalogId: '1', DatabaseName: 'lake', TableInput: {} }, { Ref: 'R' }, 'app-r'],
    ['AWS::Athena::WorkGroup', { Name: 'wg' }, { Ref: 'R' }, 'wg'],
    ['AWS::KMS::Key', {}, { 'Fn::GetAtt': ['R', 'Arn'] }, /^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/],
    ['AWS::KMS::Alias', { AliasName: 'alias/app', TargetKeyId: 'k' }, { Ref: 'R' }, 'alias/app'],
    ['AWS::SSM::Parameter', { Type: 'String', Value: 'v' }, { 'Fn::Sub': '${R}=${R.Value}' }, 'app-R=v'],
    ['AWS::SecretsManager::Secret', { Name: 's' }, { Ref: 'R' }, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:s-[0-9a-f]{6}$/],
    ['AWS::CloudWatch::Alarm', {}, { 'Fn::GetAtt': ['R', 'Arn'] }, arn('cloudwatch', 'alarm:app-R')],
    ['AWS::Cognito::UserPool', {}, { 'Fn::Sub': '${R}|${R.Arn}' }, `app-R|${arn('cognito', 'userpool/app-R')}`],
    ['Custom::Seed', { ServiceToken: 'x' }, { Ref: 'R' }, 'app-R'],
  ])('%s %j: %j', (type, properties, expression, expected) => {
    // an API needs a stage
    const stage = type === 'AWS::ApiGateway::RestApi' ? { S: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'R' }, StageName: 'dev' } } } : {};
    const fnWithV = handFunction({ Environment: { Variables: { V: expression } } });
    const { dir } = handWritten({ R: { Type: type, Properties: properties }, ...stage, Fn: fnWithV });
    const value = readAssembly(dir).functions.find((f) => f.logicalId === 'Fn')!.environment.V;
    if (typeof expected === 'string') {
      expect(value).toBe(expected);
    } else {
      expect(value).toMatch(expected);
    }
  });

  test('a custom resource\'s attributes are not known before its provider runs', () => {
    const { dir } = handWritten({ R: { Type: 'Custom::Seed', Properties: { ServiceToken: 'x' } }, Fn: handFunction({ Environment: { Variables: { V: { 'Fn::GetAtt': ['R', 'Out'] } } } }) });
    expect(() => readAssembly(dir)).toThrow("Fn::GetAtt R.Out: Custom::Seed 'R' has no attribute 'Out' locally (it has none).");
  });
});
