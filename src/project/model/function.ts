/** A function: its sizing, route, triggers and the starter its handler begins from, with their defaults. */
import { StreamEventsModel } from './data-types';
import { scheduleModel } from './schedule';
import { StarterKind } from './starter-kind';
import { ApiInstanceModel, FunctionModel, RouteModel, SubscriptionModel } from './types';
import { DATA_DEFAULTS } from '../../constructs/data-defaults';
import { EVENT_DELIVERY, isAwsSource } from '../../constructs/event-delivery';
import { TableAccess } from '../../constructs/microservice';
import { FunctionPreset, FunctionPresets } from '../../presets';
import { FunctionOptions, HttpMethod, ObjectEvent, RouteOptions, ServiceOptions, StreamStartingPosition } from '../options';

/**
 * Whether the function's handler starter validates the request body with the route's schema:
 * the generic validated starter, and the CRUD create and update starters of a route with one.
 */
export function validatesBody(fn: FunctionModel): boolean {
  return fn.route?.bodySchemaFile !== undefined
    && [StarterKind.VALIDATED_API, StarterKind.CREATE, StarterKind.UPDATE].includes(fn.starter);
}

/** What a service's model depends on beyond its own options. */
export interface ServiceContext {
  readonly defaultPreset: FunctionPreset;
  readonly api?: ApiInstanceModel;
  readonly hasAuthorizer: boolean;
  /** Whether each service is a nested stack of its own (`serviceStacks`). */
  readonly serviceStacks: boolean;
  readonly hasCache: boolean;
  readonly cacheTtlSeconds: number;
}

export function routeModel(route: RouteOptions, service: string, fn: string, context: ServiceContext): RouteModel {
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
    defaultBus: (subscription.sources ?? []).length > 0 && subscription.sources!.every(isAwsSource),
    sources: [...(subscription.sources ?? [])],
    detailTypes: [...(subscription.detailTypes ?? [])],
    detail: subscription.detail,
    retryAttempts: subscription.retryAttempts ?? EVENT_DELIVERY.defaultRetryAttempts,
    maxEventAgeSeconds: subscription.maxEventAgeSeconds ?? EVENT_DELIVERY.defaultEventAgeSeconds,
  }));
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
export interface FunctionIdentity {
  /** `create`, or `order-processing/validate` for a workflow step. */
  readonly name: string;
  readonly constructId: string;
  readonly propertyName: string;
  /** Path under the service's handlers and assets: `create`, `order-processing/validate`. */
  readonly path: string;
  readonly starter: StarterKind;
  readonly workflowStep?: FunctionModel['workflowStep'];
}

export function functionModel(fn: FunctionOptions, service: ServiceOptions, context: ServiceContext, identity: FunctionIdentity): FunctionModel {
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
    completesCallbacksOf: fn.completesCallbacksOf,
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
    schedule: fn.schedule && scheduleModel(fn.schedule),
  };
}

function defaultTableAccess(method: HttpMethod | undefined, hasTable: boolean): TableAccess {
  if (!hasTable || !method) {
    return TableAccess.NONE;
  }
  return method === HttpMethod.GET ? TableAccess.READ : TableAccess.READ_WRITE;
}

export function starterKind(fn: FunctionOptions, crudStarters: boolean, dataLakeTransform: boolean): StarterKind {
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
    if ((fn.subscriptions ?? []).length > 0) {
      return StarterKind.SUBSCRIBER;
    }
    return fn.schedule ? StarterKind.SCHEDULED : StarterKind.WORKER;
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
