/**
 * The apps the cost tests synthesize: the three worked examples of docs/cost.md, and the apps of
 * the "done when" and of the price components the examples leave out.
 */
import {
  FunctionArchitecture, FunctionPreset, GraphqlAuthorization, GraphqlFieldLogLevel, HttpMethod, KinesisStreamMode, ObjectEvent, TableAccess,
  WorkflowStepType,
} from '../../src';
import { TestOptions } from '../project/helpers';
import { VARIANTS } from '../project/variants';

/** Worked example 1: the app `projen new` creates. */
export const DEFAULT_APP: TestOptions = {};

/**
 * Worked example 2: the REST API of docs/patterns/response-caching.md (four routes, a 0.5 GB
 * cache, a token authorizer) with the two resolvers of docs/patterns/graphql-api.md's example,
 * and the traffic of three of its ways in.
 */
export const REST_AND_GRAPHQL: TestOptions = {
  api: {
    cache: { clusterSizeGb: '0.5', ttlSeconds: 120 },
    authorizer: {},
  },
  graphql: { authorization: GraphqlAuthorization.API_KEY, apiKeyExpiryDays: 60, fieldLogLevel: GraphqlFieldLogLevel.ERROR },
  costEstimate: { traffic: { 'GET /products': 5_000_000, 'GET /products/{sku}': 3_000_000, 'Query.product': 1_000_000 } },
  services: [{
    name: 'catalog',
    table: { partitionKey: { name: 'sku' } },
    functions: [
      { name: 'list', route: { method: HttpMethod.GET, path: '/products', queryParameters: { category: true, page: false } } },
      { name: 'show', route: { method: HttpMethod.GET, path: '/products/{sku}', authorize: false, cache: { ttlSeconds: 600 } } },
      { name: 'stock', route: { method: HttpMethod.GET, path: '/products/{sku}/stock', cache: { enabled: false } } },
      { name: 'search', route: { method: HttpMethod.POST, path: '/products/search', cache: { enabled: true, ttlSeconds: 30 } } },
      { name: 'get-product', resolver: { typeName: 'Query', fieldName: 'product' }, tableAccess: TableAccess.READ },
      { name: 'create-product', resolver: { typeName: 'Mutation', fieldName: 'createProduct' }, tableAccess: TableAccess.READ_WRITE },
    ],
  }],
};

/**
 * Worked example 3: the services of docs/patterns/kinesis-streams.md (a provisioned stream of two
 * shards, a fan-out consumer), api-gateway-sqs.md (a queue behind a route, its consumer) and
 * s3-event-processing.md (object events, a workflow for large files) in one app.
 */
export const DATA_PROCESSING_APP: TestOptions = {
  deps: ['@aws-sdk/client-kinesis@^3'],
  services: [
    {
      name: 'clicks',
      streams: [{ name: 'events', mode: KinesisStreamMode.PROVISIONED, shardCount: 2 }],
      functions: [
        { name: 'track', route: { method: HttpMethod.POST, path: '/events' }, streamWrites: ['events'] },
        { name: 'analytics', preset: FunctionPreset.IO_BOUND, streamEvents: { stream: 'events', parallelizationFactor: 10 } },
        { name: 'alerting', streamEvents: { stream: 'events', enhancedFanOut: true, filters: [{ data: { type: ['CRITICAL_EVENT'] } }] } },
      ],
    },
    {
      name: 'orders',
      queues: [{ name: 'orders', route: { path: '/orders', bodySchemaFile: 'schemas/order.json' }, maxReceiveCount: 5 }],
      functions: [{ name: 'place-order', preset: FunctionPreset.IO_BOUND, queueEvents: { queue: 'orders', maxConcurrency: 5 } }],
    },
    {
      name: 'files',
      buckets: [{ name: 'uploads', expireAfterDays: 365, transitionToInfrequentAccessAfterDays: 30 }],
      functions: [
        {
          name: 'images',
          preset: FunctionPreset.CPU_BOUND,
          objectEvents: { bucket: 'uploads', prefix: 'incoming/', suffix: '.jpg' },
          bucketWrites: [{ bucket: 'uploads', prefix: 'thumbnails/' }],
        },
        { name: 'csv', objectEvents: { bucket: 'uploads', prefix: 'incoming/', suffix: '.csv' }, idempotency: true },
        { name: 'cleanup', objectEvents: { bucket: 'uploads', prefix: 'incoming/', events: [ObjectEvent.REMOVED] } },
      ],
      workflows: [{
        name: 'large-files',
        trigger: { objectCreated: { bucket: 'uploads', prefix: 'large-files/', minSizeBytes: 100_000_000 } },
        steps: [{ name: 'ingest', type: WorkflowStepType.TASK }],
      }],
    },
  ],
};

/** The "done when": ten functions on LATENCY_SENSITIVE under an idle budget of $50. */
export const TEN_LATENCY_SENSITIVE: TestOptions = {
  costBudget: { idleMonthlyUsd: 50 },
  services: [{
    name: 'orders',
    table: { partitionKey: { name: 'id' } },
    preset: FunctionPreset.LATENCY_SENSITIVE,
    functions: Array.from({ length: 10 }, (_, index) => ({ name: `op${index}`, route: { method: HttpMethod.GET, path: `/op${index}` } })),
  }],
};

/** x86_64 prices, standard and express workflows, an on-demand stream and its consumer. */
export const WORKFLOWS_X86: TestOptions = {
  ...VARIANTS.workflows,
  architecture: FunctionArchitecture.X86_64,
  services: [
    ...VARIANTS.workflows.services!,
    {
      name: 'metrics',
      streams: [{ name: 'readings' }],
      functions: [{ name: 'aggregate', streamEvents: { stream: 'readings', batchSize: 50 } }],
    },
  ],
};

/** A region whose table has Lambda's request and duration prices only, under a budget. */
export const EU_WEST_1_BUDGET: TestOptions = {
  costBudget: { idleMonthlyUsd: 100 },
  services: [{
    name: 'orders',
    table: { partitionKey: { name: 'id' } },
    functions: [{ name: 'show', route: { method: HttpMethod.GET, path: '/orders/{id}' }, preset: FunctionPreset.LATENCY_SENSITIVE }],
  }],
};
