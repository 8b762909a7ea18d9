import {
  DataLakeOptions,
  KinesisStreamMode,
  ObjectEvent,
  StreamStartingPosition,
  TableStreamView,
  ApiLoggingLevel,
  FunctionArchitecture,
  FunctionOptions,
  GraphqlFieldLogLevel,
  HttpMethod,
  KeyType,
  NodeRuntime,
  RestApiOptions,
  RouteOptions,
  ServerlessAppOptions,
  ServiceOptions,
  WorkflowOptions,
  WorkflowTriggerOptions,
} from './options';
import { validateOptions } from './validation';
import { DATA_DEFAULTS } from '../constructs/data-defaults';
import { EVENT_DELIVERY } from '../constructs/event-delivery';
import { GraphqlAuthorization } from '../constructs/graphql-api';
import { TableAccess } from '../constructs/microservice';
import { AuthorizerType } from '../constructs/rest-api';
import { WorkflowStep, WorkflowStepType, WorkflowType } from '../constructs/workflow-steps';
import { functionStepsOf } from '../constructs/workflow-validation';
import { FunctionPreset, FunctionPresets, ProvisionedConcurrencySettings } from '../presets';
import { camelCase, kebabCase, pascalCase } from './names';
import { LATEST_RUNTIME } from './runtimes';
import { DataLakeColumn, DataLakeFormat } from '../constructs/data-lake-schema';

/** Which starter a function's handler begins from. */
export enum StarterKind {
  LIST = 'list',
  CREATE = 'create',
  GET = 'get',
  UPDATE = 'update',
  DELETE = 'delete',
  API = 'api',
  /** An API route whose body has a JSON schema. */
  VALIDATED_API = 'validated-api',
  /** A function invoked by event subscriptions. */
  SUBSCRIBER = 'subscriber',
  /** A GraphQL resolver. */
  RESOLVER = 'resolver',
  /** A workflow's TASK step. */
  TASK = 'task',
  /** A workflow's CALLBACK step. */
  CALLBACK = 'callback',
  WORKER = 'worker',
  /** A function invoked by S3 object events. */
  OBJECTS = 'objects',
  /** The data lake's transform. */
  TRANSFORM = 'transform',
  /** A consumer of its service's table's stream. */
  TABLE_STREAM = 'table-stream',
  /** A consumer of a Kinesis stream. */
  KINESIS_STREAM = 'kinesis-stream',
  /** A consumer of a queue fed by an API route. */
  QUEUE = 'queue',
}


/** Defaults of the API and authorizer options. */
export const API_DEFAULTS = {
  stageName: 'prod',
  throttlingRateLimit: 100,
  throttlingBurstLimit: 200,
  cacheClusterSizeGb: '0.5',
  cacheTtlSeconds: 300,
  identityHeader: 'Authorization',
  authorizerCacheTtlSeconds: 300,
  eventArchiveRetentionDays: 7,
  apiKeyExpiryDays: 30,
  graphqlSchemaFile: 'schema.graphql',
} as const;

/**
 * Whether the function's handler starter validates the request body with the route's schema:
 * the generic validated starter, and the CRUD create and update starters of a route with one.
 */
export function validatesBody(fn: FunctionModel): boolean {
  return fn.route?.bodySchemaFile !== undefined
    && [StarterKind.VALIDATED_API, StarterKind.CREATE, StarterKind.UPDATE].includes(fn.starter);
}

/** A route with every default resolved. */
export interface RouteModel {
  readonly method: HttpMethod;
  readonly path: string;
  /** Whether the API's authorizer guards it. */
  readonly authorized: boolean;
  readonly queryParameters: Record<string, boolean>;
  /** Seconds its responses are cached; undefined when not cached. */
  readonly cacheTtlSeconds?: number;
  /** Whether its cache setting differs from the API's default for its method. */
  readonly overridesCache: boolean;
  /** Project-relative path of its body's JSON schema. */
  readonly bodySchemaFile?: string;
  /** The schema given inline in the options, written to `bodySchemaFile` by projen. */
  readonly inlineBodySchema?: { [key: string]: any };
}

/** S3 object events that invoke a function. */
export interface ObjectEventsModel {
  readonly bucket: string;
  /** Empty for any key. */
  readonly prefix: string;
  /** Empty for any key. */
  readonly suffix: string;
  readonly events: ObjectEvent[];
}

/** A stream a function reads, with every default resolved. */
export interface StreamEventsModel {
  /** The Kinesis stream's name; undefined for the service's table's stream. */
  readonly stream?: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly bisectBatchOnError: boolean;
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly startingPosition: StreamStartingPosition;
  readonly parallelizationFactor: number;
  readonly filters: { [key: string]: any }[];
  readonly enhancedFanOut: boolean;
}

/** A queue a function consumes, with every default resolved. */
export interface QueueEventsModel {
  readonly queue: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds?: number;
  readonly maxConcurrency?: number;
}

/** A bucket of a service. */
export interface BucketModel {
  readonly name: string;
  /** `UploadsBucket`. */
  readonly constructId: string;
  /** `uploadsBucket`. */
  readonly propertyName: string;
  /** `BUCKET_NAME_UPLOADS`: the variable that names it to the functions that write to it. */
  readonly environmentVariable: string;
  readonly versioned: boolean;
  readonly expireAfterDays?: number;
  readonly transitionToInfrequentAccessAfterDays?: number;
}

/** A Kinesis stream of a service. */
export interface KinesisStreamModel {
  readonly name: string;
  /** `ClicksStream`. */
  readonly constructId: string;
  /** `clicksStream`. */
  readonly propertyName: string;
  /** `STREAM_NAME_CLICKS`: the variable that names it to the functions that write to it. */
  readonly environmentVariable: string;
  readonly mode: KinesisStreamMode;
  readonly shardCount?: number;
  readonly retentionHours: number;
}

/** A queue fed by an API route, with every default resolved. */
export interface QueueModel {
  readonly name: string;
  /** `OrdersQueue`. */
  readonly constructId: string;
  /** `ordersQueue`. */
  readonly propertyName: string;
  readonly route: RouteModel;
  readonly visibilityTimeoutSeconds?: number;
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /** The function that consumes it, if any. */
  readonly consumer?: FunctionModel;
}

/** A service's data lake with every default resolved. */
export interface DataLakeModel {
  /** The transform function's name. */
  readonly transform: string;
  readonly rawPrefix: string;
  /** Empty for any key. */
  readonly rawSuffix: string;
  readonly processedPrefix: string;
  readonly columns?: DataLakeColumn[];
  readonly partitionKeys: DataLakeColumn[];
  readonly format: DataLakeFormat;
  readonly bytesScannedCutoffPerQuery: number;
  readonly queryResultsExpireAfterDays: number;
}

/** An event subscription with every default resolved. */
export interface SubscriptionModel {
  readonly sources: string[];
  readonly detailTypes: string[];
  readonly detail?: { [key: string]: any };
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
}

/** A REST API instance: the shared one, or a service's own. */
export interface ApiInstanceModel {
  /** Construct id and CloudFormation output prefix: `Api`, `OrdersApi`. */
  readonly constructId: string;
  /** Property of the generated stack: `api`, `ordersApi`. */
  readonly propertyName: string;
  readonly restApiName: string;
  /** The services whose routes it serves. */
  readonly services: string[];
}

/** The REST API settings with every default resolved. */
export interface ApiModel {
  readonly stageName: string;
  readonly loggingLevel: ApiLoggingLevel;
  readonly dataTrace: boolean;
  readonly metrics: boolean;
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly cors: {
    readonly enabled: boolean;
    readonly allowOrigins: string[];
    readonly allowMethods?: string[];
    readonly allowHeaders?: string[];
    readonly allowCredentials: boolean;
  };
  readonly cache?: { readonly clusterSizeGb: string; readonly ttlSeconds: number };
  readonly instances: ApiInstanceModel[];
}

/** The authorizer with every default resolved. */
export interface AuthorizerModel {
  readonly type: AuthorizerType;
  readonly identityHeader: string;
  readonly resultsCacheTtlSeconds: number;
  readonly preset: FunctionPreset;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly provisionedConcurrency?: ProvisionedConcurrencySettings;
  readonly bundleName: string;
  readonly handlerFile: string;
}

/** The GraphQL API with every default resolved. */
export interface GraphqlModel {
  readonly schemaFile: string;
  readonly authorization: GraphqlAuthorization;
  readonly apiKeyExpiryDays: number;
  readonly fieldLogLevel: GraphqlFieldLogLevel;
  /** The functions that resolve its fields. */
  readonly resolvers: FunctionModel[];
}

/** A key attribute, with its type resolved. */
export interface KeyModel {
  readonly name: string;
  readonly type: KeyType;
}

/** A function with every default resolved: what the stack, tests and docs are written from. */
export interface FunctionModel {
  readonly service: string;
  readonly name: string;
  /** Construct id, `Create`. */
  readonly constructId: string;
  /** Property of the generated service class, `createFunction`. */
  readonly propertyName: string;
  readonly route?: RouteModel;
  /** The GraphQL field it resolves. */
  readonly resolver?: { readonly typeName: string; readonly fieldName: string };
  /** The workflow step it runs. */
  readonly workflowStep?: { readonly workflow: string; readonly step: string; readonly callback: boolean };
  readonly subscriptions: SubscriptionModel[];
  readonly preset: FunctionPreset;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  /** Whether memory or timeout differ from the preset's. */
  readonly overridesPreset: boolean;
  /** Provisioned concurrency of the `live` alias, if any. */
  readonly provisionedConcurrency?: ProvisionedConcurrencySettings;
  /** Whether the provisioned concurrency differs from the preset's. */
  readonly overridesProvisioned: boolean;
  readonly reservedConcurrency?: number;
  readonly tableAccess: TableAccess;
  readonly publishes: string[];
  /** `items/create`: the bundle's entry name and the asset folder under `assets/`. */
  readonly bundleName: string;
  readonly handlerFile: string;
  readonly starter: StarterKind;
  /** The path parameter the CRUD starters read the key from. */
  readonly keyPathParameter?: string;
  readonly objectEvents?: ObjectEventsModel;
  /** Where it may write objects: a bucket of its service and a prefix. */
  readonly bucketWrites: Array<{ readonly bucket: string; readonly prefix: string }>;
  readonly streamEvents?: StreamEventsModel;
  /** Kinesis streams of its service it may put records to. */
  readonly streamWrites: string[];
  readonly queueEvents?: QueueEventsModel;
  /** Whether it keeps idempotency records in its service's idempotency table. */
  readonly idempotency: boolean;
  /** Whether it is its service's data lake's transform. */
  readonly dataLakeTransform: boolean;
}

/** A service with every default resolved. */
export interface ServiceModel {
  readonly name: string;
  /** `ItemsService`. */
  readonly className: string;
  /** `items-service`. */
  readonly fileBase: string;
  /** Property of the generated stack, `itemsService`. */
  readonly propertyName: string;
  readonly partitionKey?: KeyModel;
  readonly sortKey?: KeyModel;
  readonly events: string[];
  readonly functions: FunctionModel[];
  /** The REST API its routes are on, if it has routes. */
  readonly api?: ApiInstanceModel;
  readonly workflows: WorkflowModel[];
  /** What its table's stream records hold; undefined without a stream. */
  readonly tableStreamView?: TableStreamView;
  readonly buckets: BucketModel[];
  readonly streams: KinesisStreamModel[];
  readonly queues: QueueModel[];
  readonly dataLake?: DataLakeModel;
  /** Whether some function keeps idempotency records: the service has an idempotency table. */
  readonly hasIdempotencyTable: boolean;
}

/** A workflow with every default resolved. */
export interface WorkflowModel {
  readonly service: string;
  readonly name: string;
  /** `OrderProcessingWorkflow`. */
  readonly constructId: string;
  /** `orderProcessingWorkflow`. */
  readonly propertyName: string;
  readonly type: WorkflowType;
  readonly trigger?: WorkflowTriggerOptions;
  readonly steps: WorkflowStep[];
  readonly timeoutSeconds?: number;
  /** The functions of its TASK and CALLBACK steps, also in its service's `functions`. */
  readonly tasks: FunctionModel[];
}

/** The whole app with every default resolved. */
export interface AppModel {
  /** `shop`: the stack's name. */
  readonly stackName: string;
  /** `ShopStack`. */
  readonly stackClassName: string;
  readonly services: ServiceModel[];
  readonly defaultPreset: FunctionPreset;
  readonly architecture: FunctionArchitecture;
  readonly nodeRuntime: NodeRuntime;
  /** Whether `nodeRuntime` is set in the options, rather than left to follow the newest runtime. */
  readonly nodeRuntimeChosen: boolean;
  readonly logRetentionDays: number;
  readonly tracing: boolean;
  /** Whether some route exists, on any REST API. */
  readonly hasApi: boolean;
  readonly api: ApiModel;
  readonly authorizer?: AuthorizerModel;
  readonly graphql?: GraphqlModel;
  readonly hasEventBus: boolean;
  /** Days the bus archives events (0: forever); undefined without an archive. */
  readonly eventArchiveRetentionDays?: number;
  readonly functions: FunctionModel[];
}

/** The app `projen new` creates when the options name no services. */
export const DEFAULT_SERVICES: ServiceOptions[] = [{
  name: 'items',
  table: { partitionKey: { name: 'id' } },
  events: ['ItemCreated'],
  functions: [
    { name: 'list', route: { method: HttpMethod.GET, path: '/items' } },
    { name: 'create', route: { method: HttpMethod.POST, path: '/items' }, publishes: ['ItemCreated'] },
    { name: 'get', route: { method: HttpMethod.GET, path: '/items/{id}' } },
    { name: 'update', route: { method: HttpMethod.PUT, path: '/items/{id}' } },
    { name: 'delete', route: { method: HttpMethod.DELETE, path: '/items/{id}' } },
  ],
}];

/**
 * Checks the options and resolves every default. Throws one error listing every problem,
 * before anything is written.
 */
export function buildModel(options: ServerlessAppOptions): AppModel {
  validateOptions(options);
  const defaultPreset = options.defaultPreset ?? FunctionPresets.DEFAULT;
  const stackName = kebabCase(options.name) || 'app';
  const serviceOptions = options.services ?? DEFAULT_SERVICES;
  const instances = apiInstances(serviceOptions, stackName);
  const hasAuthorizer = options.api?.authorizer !== undefined;
  const services = serviceOptions.map((service) => serviceModel(service, {
    defaultPreset,
    api: instances.find((instance) => instance.services.includes(service.name)),
    hasAuthorizer,
    hasCache: options.api?.cache !== undefined,
    cacheTtlSeconds: options.api?.cache?.ttlSeconds ?? API_DEFAULTS.cacheTtlSeconds,
  }));
  const functions = services.flatMap((service) => service.functions);
  const resolvers = functions.filter((fn) => fn.resolver);
  return {
    stackName,
    stackClassName: `${pascalCase(stackName)}Stack`.replace(/^(\d)/, 'App$1'),
    services,
    defaultPreset,
    architecture: options.architecture ?? FunctionArchitecture.ARM_64,
    nodeRuntime: options.nodeRuntime ?? LATEST_RUNTIME,
    nodeRuntimeChosen: options.nodeRuntime !== undefined,
    logRetentionDays: options.logRetentionDays ?? 30,
    tracing: options.tracing ?? true,
    hasApi: functions.some((fn) => fn.route) || services.some((service) => service.queues.length > 0),
    api: apiModel(options.api ?? {}, instances),
    authorizer: options.api?.authorizer && authorizerModel(options.api.authorizer, defaultPreset),
    graphql: resolvers.length === 0 ? undefined : {
      schemaFile: options.graphql?.schemaFile ?? API_DEFAULTS.graphqlSchemaFile,
      authorization: options.graphql?.authorization ?? GraphqlAuthorization.API_KEY,
      apiKeyExpiryDays: options.graphql?.apiKeyExpiryDays ?? API_DEFAULTS.apiKeyExpiryDays,
      fieldLogLevel: options.graphql?.fieldLogLevel ?? GraphqlFieldLogLevel.ERROR,
      resolvers,
    },
    hasEventBus: services.some((service) => service.events.length > 0
      || service.workflows.some((workflow) => workflow.trigger && !workflow.trigger.objectCreated))
      || functions.some((fn) => fn.subscriptions.length > 0),
    eventArchiveRetentionDays: (options.eventArchive ?? true)
      ? options.eventArchiveRetentionDays ?? API_DEFAULTS.eventArchiveRetentionDays
      : undefined,
    functions,
  };
}

/** The shared REST API, if a service without `ownApi` has routes, then each `ownApi` service's. */
function apiInstances(services: ServiceOptions[], stackName: string): ApiInstanceModel[] {
  const withRoutes = services.filter((service) => service.functions.some((fn) => fn.route) || (service.queues ?? []).length > 0);
  const shared = withRoutes.filter((service) => !service.ownApi).map((service) => service.name);
  return [
    ...(shared.length > 0 ? [{ constructId: 'Api', propertyName: 'api', restApiName: stackName, services: shared }] : []),
    ...withRoutes.filter((service) => service.ownApi).map((service) => ({
      constructId: `${pascalCase(service.name)}Api`,
      propertyName: `${camelCase(service.name)}Api`,
      restApiName: `${stackName}-${service.name}`,
      services: [service.name],
    })),
  ];
}

function apiModel(api: RestApiOptions, instances: ApiInstanceModel[]): ApiModel {
  return {
    stageName: api.stageName ?? API_DEFAULTS.stageName,
    loggingLevel: api.loggingLevel ?? ApiLoggingLevel.INFO,
    dataTrace: api.dataTrace ?? false,
    metrics: api.metrics ?? true,
    throttlingRateLimit: api.throttlingRateLimit ?? API_DEFAULTS.throttlingRateLimit,
    throttlingBurstLimit: api.throttlingBurstLimit ?? API_DEFAULTS.throttlingBurstLimit,
    cors: {
      enabled: api.cors?.enabled ?? true,
      allowOrigins: api.cors?.allowOrigins ?? ['*'],
      allowMethods: api.cors?.allowMethods,
      allowHeaders: api.cors?.allowHeaders,
      allowCredentials: api.cors?.allowCredentials ?? false,
    },
    cache: api.cache && {
      clusterSizeGb: api.cache.clusterSizeGb ?? API_DEFAULTS.cacheClusterSizeGb,
      ttlSeconds: api.cache.ttlSeconds ?? API_DEFAULTS.cacheTtlSeconds,
    },
    instances,
  };
}

function authorizerModel(authorizer: NonNullable<RestApiOptions['authorizer']>, defaultPreset: FunctionPreset): AuthorizerModel {
  const preset = authorizer.preset ?? defaultPreset;
  const settings = FunctionPresets.settingsOf(preset);
  const type = authorizer.type ?? AuthorizerType.TOKEN;
  return {
    type,
    identityHeader: authorizer.identityHeader ?? API_DEFAULTS.identityHeader,
    resultsCacheTtlSeconds: authorizer.resultsCacheTtlSeconds ?? API_DEFAULTS.authorizerCacheTtlSeconds,
    preset,
    memorySize: settings.memorySize,
    timeoutSeconds: settings.timeoutSeconds,
    provisionedConcurrency: settings.provisionedConcurrency,
    bundleName: 'authorizer',
    handlerFile: 'src/handlers/authorizer/authorizer.ts',
  };
}

/** What a service's model depends on beyond its own options. */
interface ServiceContext {
  readonly defaultPreset: FunctionPreset;
  readonly api?: ApiInstanceModel;
  readonly hasAuthorizer: boolean;
  readonly hasCache: boolean;
  readonly cacheTtlSeconds: number;
}

function routeModel(route: RouteOptions, service: string, fn: string, context: ServiceContext): RouteModel {
  const cachedByDefault = context.hasCache && route.method === HttpMethod.GET;
  const cached = context.hasCache && (route.cache?.enabled ?? cachedByDefault);
  const cacheTtlSeconds = cached ? route.cache?.ttlSeconds ?? context.cacheTtlSeconds : undefined;
  return {
    method: route.method,
    path: route.path,
    authorized: route.authorize ?? context.hasAuthorizer,
    queryParameters: { ...route.queryParameters },
    cacheTtlSeconds,
    overridesCache: cached !== cachedByDefault || (cached && cacheTtlSeconds !== context.cacheTtlSeconds),
    bodySchemaFile: route.bodySchemaFile ?? (route.bodySchema ? `src/generated/schemas/${service}/${fn}.json` : undefined),
    inlineBodySchema: route.bodySchemaFile ? undefined : route.bodySchema,
  };
}

function subscriptionModels(fn: FunctionOptions): SubscriptionModel[] {
  return (fn.subscriptions ?? []).map((subscription) => ({
    sources: [...(subscription.sources ?? [])],
    detailTypes: [...(subscription.detailTypes ?? [])],
    detail: subscription.detail,
    retryAttempts: subscription.retryAttempts ?? EVENT_DELIVERY.defaultRetryAttempts,
    maxEventAgeSeconds: subscription.maxEventAgeSeconds ?? EVENT_DELIVERY.defaultEventAgeSeconds,
  }));
}

function serviceModel(service: ServiceOptions, context: ServiceContext): ServiceModel {
  const partitionKey = service.table && { name: service.table.partitionKey.name, type: service.table.partitionKey.type ?? KeyType.STRING };
  const sortKey = service.table?.sortKey && { name: service.table.sortKey.name, type: service.table.sortKey.type ?? KeyType.STRING };
  const crudStarters = partitionKey?.type === KeyType.STRING && !sortKey;
  const functions = service.functions.map((fn) => functionModel(fn, service, context, {
    name: fn.name,
    constructId: pascalCase(fn.name),
    propertyName: `${camelCase(fn.name)}Function`,
    path: fn.name,
    starter: starterKind(fn, crudStarters, service.dataLake?.transform === fn.name),
  }));
  const workflows = (service.workflows ?? []).map((workflow) => workflowModel(workflow, service, context));
  const readsTableStream = functions.some((fn) => fn.streamEvents && fn.streamEvents.stream === undefined);
  return {
    name: service.name,
    className: `${pascalCase(service.name)}Service`,
    fileBase: `${service.name}-service`,
    propertyName: `${camelCase(service.name)}Service`,
    partitionKey,
    sortKey,
    events: [...(service.events ?? [])],
    api: context.api,
    workflows,
    functions: [...functions, ...workflows.flatMap((workflow) => workflow.tasks)],
    tableStreamView: service.table?.streamView ?? (readsTableStream ? TableStreamView.NEW_AND_OLD_IMAGES : undefined),
    buckets: (service.buckets ?? []).map((bucket) => ({
      name: bucket.name,
      constructId: `${pascalCase(bucket.name)}Bucket`,
      propertyName: `${camelCase(bucket.name)}Bucket`,
      environmentVariable: `BUCKET_NAME_${constantCase(bucket.name)}`,
      versioned: bucket.versioned ?? true,
      expireAfterDays: bucket.expireAfterDays,
      transitionToInfrequentAccessAfterDays: bucket.transitionToInfrequentAccessAfterDays,
    })),
    streams: (service.streams ?? []).map((stream) => ({
      name: stream.name,
      constructId: `${pascalCase(stream.name)}Stream`,
      propertyName: `${camelCase(stream.name)}Stream`,
      environmentVariable: `STREAM_NAME_${constantCase(stream.name)}`,
      mode: stream.mode ?? KinesisStreamMode.ON_DEMAND,
      shardCount: stream.shardCount ?? ((stream.mode ?? KinesisStreamMode.ON_DEMAND) === KinesisStreamMode.PROVISIONED ? 1 : undefined),
      retentionHours: stream.retentionHours ?? DATA_DEFAULTS.kinesisRetentionHours,
    })),
    queues: (service.queues ?? []).map((queue) => ({
      name: queue.name,
      constructId: `${pascalCase(queue.name)}Queue`,
      propertyName: `${camelCase(queue.name)}Queue`,
      route: routeModel({ method: HttpMethod.POST, ...queue.route }, service.name, `${queue.name}-queue`, { ...context, hasCache: false }),
      visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
      maxReceiveCount: queue.maxReceiveCount ?? DATA_DEFAULTS.queueMaxReceiveCount,
      retentionDays: queue.retentionDays ?? DATA_DEFAULTS.queueRetentionDays,
      consumer: functions.find((fn) => fn.queueEvents?.queue === queue.name),
    })),
    dataLake: service.dataLake && dataLakeModel(service.dataLake),
    hasIdempotencyTable: functions.some((fn) => fn.idempotency),
  };
}

/** `raw-events` as `RAW_EVENTS`. */
function constantCase(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function dataLakeModel(lake: DataLakeOptions): DataLakeModel {
  return {
    transform: lake.transform,
    rawPrefix: lake.rawPrefix ?? DATA_DEFAULTS.rawPrefix,
    rawSuffix: lake.rawSuffix ?? '',
    processedPrefix: lake.processedPrefix ?? DATA_DEFAULTS.processedPrefix,
    columns: lake.columns,
    partitionKeys: lake.partitionKeys ?? [],
    format: lake.format ?? DataLakeFormat.JSON,
    bytesScannedCutoffPerQuery: lake.bytesScannedCutoffPerQuery ?? DATA_DEFAULTS.bytesScannedCutoffPerQuery,
    queryResultsExpireAfterDays: lake.queryResultsExpireAfterDays ?? DATA_DEFAULTS.queryResultsExpireAfterDays,
  };
}

function streamEventsModel(options: NonNullable<FunctionOptions['streamEvents']>): StreamEventsModel {
  return {
    stream: options.table ? undefined : options.stream,
    batchSize: options.batchSize ?? DATA_DEFAULTS.streamBatchSize,
    maxBatchingWindowSeconds: options.maxBatchingWindowSeconds ?? DATA_DEFAULTS.streamBatchingWindowSeconds,
    bisectBatchOnError: options.bisectBatchOnError ?? true,
    retryAttempts: options.retryAttempts ?? DATA_DEFAULTS.streamRetryAttempts,
    maxRecordAgeSeconds: options.maxRecordAgeSeconds ?? DATA_DEFAULTS.streamMaxRecordAgeSeconds,
    startingPosition: options.startingPosition ?? (options.table ? StreamStartingPosition.LATEST : StreamStartingPosition.TRIM_HORIZON),
    parallelizationFactor: options.parallelizationFactor ?? 1,
    filters: [...(options.filters ?? [])],
    enhancedFanOut: options.enhancedFanOut ?? false,
  };
}

/** Names and starter of a function: its own, or its workflow step's. */
interface FunctionIdentity {
  /** `create`, or `order-processing/validate` for a workflow step. */
  readonly name: string;
  readonly constructId: string;
  readonly propertyName: string;
  /** Path under the service's handlers and assets: `create`, `order-processing/validate`. */
  readonly path: string;
  readonly starter: StarterKind;
  readonly workflowStep?: FunctionModel['workflowStep'];
}

function functionModel(fn: FunctionOptions, service: ServiceOptions, context: ServiceContext, identity: FunctionIdentity): FunctionModel {
  const preset = fn.preset ?? service.preset ?? context.defaultPreset;
  const settings = FunctionPresets.settingsOf(preset);
  const memorySize = fn.memorySize ?? service.memorySize ?? settings.memorySize;
  const timeoutSeconds = fn.timeoutSeconds ?? service.timeoutSeconds ?? settings.timeoutSeconds;
  const provisionedConcurrency = FunctionPresets.provisionedConcurrencyOf(
    preset,
    [service.provisionedConcurrency, fn.provisionedConcurrency].filter((override) => override !== undefined),
  );
  const lastSegment = fn.route?.path.split('/').pop() ?? '';
  return {
    service: service.name,
    name: identity.name,
    constructId: identity.constructId,
    propertyName: identity.propertyName,
    route: fn.route && routeModel(fn.route, service.name, fn.name, context),
    resolver: fn.resolver && { typeName: fn.resolver.typeName, fieldName: fn.resolver.fieldName },
    workflowStep: identity.workflowStep,
    subscriptions: subscriptionModels(fn),
    preset,
    memorySize,
    timeoutSeconds,
    overridesPreset: memorySize !== settings.memorySize || timeoutSeconds !== settings.timeoutSeconds,
    provisionedConcurrency,
    overridesProvisioned: JSON.stringify(provisionedConcurrency) !== JSON.stringify(settings.provisionedConcurrency),
    reservedConcurrency: fn.reservedConcurrency,
    tableAccess: fn.tableAccess ?? defaultTableAccess(fn.route?.method, service.table !== undefined),
    publishes: [...(fn.publishes ?? [])],
    bundleName: `${service.name}/${identity.path}`,
    handlerFile: `src/handlers/${service.name}/${identity.path}.ts`,
    starter: identity.starter,
    keyPathParameter: lastSegment.startsWith('{') ? lastSegment.slice(1, -1) : undefined,
    objectEvents: fn.objectEvents && {
      bucket: fn.objectEvents.bucket,
      prefix: fn.objectEvents.prefix ?? '',
      suffix: fn.objectEvents.suffix ?? '',
      events: [...(fn.objectEvents.events ?? [ObjectEvent.CREATED])],
    },
    bucketWrites: (fn.bucketWrites ?? []).map((write) => ({ bucket: write.bucket, prefix: write.prefix })),
    streamEvents: fn.streamEvents && streamEventsModel(fn.streamEvents),
    streamWrites: [...(fn.streamWrites ?? [])],
    queueEvents: fn.queueEvents && {
      queue: fn.queueEvents.queue,
      batchSize: fn.queueEvents.batchSize ?? DATA_DEFAULTS.queueBatchSize,
      maxBatchingWindowSeconds: fn.queueEvents.maxBatchingWindowSeconds,
      maxConcurrency: fn.queueEvents.maxConcurrency,
    },
    idempotency: fn.idempotency ?? fn.queueEvents !== undefined,
    dataLakeTransform: identity.starter === StarterKind.TRANSFORM,
  };
}

/** A workflow, and a function for each of its TASK and CALLBACK steps. */
function workflowModel(workflow: WorkflowOptions, service: ServiceOptions, context: ServiceContext): WorkflowModel {
  const tasks = functionStepsOf(workflow.steps).map((step) => {
    const settings = (workflow.tasks ?? []).find((task) => task.step === step.name);
    const callback = step.type === WorkflowStepType.CALLBACK;
    return functionModel({ ...settings, name: step.name }, service, context, {
      name: `${workflow.name}/${step.name}`,
      constructId: `${pascalCase(workflow.name)}${pascalCase(step.name)}`,
      propertyName: `${camelCase(workflow.name)}${pascalCase(step.name)}Function`,
      path: `${workflow.name}/${step.name}`,
      starter: callback ? StarterKind.CALLBACK : StarterKind.TASK,
      workflowStep: { workflow: workflow.name, step: step.name, callback },
    });
  });
  return {
    service: service.name,
    name: workflow.name,
    constructId: `${pascalCase(workflow.name)}Workflow`,
    propertyName: `${camelCase(workflow.name)}Workflow`,
    type: workflow.type ?? WorkflowType.STANDARD,
    trigger: workflow.trigger,
    steps: workflow.steps,
    timeoutSeconds: workflow.timeoutSeconds,
    tasks,
  };
}


function defaultTableAccess(method: HttpMethod | undefined, hasTable: boolean): TableAccess {
  if (!hasTable || !method) {
    return TableAccess.NONE;
  }
  return method === HttpMethod.GET ? TableAccess.READ : TableAccess.READ_WRITE;
}

function starterKind(fn: FunctionOptions, crudStarters: boolean, dataLakeTransform: boolean): StarterKind {
  const route = fn.route;
  if (!route) {
    if (fn.resolver) {
      return StarterKind.RESOLVER;
    }
    if (fn.objectEvents) {
      return StarterKind.OBJECTS;
    }
    if (fn.streamEvents) {
      return fn.streamEvents.table ? StarterKind.TABLE_STREAM : StarterKind.KINESIS_STREAM;
    }
    if (fn.queueEvents) {
      return StarterKind.QUEUE;
    }
    if (dataLakeTransform) {
      return StarterKind.TRANSFORM;
    }
    return (fn.subscriptions ?? []).length > 0 ? StarterKind.SUBSCRIBER : StarterKind.WORKER;
  }
  const hasSchema = route.bodySchema !== undefined || route.bodySchemaFile !== undefined;
  if (!crudStarters) {
    return hasSchema ? StarterKind.VALIDATED_API : StarterKind.API;
  }
  const generic = hasSchema ? StarterKind.VALIDATED_API : StarterKind.API;
  // CRUD starters fit a collection and its items (`/items`, `/items/{id}`), not sub-resources
  if (!/^\/[^/{}]+(\/\{[^/{}]+\})?$/.test(route.path)) {
    return generic;
  }
  const onItem = /\/\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(route.path);
  switch (route.method) {
    case HttpMethod.GET: return onItem ? StarterKind.GET : StarterKind.LIST;
    case HttpMethod.POST: return onItem ? generic : StarterKind.CREATE;
    case HttpMethod.PUT:
    case HttpMethod.PATCH: return onItem ? StarterKind.UPDATE : generic;
    case HttpMethod.DELETE: return onItem ? StarterKind.DELETE : generic;
    default: return generic;
  }
}
