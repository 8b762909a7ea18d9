/**
 * The shapes of options the generated tests must pass for, not only the sample's: each variant
 * is an app the project type is synthesized into by `generated-tests.test.ts`, and one of the
 * example apps `scripts/snapshot-examples.ts` keeps byte-identical across refactorings.
 */
import { DATA_PROCESSING } from './data-fixtures';
import { TestOptions } from './helpers';
import { ORDER_PROCESSING } from './workflow-fixtures';
import {
  ApiLoggingLevel, AuthorizerType, FunctionArchitecture, FunctionPreset, GraphqlAuthorization, GraphqlFieldLogLevel,
  HttpMethod, NodeRuntime, TableAccess, WorkflowStepType, WorkflowType,
} from '../../src';

/** Every API and event option at once, with values other than the defaults. */
const API_FEATURES: TestOptions = {
  api: {
    stageName: 'v1',
    loggingLevel: ApiLoggingLevel.ERROR,
    metrics: false,
    throttlingRateLimit: 50,
    throttlingBurstLimit: 75,
    cors: { allowOrigins: ['https://shop.example.com', 'https://admin.example.com'], allowHeaders: ['Content-Type', 'Authorization'], allowCredentials: true },
    cache: { clusterSizeGb: '1.6', ttlSeconds: 120 },
    authorizer: { resultsCacheTtlSeconds: 60 },
  },
  graphql: { authorization: GraphqlAuthorization.IAM, fieldLogLevel: GraphqlFieldLogLevel.ALL },
  eventArchiveRetentionDays: 30,
  tags: { 'team': 'catalog', 'cost-center': '42' },
  services: [
    {
      name: 'catalog',
      table: { partitionKey: { name: 'sku' } },
      events: ['ProductAdded'],
      functions: [
        { name: 'list', route: { method: HttpMethod.GET, path: '/products', queryParameters: { category: true, page: false } } },
        { name: 'show', route: { method: HttpMethod.GET, path: '/products/{sku}', authorize: false, cache: { ttlSeconds: 600 } } },
        { name: 'add-product', route: { method: HttpMethod.POST, path: '/products', bodySchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } }, publishes: ['ProductAdded'] },
        { name: 'review', route: { method: HttpMethod.POST, path: '/products/{sku}/reviews', bodySchemaFile: 'schemas/review.json' } },
        { name: 'stock', route: { method: HttpMethod.GET, path: '/products/{sku}/stock', cache: { enabled: false } } },
        { name: 'replace', route: { method: HttpMethod.PUT, path: '/products/{sku}', bodySchemaFile: 'schemas/product.json' } },
        { name: 'get-product', resolver: { typeName: 'Query', fieldName: 'product' }, tableAccess: TableAccess.READ },
        { name: 'create-product', resolver: { typeName: 'Mutation', fieldName: 'createProduct' }, tableAccess: TableAccess.READ_WRITE },
      ],
    },
    {
      name: 'orders',
      ownApi: true,
      table: { partitionKey: { name: 'orderId' } },
      events: ['OrderPlaced'],
      functions: [
        { name: 'place', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'] },
        { name: 'reserve-stock', subscriptions: [{ sources: ['catalog'], detailTypes: ['ProductAdded'] }] },
      ],
    },
    {
      name: 'shipping',
      functions: [
        {
          name: 'ship',
          subscriptions: [
            { sources: ['orders'], detailTypes: ['OrderPlaced'], detail: { total: [{ numeric: ['>', 0] }], country: [{ 'anything-but': 'XX' }] }, retryAttempts: 10, maxEventAgeSeconds: 3600 },
          ],
        },
      ],
    },
  ],
};

export const VARIANTS: Record<string, TestOptions> = {
  'sample': {},
  // an app created before `recommendedFeatureFlags` and `serviceStacks`: CDK's older behaviours, the account-level API Gateway role among them, one stack
  'sample-without-feature-flags': { recommendedFeatureFlags: false, serviceStacks: false },
  'two-services': {
    services: [
      {
        name: 'orders',
        table: { partitionKey: { name: 'orderId' }, sortKey: { name: 'createdAt' } },
        events: ['OrderPlaced', 'OrderCancelled'],
        functions: [
          { name: 'place', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'], preset: FunctionPreset.IO_BOUND, timeoutSeconds: 25 },
          { name: 'cancel', route: { method: HttpMethod.DELETE, path: '/orders/{orderId}' }, publishes: ['OrderCancelled', 'OrderPlaced'], timeoutSeconds: 20 },
          { name: 'nightly-report', preset: FunctionPreset.CPU_BOUND, tableAccess: TableAccess.READ, reservedConcurrency: 1 },
        ],
      },
      {
        name: 'users',
        table: { partitionKey: { name: 'userId' } },
        preset: FunctionPreset.LATENCY_SENSITIVE,
        provisionedConcurrency: { maxCapacity: 4 },
        functions: [
          { name: 'show', route: { method: HttpMethod.GET, path: '/users/{userId}' }, memorySize: 1024 },
          { name: 'list', route: { method: HttpMethod.GET, path: '/users' }, provisionedConcurrency: { minCapacity: 3, utilizationTarget: 0.5 } },
          { name: 'rename', route: { method: HttpMethod.PUT, path: '/users/{userId}' }, preset: FunctionPreset.SIMPLE },
        ],
      },
    ],
  },
  'no-tracing-x86-node22': {
    tracing: false,
    tracerAndMetrics: false,
    architecture: FunctionArchitecture.X86_64,
    nodeRuntime: NodeRuntime.NODEJS_22_X,
    logRetentionDays: 7,
    services: [{
      name: 'reports',
      functions: [{ name: 'list', route: { method: HttpMethod.GET, path: '/reports' } }],
      workflows: [{ name: 'monthly', steps: [{ name: 'compile', type: WorkflowStepType.TASK }, { name: 'wait', type: WorkflowStepType.WAIT, waitSeconds: 60 }] }],
    }],
  },
  'worker-only': { services: [{ name: 'jobs', functions: [{ name: 'run' }] }] },
  // EventBridge Scheduler: a cron in a time zone with a flexible window and retries, a rate, a one-time run not yet enabled
  'scheduled-tasks': {
    services: [{
      name: 'reports',
      preset: FunctionPreset.IO_BOUND,
      functions: [
        { name: 'nightly', preset: FunctionPreset.CPU_BOUND, schedule: { expression: 'cron(0 2 ? * MON-FRI *)', timeZone: 'Europe/Paris', flexibleWindowMinutes: 15, retryAttempts: 3, maxEventAgeSeconds: 3600 } },
        { name: 'heartbeat', schedule: { expression: 'rate(5 minutes)' } },
        { name: 'launch', schedule: { expression: 'at(2027-03-01T09:00:00)', timeZone: 'America/New_York', enabled: false } },
      ],
    }],
  },
  // service names that are the stack's own construct ids
  // every API and event option at once, with values other than the defaults
  'api-features': API_FEATURES,
  'request-authorizer-no-archive': {
    api: { authorizer: { type: AuthorizerType.REQUEST, identityHeader: 'X-Api-Token', preset: FunctionPreset.LATENCY_SENSITIVE } },
    eventArchive: false,
    services: [
      {
        name: 'notes',
        table: { partitionKey: { name: 'id' } },
        events: ['NoteAdded'],
        functions: [
          { name: 'add-note', route: { method: HttpMethod.POST, path: '/notes' }, publishes: ['NoteAdded'] },
          { name: 'get', route: { method: HttpMethod.GET, path: '/notes/{id}' } },
          { name: 'note', resolver: { typeName: 'Query', fieldName: 'note' }, tableAccess: TableAccess.READ },
          { name: 'index', subscriptions: [{ detailTypes: ['NoteAdded'] }] },
        ],
      },
    ],
  },
  // the spec's order processing, triggered by OrderPlaced, with one step of each shape; and an EXPRESS workflow
  'workflows': {
    services: [{
      name: 'orders',
      table: { partitionKey: { name: 'id' } },
      events: ['OrderPlaced'],
      functions: [{ name: 'create', route: { method: HttpMethod.POST, path: '/orders' }, publishes: ['OrderPlaced'] }],
      workflows: [
        ORDER_PROCESSING,
        { name: 'nightly-cleanup', type: WorkflowType.EXPRESS, timeoutSeconds: 120, steps: [{ name: 'sweep', type: WorkflowStepType.TASK }] },
        // a choice on what a task returned (under its resultPath), and a polling loop through a wait
        {
          name: 'export',
          steps: [
            { name: 'start-export', type: WorkflowStepType.TASK, resultPath: '$.job' },
            { name: 'check-export', type: WorkflowStepType.TASK, resultPath: '$.status' },
            { name: 'is-done', type: WorkflowStepType.CHOICE, choices: [{ variable: '$.status.done', booleanEquals: true, next: 'finished' }], defaultNext: 'wait-a-bit' },
            { name: 'wait-a-bit', type: WorkflowStepType.WAIT, waitSeconds: 30, next: 'check-export' },
            { name: 'finished', type: WorkflowStepType.SUCCEED },
          ],
        },
      ],
    }],
  },
  // every data processing option: S3 events, a workflow started by large files, Kinesis fan-out, table stream, API → SQS, data lake
  'data-processing': DATA_PROCESSING,
  // the same with AWS Control Tower's controls: the KMS key, versioning and acknowledgements of ControlTowerCompliance
  'data-processing-control-tower': { ...DATA_PROCESSING, compliance: { controlTower: true } },
  // CORS for one origin with credentials, on API Gateway's own errors too; a route that sends back a workflow's task tokens;
  // AWS services' events on the default bus, in an app with no bus of its own; retries, catches and choices inside
  // parallel branches and map item steps
  'integrations': {
    api: { cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true } },
    services: [{
      name: 'orders',
      table: { partitionKey: { name: 'id' } },
      functions: [
        { name: 'approve', route: { method: HttpMethod.POST, path: '/orders/{id}/approval' }, completesCallbacksOf: 'approval' },
        { name: 'on-upload', subscriptions: [{ sources: ['aws.s3'], detailTypes: ['Object Created'], retryAttempts: 3, maxEventAgeSeconds: 3600 }] },
        { name: 'on-health', subscriptions: [{ sources: ['aws.health'], detailTypes: ['AWS Health Event'], detail: { service: ['LAMBDA'], eventTypeCategory: [{ 'anything-but': 'accountNotification' }] } }] },
      ],
      workflows: [{
        name: 'approval',
        steps: [
          { name: 'request-approval', type: WorkflowStepType.CALLBACK, timeoutSeconds: 86400, resultPath: '$.approval' },
          { name: 'approved', type: WorkflowStepType.SUCCEED },
        ],
      }, {
        name: 'fulfilment',
        steps: [
          {
            name: 'fan-out',
            type: WorkflowStepType.PARALLEL,
            resultPath: '$.results',
            catch: [{ next: 'fulfilment-failed' }],
            branches: [
              {
                steps: [
                  { name: 'charge', type: WorkflowStepType.TASK, retry: [{ errors: ['PaymentBusy'], maxAttempts: 2 }], catch: [{ errors: ['CardDeclined'], next: 'declined' }], end: true },
                  { name: 'declined', type: WorkflowStepType.SUCCEED },
                ],
              },
              {
                steps: [
                  { name: 'by-speed', type: WorkflowStepType.CHOICE, choices: [{ variable: '$.express', booleanEquals: true, next: 'reserve-express' }] },
                  { name: 'reserve-express', type: WorkflowStepType.TASK },
                ],
              },
            ],
          },
          {
            name: 'ship-all',
            type: WorkflowStepType.MAP,
            itemsPath: '$.items',
            resultPath: '$.shipments',
            itemSteps: [
              { name: 'pack', type: WorkflowStepType.TASK, retry: [{ errors: ['States.TaskFailed'], maxAttempts: 1 }], catch: [{ errors: ['OutOfStock'], next: 'skip-item' }] },
              { name: 'label', type: WorkflowStepType.TASK, end: true },
              { name: 'skip-item', type: WorkflowStepType.SUCCEED },
            ],
            next: 'done',
          },
          { name: 'done', type: WorkflowStepType.SUCCEED },
          { name: 'fulfilment-failed', type: WorkflowStepType.FAIL, error: 'FulfilmentFailed' },
        ],
      }],
    }],
  },
  'service-named-api': { services: [{ name: 'api', events: ['Called'], functions: [{ name: 'call', route: { method: HttpMethod.GET, path: '/call' }, publishes: ['Called'] }] }, { name: 'event-bus', functions: [{ name: 'tick' }] }] },
  // the same options in one stack, as in an app deployed before `serviceStacks`
  'api-features-one-stack': { ...API_FEATURES, serviceStacks: false },
  'data-processing-one-stack': { ...DATA_PROCESSING, serviceStacks: false },
  // two stages (dev destroys its data, prod with approval keeps it, each its log retention) and the deploy pipeline
  'two-stages': {
    ...DATA_PROCESSING,
    // and a function whose preset has provisioned concurrency, which dev goes without
    services: [...DATA_PROCESSING.services!, { name: 'quotes', functions: [{ name: 'get', preset: FunctionPreset.LATENCY_SENSITIVE, route: { method: HttpMethod.GET, path: '/quotes' } }] }],
    stages: [
      { name: 'dev', account: '111111111111', region: 'eu-west-1', logRetentionDays: 7 },
      { name: 'prod', account: '222222222222', region: 'eu-west-1', approval: true, logRetentionDays: 365 },
    ],
    pipeline: { repository: 'acme/data', branch: 'main' },
  },
  // `alarms`: every kind of queue (behind a route, dead-letter, stream failure, workflow trigger), a workflow and a REST API in
  // nested stacks, an email subscription, thresholds of its own
  'alarms': { ...DATA_PROCESSING, alarms: { email: 'ops@example.com', durationPercentOfTimeout: 90, queueAgeSeconds: 600 } },
  // off unless the stack's props turn them on (as a dev stage leaves them)
  'alarms-off': { services: [{ name: 'jobs', functions: [{ name: 'run' }] }], alarms: { enabled: false } },
  // in one stack, with the authorizer, two REST APIs and a topic brought in
  'alarms-one-stack': {
    ...API_FEATURES,
    serviceStacks: false,
    alarms: { topicArn: 'arn:aws:sns:us-east-1:111122223333:ops', functionErrors: 2, api5xxRatePercent: 5, apiLatencyP99Ms: 5000 },
  },
};
