import { GraphqlAuthorization } from '../constructs/graphql-api';
import { GraphqlFieldProps, TableAccess } from '../constructs/microservice';
import { AuthorizerType, RestApiCorsProps } from '../constructs/rest-api';
import { WorkflowStep, WorkflowType } from '../constructs/workflow-steps';
import { FunctionPreset, ProvisionedConcurrencyProps } from '../presets';
import { AwsCdkAppBaseOptions } from './cdk-app-base-options.generated';
import {
  BucketOptions,
  BucketWriteOptions,
  DataLakeOptions,
  KinesisStreamOptions,
  ObjectEventsOptions,
  QueueEventsOptions,
  QueueOptions,
  StreamEventsOptions,
  TableStreamView,
  WorkflowObjectTriggerOptions,
} from './data-options';

/** HTTP methods a route can answer. */
export enum HttpMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  PATCH = 'PATCH',
  DELETE = 'DELETE',
}

/** Type of a DynamoDB key attribute. */
export enum KeyType {
  STRING = 'STRING',
  NUMBER = 'NUMBER',
  BINARY = 'BINARY',
}

/** CPU architecture of the functions. */
export enum FunctionArchitecture {
  /** Graviton: about 20% cheaper per GB-second than x86_64 and as fast or faster for Node.js. */
  ARM_64 = 'ARM_64',
  X86_64 = 'X86_64',
}

/** Node.js runtime of the functions; the bundle targets the same Node.js version. */
export enum NodeRuntime {
  NODEJS_22_X = 'NODEJS_22_X',
  NODEJS_24_X = 'NODEJS_24_X',
  NODEJS_26_X = 'NODEJS_26_X',
}

/** Level of the REST API's execution logs. */
export enum ApiLoggingLevel {
  /** Every request's execution steps, without bodies. */
  INFO = 'INFO',
  /** Only failed requests. */
  ERROR = 'ERROR',
  /** No execution logs; access logs are still written. */
  OFF = 'OFF',
}

/** Level of the GraphQL API's field logs. */
export enum GraphqlFieldLogLevel {
  /** No field logs. */
  NONE = 'NONE',
  /** Only fields that failed. */
  ERROR = 'ERROR',
  /** Failed fields and field-level information. */
  INFO = 'INFO',
  /** Everything but full request and response content. */
  DEBUG = 'DEBUG',
  /** Every field. */
  ALL = 'ALL',
}

/** Response caching of one route. */
export interface RouteCacheOptions {
  /**
   * Whether the route's responses are cached.
   *
   * @default - true for GET routes, false for the others, when the API has a `cache`
   */
  readonly enabled?: boolean;

  /**
   * Seconds a cached response is served, 0-3600; only for a cached route.
   *
   * @default - the API cache's `ttlSeconds`
   */
  readonly ttlSeconds?: number;
}

/** An API route that invokes a function. */
export interface RouteOptions {
  /** The HTTP method. */
  readonly method: HttpMethod;

  /** Resource path starting with `/`, with `{name}` path parameters, e.g. `/items/{id}`. */
  readonly path: string;

  /**
   * Whether the API's authorizer guards the route; `false` declares it public.
   *
   * @default - true when the API has an `authorizer`
   */
  readonly authorize?: boolean;

  /**
   * Query string parameters of the route, name to whether it is required. API Gateway rejects
   * a request without a required one; each is a cache key of a cached route.
   *
   * @default - none
   */
  readonly queryParameters?: { [name: string]: boolean };

  /**
   * Response caching of the route, when the API has a `cache`.
   *
   * @default - GET routes are cached with the API's TTL
   */
  readonly cache?: RouteCacheOptions;

  /**
   * JSON schema (draft-04, as API Gateway's models) of the request body, inline. API Gateway
   * rejects a body that does not match before the function runs; it is written to
   * `src/generated/schemas/<service>/<function>.json`, which the handler starter validates
   * with too.
   *
   * @default - the body is not validated
   */
  readonly bodySchema?: { [key: string]: any };

  /**
   * Path, from the project root, of a JSON schema file (draft-04) of the request body: as
   * `bodySchema`, kept in a file of yours. A missing file is created with a starter schema.
   *
   * @default - the body is not validated
   */
  readonly bodySchemaFile?: string;
}

/** Events of the app's bus that invoke a function. */
export interface SubscriptionOptions {
  /**
   * Sources of the events: names of the app's services.
   *
   * @default - any source
   */
  readonly sources?: string[];

  /**
   * Detail types of the events; those of the app's services must be in their `events`.
   *
   * @default - any detail type
   */
  readonly detailTypes?: string[];

  /**
   * Content filter on the events' `detail`, in EventBridge's pattern syntax, e.g.
   * `{ total: [{ numeric: ['>', 100] }] }`.
   *
   * @default - any detail
   */
  readonly detail?: { [key: string]: any };

  /**
   * Times EventBridge retries a failed delivery before the dead-letter queue, 0-185.
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * Seconds EventBridge keeps retrying a delivery, 60-86400.
   *
   * @default 86400
   */
  readonly maxEventAgeSeconds?: number;
}

/** A key attribute of a table. */
export interface KeyOptions {
  /** Attribute name. */
  readonly name: string;

  /**
   * Attribute type.
   *
   * @default KeyType.STRING
   */
  readonly type?: KeyType;
}

/** A service's own DynamoDB table. */
export interface TableOptions {
  /** The partition key. */
  readonly partitionKey: KeyOptions;

  /**
   * The sort key.
   *
   * @default - no sort key
   */
  readonly sortKey?: KeyOptions;

  /**
   * What the table's stream records hold of each changed item; a function with
   * `streamEvents.table` reads the stream.
   *
   * @default - TableStreamView.NEW_AND_OLD_IMAGES when a function reads the stream, else no stream
   */
  readonly streamView?: TableStreamView;
}

/** A Lambda function of a service: one operation, one function. */
export interface FunctionOptions {
  /** Name, kebab-case; the handler lives in `src/handlers/<service>/<name>.ts`. */
  readonly name: string;

  /**
   * The API route that invokes the function.
   *
   * @default - no route
   */
  readonly route?: RouteOptions;

  /**
   * Workload preset giving memory and timeout.
   *
   * @default - the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;

  /**
   * Memory in MB, 128-10240; overrides the preset's.
   *
   * @default - the preset's memory
   */
  readonly memorySize?: number;

  /**
   * Timeout in seconds, 1-900; overrides the preset's.
   *
   * @default - the preset's timeout
   */
  readonly timeoutSeconds?: number;

  /**
   * Provisioned concurrency of a `live` alias that the function's triggers invoke, auto-scaled
   * on utilization; fields left out come from the service, the preset, else 2 to 10 at 0.7.
   *
   * @default - the service's, else the preset's (`LATENCY_SENSITIVE` has it, the others none)
   */
  readonly provisionedConcurrency?: ProvisionedConcurrencyProps;

  /**
   * Concurrent executions reserved for the function, which also caps it: protects a downstream
   * that cannot take more.
   *
   * @default - none: the function draws on the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;

  /**
   * What the function may do with its service's table.
   *
   * @default - READ for GET routes, READ_WRITE for other routes, NONE without a route or a table
   */
  readonly tableAccess?: TableAccess;

  /**
   * Detail types of the events this function publishes, from its service's `events`.
   *
   * @default - publishes nothing
   */
  readonly publishes?: string[];

  /**
   * Events of the app's bus that invoke the function, each by an EventBridge rule with
   * retries and the function's dead-letter queue.
   *
   * @default - no subscriptions
   */
  readonly subscriptions?: SubscriptionOptions[];

  /**
   * The GraphQL field the function resolves, on the app's GraphQL API; one field per function.
   *
   * @default - resolves no field
   */
  readonly resolver?: GraphqlFieldProps;

  /**
   * The objects of one of its service's buckets whose events invoke it (S3 notifications,
   * asynchronous: failed invocations go to its dead-letter queue). It may read that bucket.
   *
   * @default - no object events
   */
  readonly objectEvents?: ObjectEventsOptions;

  /**
   * Objects it may write: under a prefix of one of its service's buckets, outside the prefix
   * whose objects invoke it. Writing where another function is invoked makes a pipeline; a ring
   * of functions each writing where the next is invoked is refused.
   *
   * @default - writes no objects
   */
  readonly bucketWrites?: BucketWriteOptions[];

  /**
   * The stream it reads in batches: its service's table's stream, or one of its service's
   * Kinesis streams.
   *
   * @default - reads no stream
   */
  readonly streamEvents?: StreamEventsOptions;

  /**
   * Kinesis streams of its service it may put records to (`STREAM_NAME_<NAME>` in its environment).
   *
   * @default - puts no records
   */
  readonly streamWrites?: string[];

  /**
   * The queue of its service it consumes in batches.
   *
   * @default - consumes no queue
   */
  readonly queueEvents?: QueueEventsOptions;

  /**
   * Whether it processes each event once though its source delivers at least once (Powertools
   * idempotency): its service gets an idempotency table (TTL on `expiration`), it gets read and
   * write access and `IDEMPOTENCY_TABLE_NAME`. For functions with `subscriptions`,
   * `objectEvents`, `streamEvents` or `queueEvents`.
   *
   * @default - true for a function with `queueEvents` (its starter is idempotent), else false
   */
  readonly idempotency?: boolean;
}

/** The Lambda function of a workflow's TASK or CALLBACK step; steps not listed get the service's defaults. */
export interface WorkflowTaskOptions {
  /** The step's name. */
  readonly step: string;

  /**
   * Workload preset giving memory and timeout.
   *
   * @default - the service's `preset`, else the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;

  /**
   * Memory in MB, 128-10240.
   *
   * @default - the preset's
   */
  readonly memorySize?: number;

  /**
   * Timeout in seconds, 1-900.
   *
   * @default - the preset's
   */
  readonly timeoutSeconds?: number;

  /**
   * What the function may do with its service's table.
   *
   * @default TableAccess.NONE
   */
  readonly tableAccess?: TableAccess;

  /**
   * Detail types it publishes, from its service's `events`.
   *
   * @default - publishes nothing
   */
  readonly publishes?: string[];
}

/** The events that start a workflow: an EventBridge rule on the app's bus. */
export interface WorkflowTriggerOptions {
  /**
   * Sources of the events: names of the app's services.
   *
   * @default - any source
   */
  readonly sources?: string[];

  /**
   * Detail types of the events.
   *
   * @default - any detail type
   */
  readonly detailTypes?: string[];

  /**
   * Content filter on the events' `detail`, in EventBridge's pattern syntax.
   *
   * @default - any detail
   */
  readonly detail?: { [key: string]: any };

  /**
   * Objects created in one of its service's buckets start it instead of events (set this or
   * `sources`/`detailTypes`, not both): the bucket sends its events to EventBridge, and a rule
   * on the default bus matches the prefix, suffix and size.
   *
   * @default - started by events of the app's bus
   */
  readonly objectCreated?: WorkflowObjectTriggerOptions;
}

/** A Step Functions workflow of a service, declared as data. */
export interface WorkflowOptions {
  /** Name, kebab-case; its task handlers live in `src/handlers/<service>/<name>/<step>.ts`. */
  readonly name: string;

  /**
   * STANDARD (up to a year, exactly once) or EXPRESS (up to 5 minutes, high volume).
   *
   * @default WorkflowType.STANDARD
   */
  readonly type?: WorkflowType;

  /**
   * The events that start it; the event's `detail` is its input.
   *
   * @default - no trigger: started by API call or by hand
   */
  readonly trigger?: WorkflowTriggerOptions;

  /** The steps; the execution starts at the first. */
  readonly steps: WorkflowStep[];

  /**
   * Settings of the functions of its TASK and CALLBACK steps.
   *
   * @default - every task function has the service's defaults and no table access
   */
  readonly tasks?: WorkflowTaskOptions[];

  /**
   * Seconds after which an execution fails with States.Timeout.
   *
   * @default - no limit of its own (STANDARD: a year; EXPRESS: 5 minutes)
   */
  readonly timeoutSeconds?: number;
}

/** A microservice: its own table, functions, routes and events. */
export interface ServiceOptions {
  /** Name, kebab-case; also the `source` of the events it publishes. */
  readonly name: string;

  /**
   * The service's own table (database per service).
   *
   * @default - no table
   */
  readonly table?: TableOptions;

  /** The service's functions, one per operation. */
  readonly functions: FunctionOptions[];

  /**
   * Preset of the service's functions that name none.
   *
   * @default - the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;

  /**
   * Memory in MB of the service's functions that set none, 128-10240; overrides their preset's.
   *
   * @default - each function's preset's memory
   */
  readonly memorySize?: number;

  /**
   * Timeout in seconds of the service's functions that set none, 1-900; overrides their preset's.
   *
   * @default - each function's preset's timeout
   */
  readonly timeoutSeconds?: number;

  /**
   * Provisioned concurrency of the service's functions, under what each function sets.
   *
   * @default - each function's preset's
   */
  readonly provisionedConcurrency?: ProvisionedConcurrencyProps;

  /**
   * Detail types of the events the service publishes on the app's event bus, PascalCase.
   *
   * @default - publishes nothing
   */
  readonly events?: string[];

  /**
   * Whether the service's routes are on a REST API of its own, with the app's `api` settings,
   * instead of the app's shared one.
   *
   * @default false
   */
  readonly ownApi?: boolean;

  /**
   * The service's workflows (Step Functions state machines): orchestration instead of functions
   * that call or wait for each other.
   *
   * @default - no workflows
   */
  readonly workflows?: WorkflowOptions[];

  /**
   * The service's S3 buckets, whose object events invoke its functions (`objectEvents`) or start
   * its workflows (`trigger.objectCreated`).
   *
   * @default - no buckets
   */
  readonly buckets?: BucketOptions[];

  /**
   * The service's Kinesis data streams, read by its functions (`streamEvents.stream`).
   *
   * @default - no streams
   */
  readonly streams?: KinesisStreamOptions[];

  /**
   * The service's queues fed by API routes, read by its functions (`queueEvents`).
   *
   * @default - no queues
   */
  readonly queues?: QueueOptions[];

  /**
   * The service's data lake.
   *
   * @default - no data lake
   */
  readonly dataLake?: DataLakeOptions;
}

/** Response caching of the REST API. */
export interface ApiCacheOptions {
  /**
   * Size of the cache cluster in GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237.
   *
   * @default "0.5"
   */
  readonly clusterSizeGb?: string;

  /**
   * Seconds a cached response is served, 0-3600.
   *
   * @default 300
   */
  readonly ttlSeconds?: number;
}

/** The Lambda authorizer of the REST API; its handler is `src/handlers/authorizer/authorizer.ts`. */
export interface AuthorizerOptions {
  /**
   * TOKEN reads one header; REQUEST gets the whole request (headers, query, context).
   *
   * @default AuthorizerType.TOKEN
   */
  readonly type?: AuthorizerType;

  /**
   * The header that carries the caller's token.
   *
   * @default "Authorization"
   */
  readonly identityHeader?: string;

  /**
   * Seconds API Gateway caches the authorizer's decision per token, 0-3600.
   *
   * @default 300
   */
  readonly resultsCacheTtlSeconds?: number;

  /**
   * Workload preset of the authorizer function. API Gateway caches its decisions
   * (`resultsCacheTtlSeconds`), so most requests do not invoke it; `LATENCY_SENSITIVE` keeps
   * warm environments for the rest, at the price of provisioned concurrency.
   *
   * @default - the app's `defaultPreset`
   */
  readonly preset?: FunctionPreset;
}

/** The REST API the routes are on. */
export interface RestApiOptions {
  /**
   * Name of the deployment stage.
   *
   * @default "prod"
   */
  readonly stageName?: string;

  /**
   * Level of the execution logs.
   *
   * @default ApiLoggingLevel.INFO
   */
  readonly loggingLevel?: ApiLoggingLevel;

  /**
   * Whether execution logs hold full request and response bodies. Off by default in
   * production: bodies carry personal data, tokens and secrets into the logs.
   *
   * @default false
   */
  readonly dataTrace?: boolean;

  /**
   * Whether the stage sends detailed CloudWatch metrics.
   *
   * @default true
   */
  readonly metrics?: boolean;

  /**
   * Steady-state requests per second before API Gateway answers 429.
   *
   * @default 100
   */
  readonly throttlingRateLimit?: number;

  /**
   * Requests accepted in a burst above the rate.
   *
   * @default 200
   */
  readonly throttlingBurstLimit?: number;

  /**
   * CORS of the API.
   *
   * @default - any origin, every method, the default headers and the authorizer's, no credentials
   */
  readonly cors?: RestApiCorsProps;

  /**
   * Response caching; GET routes are cached unless they opt out.
   *
   * @default - no cache
   */
  readonly cache?: ApiCacheOptions;

  /**
   * A Lambda authorizer, which guards every route that does not say `authorize: false`.
   *
   * @default - no authorizer: every route is public
   */
  readonly authorizer?: AuthorizerOptions;

  /**
   * Whether the first REST API creates the account-level role API Gateway writes execution logs
   * with (`AWS::ApiGateway::Account`). There is one such setting per account and region, which
   * two apps that both create it fight over: create it in one app of the account (or once by
   * hand), and leave it to that one elsewhere. Execution logs (`loggingLevel`) are written only
   * once the account has it; access logs need no role.
   *
   * @default - false with `recommendedFeatureFlags` (CDK's `@aws-cdk/aws-apigateway:disableCloudWatchRole`), true without
   */
  readonly cloudWatchRole?: boolean;
}

/** The GraphQL API (AppSync) the `resolver` functions serve. */
export interface GraphqlOptions {
  /**
   * Path of the schema from the project root; a missing file is created with the resolvers'
   * fields.
   *
   * @default "schema.graphql"
   */
  readonly schemaFile?: string;

  /**
   * How callers authenticate.
   *
   * @default GraphqlAuthorization.API_KEY
   */
  readonly authorization?: GraphqlAuthorization;

  /**
   * Days until the API key expires (API_KEY authorization), 1-365.
   *
   * @default 30
   */
  readonly apiKeyExpiryDays?: number;

  /**
   * Level of the field logs.
   *
   * @default GraphqlFieldLogLevel.ERROR
   */
  readonly fieldLogLevel?: GraphqlFieldLogLevel;
}

/** Options of a `ServerlessApp`. */
export interface ServerlessAppOptions extends AwsCdkAppBaseOptions {
  /**
   * The app's services.
   *
   * @default - one `items` service: a table keyed by `id`, CRUD routes on `/items` and
   * `/items/{id}` with one function each, and an `ItemCreated` event published by `create`
   */
  readonly services?: ServiceOptions[];

  /**
   * Preset of the functions that name none.
   *
   * @default FunctionPreset.SIMPLE
   */
  readonly defaultPreset?: FunctionPreset;

  /**
   * CPU architecture of every function.
   *
   * @default FunctionArchitecture.ARM_64
   */
  readonly architecture?: FunctionArchitecture;

  /**
   * Node.js runtime of every function.
   *
   * Left out, the functions run the newest Node.js runtime of the aws-cdk-lib this package was
   * tested with, which moves when the package is upgraded. Set, the app stays on it, and the
   * checks' newest-runtime rules are acknowledged as a choice.
   *
   * @default NodeRuntime.NODEJS_26_X
   */
  readonly nodeRuntime?: NodeRuntime;

  /**
   * Days the functions' and the API's logs are kept, one of CloudWatch Logs' retention periods.
   *
   * @default 30
   */
  readonly logRetentionDays?: number;

  /**
   * Size budget of each function's bundle, in KiB: a bundle over it fails the `bundle` task
   * (ServerlessPatterns-LargeDeploymentPackage).
   *
   * @default 512
   */
  readonly bundleBudgetKiB?: number;

  /**
   * Whether `cdk synth` runs aws-cdk-lib's built-in CloudFormation schema validation. It
   * reports its findings as warnings only, and costs about 4 s of every synth (of 5.4 s for a
   * 10-function app, bench/scale.ts); CloudFormation validates again at deploy, and the
   * cdk-nag packs run either way.
   *
   * @default false
   */
  readonly cloudFormationValidation?: boolean;

  /**
   * Whether functions and the API send X-Ray traces.
   *
   * @default true
   */
  readonly tracing?: boolean;

  /**
   * The REST API of the routes.
   *
   * @default - the defaults of each `RestApiOptions` field
   */
  readonly api?: RestApiOptions;

  /**
   * The GraphQL API, created when a function has a `resolver`.
   *
   * @default - the defaults of each `GraphqlOptions` field
   */
  readonly graphql?: GraphqlOptions;

  /**
   * Days the event bus's archive keeps every event for replay; 0 keeps them forever.
   *
   * @default 7
   */
  readonly eventArchiveRetentionDays?: number;

  /**
   * Whether the event bus archives its events for replay.
   *
   * @default true
   */
  readonly eventArchive?: boolean;

  /**
   * Whether cdk.json carries the feature flags `cdk init` gives a new project for the aws-cdk-lib
   * this package was tested with, so that the app gets CDK's current behaviours (no account-level
   * API Gateway role in every stack, for one). The generated tests apply cdk.json's flags as
   * `cdk synth` does. `featureFlags` and `context`, when given, win over them flag by flag.
   *
   * In an app deployed without them, turning them on can replace deployed resources: run
   * `cdk diff` first (docs/dependencies.md).
   *
   * @default false - apps created before this option keep CDK's older behaviours
   * @pjnew true
   */
  readonly recommendedFeatureFlags?: boolean;

}
