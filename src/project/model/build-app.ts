/** The app as a whole: its stack name, REST APIs, authorizer, GraphQL API and event bus, with their defaults. */
import { pipelineModel, StageModel, stagesModel } from './deploy';
import { checkResolvedApp } from './resolved-checks';
import { stackResourceCounts } from './resource-count';
import { serviceModel } from './service';
import { AlarmsModel, ApiInstanceModel, ApiModel, AppModel, AuthorizerModel } from './types';
import { GraphqlAuthorization } from '../../constructs/graphql-api';
import { AuthorizerType } from '../../constructs/rest-api';
import { FunctionPreset, FunctionPresets } from '../../presets';
import { createsCloudWatchRole } from '../cdk-context';
import { camelCase, kebabCase, pascalCase } from '../names';
import { ApiLoggingLevel, FunctionArchitecture, GraphqlFieldLogLevel, HttpMethod, RestApiOptions, ServerlessAppOptions, ServiceOptions } from '../options';
import { LATEST_RUNTIME } from '../runtimes';
import { alarmThresholds, validateOptions } from '../validation';

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
 * Checks the options and resolves every default, then checks what the resolved app derives from
 * them (names, concurrency). Throws one error listing every problem, before anything is written.
 */
export function buildModel(options: ServerlessAppOptions): AppModel {
  validateOptions(options);
  const model = resolve(options);
  checkResolvedApp(model, options);
  return model;
}

/** The app with every default resolved, from valid options. */
function resolve(options: ServerlessAppOptions): AppModel {
  const defaultPreset = options.defaultPreset ?? FunctionPresets.DEFAULT;
  const stackName = kebabCase(options.name) || 'app';
  const serviceOptions = options.services ?? DEFAULT_SERVICES;
  const instances = apiInstances(serviceOptions, stackName);
  const hasAuthorizer = options.api?.authorizer !== undefined;
  const services = serviceOptions.map((service) => serviceModel(service, {
    defaultPreset,
    api: instances.find((instance) => instance.services.includes(service.name)),
    hasAuthorizer,
    serviceStacks: options.serviceStacks ?? false,
    hasCache: options.api?.cache !== undefined,
    cacheTtlSeconds: options.api?.cache?.ttlSeconds ?? API_DEFAULTS.cacheTtlSeconds,
  }));
  const functions = services.flatMap((service) => service.functions);
  const resolvers = functions.filter((fn) => fn.resolver);
  // CT.CLOUDWATCH.PR.2 asks for a year
  const logRetentionDays = options.logRetentionDays ?? (options.compliance?.controlTower ? 365 : 30);
  const stages = stagesModel(options, stackName, logRetentionDays);
  const app: Omit<AppModel, 'stacks'> = {
    stackName,
    stackClassName: `${pascalCase(stackName)}Stack`.replace(/^(\d)/, 'App$1'),
    services,
    defaultPreset,
    architecture: options.architecture ?? FunctionArchitecture.ARM_64,
    nodeRuntime: options.nodeRuntime ?? LATEST_RUNTIME,
    nodeRuntimeChosen: options.nodeRuntime !== undefined,
    logRetentionDays,
    tracing: options.tracing ?? true,
    tracerAndMetrics: options.tracerAndMetrics ?? true,
    hasApi: functions.some((fn) => fn.route) || services.some((service) => service.queues.length > 0),
    api: apiModel(options.api ?? {}, instances, createsCloudWatchRole(options)),
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
      || functions.some((fn) => fn.subscriptions.some((subscription) => !subscription.defaultBus)),
    eventArchiveRetentionDays: (options.eventArchive ?? true)
      ? options.eventArchiveRetentionDays ?? API_DEFAULTS.eventArchiveRetentionDays
      : undefined,
    functions,
    serviceStacks: options.serviceStacks ?? false,
    tags: Object.fromEntries(Object.entries(options.tags ?? {}).sort(([a], [b]) => a.localeCompare(b))),
    controlTower: options.compliance?.controlTower ? {
      encryptionKey: options.compliance.encryptionKey ?? true,
      bucketVersioning: options.compliance.bucketVersioning ?? true,
    } : undefined,
    stages,
    pipeline: pipelineModel(options, stackName, stages),
    alarms: alarmsModel(options, stages),
  };
  // each stack's resources: checkResolvedApp refuses one CloudFormation would refuse
  return { ...app, stacks: stackResourceCounts(app) };
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

function apiModel(api: RestApiOptions, instances: ApiInstanceModel[], createsRole: boolean): ApiModel {
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
      errorResponses: (api.cors?.enabled ?? true) && (api.cors?.errorResponses ?? true),
    },
    cache: api.cache && {
      clusterSizeGb: api.cache.clusterSizeGb ?? API_DEFAULTS.cacheClusterSizeGb,
      ttlSeconds: api.cache.ttlSeconds ?? API_DEFAULTS.cacheTtlSeconds,
    },
    cloudWatchRoleOption: api.cloudWatchRole,
    createsCloudWatchRole: createsRole,
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

/**
 * `alarms` resolved: undefined when neither the option nor a stage asks for alarms. A stage with
 * alarms (by default, one with approval) gets them with the option's thresholds, or the defaults.
 * `enabled` is the stack's default when its props do not say: with stages, each stage says, and the
 * default is whether any stage has them, so that the stack the generated tests synthesize is the
 * most watched stage's (the one the resource count is for).
 */
function alarmsModel(options: ServerlessAppOptions, stages: StageModel[]): AlarmsModel | undefined {
  if (options.alarms === undefined && !stages.some((stage) => stage.alarms)) {
    return undefined;
  }
  const alarms = options.alarms ?? {};
  return {
    enabled: stages.length > 0 ? stages.some((stage) => stage.alarms) : alarms.enabled ?? true,
    topicArn: alarms.topicArn,
    email: alarms.email,
    thresholds: alarmThresholds(alarms),
  };
}
