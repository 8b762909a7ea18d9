import { checkDataResources, checkObjectTrigger, QUEUE_ROUTE_METHODS } from './data-validation';
import { KEBAB_CASE, kebabCase, pascalCase } from './names';
import { checkEnum, duplicates, inRange } from './option-checks';
import { ApiLoggingLevel, FunctionArchitecture, FunctionOptions, GraphqlFieldLogLevel, HttpMethod, NodeRuntime, RestApiOptions, RouteOptions, ServerlessAppOptions, ServiceOptions, SubscriptionOptions, WorkflowOptions } from './options';
import { RETENTION_DAYS } from './runtimes';
import { checkCdkVersion } from './tested-versions';
import { EVENT_DELIVERY } from '../constructs/event-delivery';
import { GraphqlAuthorization } from '../constructs/graphql-api';
import { TableAccess } from '../constructs/microservice';
import { AuthorizerType } from '../constructs/rest-api';
import { WorkflowType } from '../constructs/workflow-steps';
import { functionStepsOf, stepProblems } from '../constructs/workflow-validation';
import { FunctionPreset, ProvisionedConcurrencyProps, MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, MAX_UTILIZATION_TARGET, MIN_MEMORY_MB, MIN_TIMEOUT_SECONDS, MIN_UTILIZATION_TARGET } from '../presets';

/** CloudWatch Logs' retention periods, in days. */
const LOG_RETENTION_DAYS = Object.keys(RETENTION_DAYS).map(Number);

/** Names a function takes for files of its own. */
const RESERVED_FUNCTION_NAMES = ['store', 'shared'];
/** Service names whose handler folders the app uses for its own. */
const RESERVED_SERVICE_NAMES = ['shared', 'authorizer'];
const STATIC_SEGMENT = /^[A-Za-z0-9._:-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;
const EVENT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const KEY_NAME = /^[A-Za-z0-9_.-]{1,255}$/;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const QUERY_PARAMETER = /^[A-Za-z0-9_.~-]+$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** API Gateway's cache cluster sizes, in GB. */
export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
/** Methods whose requests carry no body to validate. */
const BODYLESS_METHODS: string[] = [HttpMethod.GET, HttpMethod.DELETE];
/** A relative path inside the project, without `..`. */
const PROJECT_FILE = /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_./-]+$/;

/** Thrown when options are invalid; its message lists every problem found. */
export class InvalidOptionsError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid ServerlessApp options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidOptionsError';
  }
}

/**
 * Checks every option a stack, a bundle or a file name depends on, and throws one
 * `InvalidOptionsError` naming each bad option, its value and what is allowed.
 */
export function validateOptions(options: ServerlessAppOptions): void {
  const problems: string[] = [];
  const services = options.services;
  if (services !== undefined) {
    if (services.length === 0) {
      problems.push('`services` must name at least one service; got []. Leave it out for the sample `items` service.');
    }
    duplicates(services.map((service) => service.name)).forEach((name) => {
      problems.push(`\`services\` names '${name}' more than once; service names must be unique.`);
    });
    services.forEach((service, index) => problems.push(...checkService(service, `services[${index}]`, options)));
    problems.push(...checkRoutes(services));
    problems.push(...checkSubscriptions(services));
    problems.push(...checkResolvers(services));
  }
  if (options.api?.authorizer && services !== undefined) {
    problems.push(...checkAuthorizerUse(services));
  }
  problems.push(...checkCdkVersion(options.cdkVersion));
  problems.push(...checkApi(options.api));
  const graphql = options.graphql;
  problems.push(
    ...checkEnum('nodeRuntime', options.nodeRuntime, NodeRuntime),
    ...checkEnum('architecture', options.architecture, FunctionArchitecture),
    ...checkEnum('defaultPreset', options.defaultPreset, FunctionPreset),
    ...checkEnum('api.loggingLevel', options.api?.loggingLevel, ApiLoggingLevel),
    ...checkEnum('api.authorizer.type', options.api?.authorizer?.type, AuthorizerType),
    ...checkEnum('api.authorizer.preset', options.api?.authorizer?.preset, FunctionPreset),
    ...checkEnum('graphql.authorization', graphql?.authorization, GraphqlAuthorization),
    ...checkEnum('graphql.fieldLogLevel', graphql?.fieldLogLevel, GraphqlFieldLogLevel),
  );
  if (graphql?.apiKeyExpiryDays !== undefined && !inRange(graphql.apiKeyExpiryDays, 1, 365)) {
    problems.push(`\`graphql.apiKeyExpiryDays\` must be a whole number of days from 1 to 365 (AppSync's limits); got ${graphql.apiKeyExpiryDays}.`);
  }
  if (graphql?.schemaFile !== undefined && !(PROJECT_FILE.test(graphql.schemaFile) && graphql.schemaFile.endsWith('.graphql'))) {
    problems.push(`\`graphql.schemaFile\` must be a relative path in the project ending in .graphql; got '${graphql.schemaFile}'.`);
  }
  if (options.eventArchiveRetentionDays !== undefined && !inRange(options.eventArchiveRetentionDays, 0, Number.MAX_SAFE_INTEGER)) {
    problems.push(`\`eventArchiveRetentionDays\` must be a whole number of days, 0 (forever) or more; got ${options.eventArchiveRetentionDays}.`);
  }
  if (options.logRetentionDays !== undefined && !LOG_RETENTION_DAYS.includes(options.logRetentionDays)) {
    problems.push(`\`logRetentionDays\` must be one of ${LOG_RETENTION_DAYS.join(', ')}; got ${options.logRetentionDays}.`);
  }
  if (options.bundleBudgetKiB !== undefined && !(Number.isInteger(options.bundleBudgetKiB) && options.bundleBudgetKiB > 0)) {
    problems.push(`\`bundleBudgetKiB\` must be a whole number of KiB, 1 or more; got ${options.bundleBudgetKiB}.`);
  }
  if (problems.length > 0) {
    throw new InvalidOptionsError(problems);
  }
}

/** Which REST API a service's routes are on: the shared one, or its own. */
/** The routes of a service's functions and queues, each with whose it is. */
function routesOf(service: ServiceOptions): Array<{ readonly route: RouteOptions; readonly label: string }> {
  return [
    ...(service.functions ?? []).filter((fn) => fn.route).map((fn) => ({ route: fn.route!, label: `${service.name}/${fn.name}` })),
    ...(service.queues ?? []).filter((queue) => queue.route).map((queue) => ({
      route: { ...queue.route, method: queue.route.method ?? HttpMethod.POST },
      label: `${service.name}/${queue.name} (queue)`,
    })),
  ];
}

function apiOf(service: ServiceOptions): string {
  return service.ownApi ? `the own API of service '${service.name}'` : 'the shared API';
}

/** Each REST API gets the authorizer: one that guards none of its routes fails the synth. */
function checkAuthorizerUse(services: ServiceOptions[]): string[] {
  const guards = new Map<string, boolean>();
  for (const service of services) {
    for (const { route } of routesOf(service)) {
      guards.set(apiOf(service), (guards.get(apiOf(service)) ?? false) || route.authorize !== false);
    }
  }
  if (guards.size === 0) {
    return ['`api.authorizer` is set but there is no route to guard; remove it, or add routes.'];
  }
  return [...guards.entries()].filter(([, guarded]) => !guarded).map(([api]) =>
    `\`api.authorizer\` guards no route of ${api}: each of its routes says \`authorize: false\`. Let one use it, or make those routes part of an API with no authorizer.`);
}

function checkApi(api: RestApiOptions | undefined): string[] {
  const problems: string[] = [];
  if (!api) {
    return problems;
  }
  if (api.stageName !== undefined && !STAGE_NAME.test(api.stageName)) {
    problems.push(`\`api.stageName\` must be 1-128 of A-Z a-z 0-9 _ -; got '${api.stageName}'.`);
  }
  if (api.throttlingRateLimit !== undefined && !(api.throttlingRateLimit > 0)) {
    problems.push(`\`api.throttlingRateLimit\` must be more than 0 requests per second; got ${api.throttlingRateLimit}.`);
  }
  if (api.throttlingBurstLimit !== undefined && !inRange(api.throttlingBurstLimit, 0, Number.MAX_SAFE_INTEGER)) {
    problems.push(`\`api.throttlingBurstLimit\` must be a whole number of requests, 0 or more; got ${api.throttlingBurstLimit}.`);
  }
  const cors = api.cors;
  if (cors?.allowCredentials && (cors.allowOrigins ?? ['*']).includes('*')) {
    problems.push('`api.cors.allowCredentials` is true with origin \'*\' (the default of `api.cors.allowOrigins`): browsers refuse it, and it would let any site call the API as the user. Name the allowed origins.');
  }
  if (cors?.allowOrigins !== undefined && cors.allowOrigins.includes('*') && cors.allowOrigins.length > 1) {
    problems.push(`\`api.cors.allowOrigins\` is either ['*'] or a list of origins, not both; got ${JSON.stringify(cors.allowOrigins)}.`);
  }
  if (cors?.allowOrigins !== undefined && (cors.allowOrigins.length === 0 || cors.allowOrigins.some((origin) => origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)))) {
    problems.push(`\`api.cors.allowOrigins\` must be '*' or origins like 'https://app.example.com' (scheme and host, no path); got ${JSON.stringify(cors.allowOrigins)}.`);
  }
  if (cors?.enabled === false && (cors.allowOrigins || cors.allowMethods || cors.allowHeaders || cors.allowCredentials !== undefined)) {
    problems.push('`api.cors.enabled` is false, yet other `api.cors` fields are set; drop them, or turn CORS on.');
  }
  if (api.cache?.clusterSizeGb !== undefined && !CACHE_CLUSTER_SIZES.includes(api.cache.clusterSizeGb)) {
    problems.push(`\`api.cache.clusterSizeGb\` must be one of ${CACHE_CLUSTER_SIZES.join(', ')}; got '${api.cache.clusterSizeGb}'.`);
  }
  if (api.cache?.ttlSeconds !== undefined && !inRange(api.cache.ttlSeconds, 0, 3600)) {
    problems.push(`\`api.cache.ttlSeconds\` must be a whole number of seconds from 0 to 3600; got ${api.cache.ttlSeconds}.`);
  }
  const authorizer = api.authorizer;
  if (authorizer?.identityHeader !== undefined && !HEADER_NAME.test(authorizer.identityHeader)) {
    problems.push(`\`api.authorizer.identityHeader\` must be an HTTP header name; got '${authorizer.identityHeader}'.`);
  }
  if (authorizer?.resultsCacheTtlSeconds !== undefined && !inRange(authorizer.resultsCacheTtlSeconds, 0, 3600)) {
    problems.push(`\`api.authorizer.resultsCacheTtlSeconds\` must be a whole number of seconds from 0 to 3600; got ${authorizer.resultsCacheTtlSeconds}.`);
  }
  return problems;
}

function checkService(service: ServiceOptions, where: string, options: ServerlessAppOptions): string[] {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(service.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'order-items'); got '${service.name}'.`);
  } else if (RESERVED_SERVICE_NAMES.includes(service.name)) {
    problems.push(`\`${where}.name\` '${service.name}' is reserved: src/handlers/${service.name}/ holds the app's own handler modules; choose another name.`);
  }
  const table = service.table;
  if (table !== undefined) {
    if (!table.partitionKey || !KEY_NAME.test(table.partitionKey.name ?? '')) {
      problems.push(`\`${where}.table.partitionKey\` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got ${JSON.stringify(table.partitionKey)}.`);
    }
    if (table.sortKey && !KEY_NAME.test(table.sortKey.name ?? '')) {
      problems.push(`\`${where}.table.sortKey.name\` must name an attribute (1-255 of A-Z a-z 0-9 _ . -); got '${table.sortKey.name}'.`);
    }
  }
  const events = service.events ?? [];
  events.filter((name) => !EVENT_NAME.test(name)).forEach((name) => {
    problems.push(`\`${where}.events\` must be PascalCase detail types (like 'ItemCreated'); got '${name}'.`);
  });
  duplicates(events).forEach((name) => problems.push(`\`${where}.events\` names '${name}' more than once.`));

  problems.push(...checkSizing(service, where, `service '${service.name}'`));
  const functions = service.functions ?? [];
  if (functions.length === 0) {
    problems.push(`\`${where}.functions\` must name at least one function; got none.`);
  }
  duplicates(functions.map((fn) => fn.name)).forEach((name) => {
    problems.push(`\`${where}.functions\` names '${name}' more than once; function names must be unique in a service.`);
  });
  functions.forEach((fn, index) => {
    problems.push(...checkFunction(fn, `${where}.functions[${index}]`, `${service.name}/${fn.name}`, service, options));
  });
  const workflows = service.workflows ?? [];
  duplicates(workflows.map((workflow) => workflow.name)).forEach((name) => {
    problems.push(`\`${where}.workflows\` names '${name}' more than once; workflow names must be unique in a service.`);
  });
  workflows.forEach((workflow, index) => problems.push(...checkWorkflow(workflow, `${where}.workflows[${index}]`, service)));
  (service.queues ?? []).forEach((queue, index) => {
    const at = `${where}.queues[${index}].route`;
    const label = `${service.name}/${queue.name}`;
    const route = queue.route;
    if (!route) {
      return;
    }
    const pathProblem = checkPath(route.path);
    if (pathProblem) {
      problems.push(`\`${at}.path\` ('${label}') ${pathProblem}; got '${route.path}'.`);
    }
    if (QUEUE_ROUTE_METHODS.includes(route.method ?? HttpMethod.POST)) {
      problems.push(...checkRouteFeatures({ ...route, method: route.method ?? HttpMethod.POST }, at, label, options.api));
    }
  });
  problems.push(...checkDataResources(service, where, options));
  return problems;
}

function checkWorkflow(workflow: WorkflowOptions, where: string, service: ServiceOptions): string[] {
  const problems: string[] = [];
  const label = `${service.name}/${workflow.name}`;
  if (!KEBAB_CASE.test(workflow.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'order-processing'); got '${workflow.name}'.`);
  }
  if (!Array.isArray(workflow.steps) || workflow.steps.length === 0) {
    return [...problems, `\`${where}.steps\` ('${label}') must name at least one step; got none.`];
  }
  // step names (kebab-case, as their handler files) are checked by stepProblems with the rest
  problems.push(...checkEnum(`${where}.type`, workflow.type, WorkflowType));
  const tasks = functionStepsOf(workflow.steps).map((step) => step.name);
  problems.push(...stepProblems(`\`${where}.steps\` ('${label}')`, workflow.steps, tasks, workflow.type ?? WorkflowType.STANDARD));
  const functionIds = new Set((service.functions ?? []).map((fn) => pascalCase(fn.name ?? '')));
  tasks.filter((step) => functionIds.has(`${pascalCase(workflow.name)}${pascalCase(step)}`)).forEach((step) => {
    problems.push(`\`${where}\` ('${label}'): step '${step}' would share its construct id with function '${kebabCase(`${workflow.name}-${step}`)}' of the service; rename one.`);
  });
  (workflow.tasks ?? []).forEach((task, index) => {
    const at = `${where}.tasks[${index}]`;
    if (!tasks.includes(task.step)) {
      problems.push(`\`${at}.step\` ('${label}') names '${task.step}', which is no TASK or CALLBACK step of the workflow (${tasks.join(', ') || 'none'}).`);
    }
    problems.push(...checkSizing(task, at, `'${label}/${task.step}'`));
    problems.push(...checkEnum(`${at}.preset`, task.preset, FunctionPreset), ...checkEnum(`${at}.tableAccess`, task.tableAccess, TableAccess));
    if (task.tableAccess !== undefined && task.tableAccess !== TableAccess.NONE && !service.table) {
      problems.push(`\`${at}.tableAccess\` ('${label}/${task.step}') is ${task.tableAccess} but service '${service.name}' has no \`table\`.`);
    }
    const events = service.events ?? [];
    (task.publishes ?? []).filter((name) => !events.includes(name)).forEach((name) => {
      problems.push(`\`${at}.publishes\` ('${label}/${task.step}') names '${name}', which is not in \`events\` of service '${service.name}' (${events.join(', ') || 'none'}).`);
    });
  });
  duplicates((workflow.tasks ?? []).map((task) => task.step)).forEach((step) => {
    problems.push(`\`${where}.tasks\` ('${label}') sets step '${step}' more than once.`);
  });
  const express = workflow.type === WorkflowType.EXPRESS;
  const maxSeconds = express ? 300 : 31_536_000;
  if (workflow.timeoutSeconds !== undefined && !inRange(workflow.timeoutSeconds, 1, maxSeconds)) {
    problems.push(`\`${where}.timeoutSeconds\` ('${label}') must be a whole number of seconds from 1 to ${maxSeconds} (${express ? 'an EXPRESS workflow runs 5 minutes at most' : 'a year'}); got ${workflow.timeoutSeconds}.`);
  }
  if (functionIds.has(`${pascalCase(workflow.name)}Workflow`)) {
    problems.push(`\`${where}.name\` ('${label}'): the workflow's construct id ${pascalCase(workflow.name)}Workflow is function '${workflow.name}-workflow''s too; rename one.`);
  }
  const trigger = workflow.trigger;
  if (trigger?.detail !== undefined && (typeof trigger.detail !== 'object' || trigger.detail === null || Array.isArray(trigger.detail))) {
    problems.push(`\`${where}.trigger.detail\` ('${label}') must be an EventBridge pattern object, like { status: ['PAID'] }; got ${JSON.stringify(trigger.detail)}.`);
  }
  if (trigger) {
    problems.push(...checkObjectTrigger(trigger, { where: `${where}.trigger`, label }, service));
  }
  if (trigger && !trigger.objectCreated && !trigger.sources?.length && !trigger.detailTypes?.length) {
    problems.push(`\`${where}.trigger\` ('${label}') must name \`sources\` or \`detailTypes\`: an empty pattern would start it for every event on the bus.`);
  }
  return problems;
}

function checkFunction(fn: FunctionOptions, where: string, label: string, service: ServiceOptions, options: ServerlessAppOptions): string[] {
  const problems: string[] = [];
  if (!KEBAB_CASE.test(fn.name ?? '')) {
    problems.push(`\`${where}.name\` must be kebab-case (like 'create-order'); got '${fn.name}'.`);
  } else if (RESERVED_FUNCTION_NAMES.includes(fn.name)) {
    problems.push(`\`${where}.name\` '${fn.name}' is reserved for the service's own modules; choose another name.`);
  } else if (fn.name === 'add') {
    // the generated service would get an `addFunction` property, hiding Microservice.addFunction
    problems.push(`\`${where}.name\` 'add' is reserved: its property \`addFunction\` would hide the service's \`addFunction\` method; say what it adds, like 'add-item'.`);
  }
  problems.push(...checkSizing(fn, where, `'${label}'`));
  if (fn.reservedConcurrency !== undefined && !inRange(fn.reservedConcurrency, 0, Number.MAX_SAFE_INTEGER)) {
    problems.push(`\`${where}.reservedConcurrency\` ('${label}') must be a whole number, 0 or more; got ${fn.reservedConcurrency}.`);
  }
  if (fn.tableAccess !== undefined && fn.tableAccess !== TableAccess.NONE && !service.table) {
    problems.push(`\`${where}.tableAccess\` ('${label}') is ${fn.tableAccess} but service '${service.name}' has no \`table\`.`);
  }
  const events = service.events ?? [];
  (fn.publishes ?? []).filter((name) => !events.includes(name)).forEach((name) => {
    problems.push(`\`${where}.publishes\` ('${label}') names '${name}', which is not in \`events\` of service '${service.name}' (${events.join(', ') || 'none'}).`);
  });
  if (fn.route) {
    if (!Object.values(HttpMethod).includes(fn.route.method)) {
      problems.push(`\`${where}.route.method\` ('${label}') must be one of ${Object.values(HttpMethod).join(', ')}; got '${fn.route.method}'.`);
    }
    const pathProblem = checkPath(fn.route.path);
    if (pathProblem) {
      problems.push(`\`${where}.route.path\` ('${label}') ${pathProblem}; got '${fn.route.path}'.`);
    }
    problems.push(...checkRouteFeatures(fn.route, `${where}.route`, label, options.api));
  }
  if (fn.resolver) {
    if (fn.route) {
      problems.push(`\`${where}.resolver\` ('${label}'): a function has a \`route\` or a \`resolver\`, not both; give the field a function of its own.`);
    }
    for (const key of ['typeName', 'fieldName'] as const) {
      if (!GRAPHQL_NAME.test(fn.resolver[key] ?? '')) {
        problems.push(`\`${where}.resolver.${key}\` ('${label}') must be a GraphQL name (letters, digits, _; not starting with a digit); got '${fn.resolver[key]}'.`);
      }
    }
  }
  (fn.subscriptions ?? []).forEach((subscription, index) => {
    problems.push(...checkSubscription(subscription, `${where}.subscriptions[${index}]`, label));
  });
  return problems;
}

function checkRouteFeatures(route: RouteOptions, where: string, label: string, api: RestApiOptions | undefined): string[] {
  const problems: string[] = [];
  if (route.authorize === true && !api?.authorizer) {
    problems.push(`\`${where}.authorize\` ('${label}') is true but \`api.authorizer\` is not set; add an authorizer or leave \`authorize\` out.`);
  }
  Object.keys(route.queryParameters ?? {}).filter((name) => !QUERY_PARAMETER.test(name)).forEach((name) => {
    problems.push(`\`${where}.queryParameters\` ('${label}') names '${name}'; a query parameter name is A-Z a-z 0-9 _ . ~ -.`);
  });
  if (route.cache !== undefined && !api?.cache) {
    problems.push(`\`${where}.cache\` ('${label}') is set but \`api.cache\` is not: the API has no cache cluster to cache in.`);
  }
  if (route.cache?.ttlSeconds !== undefined && !(route.cache.enabled ?? route.method === HttpMethod.GET)) {
    problems.push(`\`${where}.cache.ttlSeconds\` ('${label}') is set but the ${route.method} route is not cached (only GET routes are, by default); add \`enabled: true\` or drop the TTL.`);
  }
  if (route.cache?.ttlSeconds !== undefined && !inRange(route.cache.ttlSeconds, 0, 3600)) {
    problems.push(`\`${where}.cache.ttlSeconds\` ('${label}') must be a whole number of seconds from 0 to 3600; got ${route.cache.ttlSeconds}.`);
  }
  const hasSchema = route.bodySchema !== undefined || route.bodySchemaFile !== undefined;
  if (route.bodySchema !== undefined && route.bodySchemaFile !== undefined) {
    problems.push(`\`${where}.bodySchema\` and \`${where}.bodySchemaFile\` ('${label}') are both set; give the schema one way.`);
  }
  if (hasSchema && BODYLESS_METHODS.includes(route.method)) {
    problems.push(`\`${where}.bodySchema\` ('${label}') is set on a ${route.method} route, whose requests have no body; schemas go on ${Object.values(HttpMethod).filter((method) => !BODYLESS_METHODS.includes(method)).join(', ')}.`);
  }
  if (route.bodySchema !== undefined && (typeof route.bodySchema !== 'object' || route.bodySchema === null || Array.isArray(route.bodySchema))) {
    problems.push(`\`${where}.bodySchema\` ('${label}') must be a JSON schema object; got ${JSON.stringify(route.bodySchema)}.`);
  }
  if (route.bodySchemaFile !== undefined && !(PROJECT_FILE.test(route.bodySchemaFile) && route.bodySchemaFile.endsWith('.json'))) {
    problems.push(`\`${where}.bodySchemaFile\` ('${label}') must be a relative path in the project ending in .json; got '${route.bodySchemaFile}'.`);
  }
  return problems;
}

function checkSubscription(subscription: SubscriptionOptions, where: string, label: string): string[] {
  const problems: string[] = [];
  if (!subscription.sources?.length && !subscription.detailTypes?.length) {
    problems.push(`\`${where}\` ('${label}') must name \`sources\` or \`detailTypes\`: an empty pattern matches every event on the bus, the function's own included.`);
  }
  if (subscription.detail !== undefined && (typeof subscription.detail !== 'object' || subscription.detail === null || Array.isArray(subscription.detail))) {
    problems.push(`\`${where}.detail\` ('${label}') must be an EventBridge pattern object, like { status: ['PAID'] }; got ${JSON.stringify(subscription.detail)}.`);
  }
  const { maxRetryAttempts, minEventAgeSeconds, maxEventAgeSeconds } = EVENT_DELIVERY;
  if (subscription.retryAttempts !== undefined && !inRange(subscription.retryAttempts, 0, maxRetryAttempts)) {
    problems.push(`\`${where}.retryAttempts\` ('${label}') must be a whole number from 0 to ${maxRetryAttempts}; got ${subscription.retryAttempts}.`);
  }
  if (subscription.maxEventAgeSeconds !== undefined && !inRange(subscription.maxEventAgeSeconds, minEventAgeSeconds, maxEventAgeSeconds)) {
    problems.push(`\`${where}.maxEventAgeSeconds\` ('${label}') must be a whole number of seconds from ${minEventAgeSeconds} to ${maxEventAgeSeconds}; got ${subscription.maxEventAgeSeconds}.`);
  }
  return problems;
}

/** Sources and detail types that name the app's services and their events, and no function that triggers itself. */
function checkSubscriptions(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const eventsOf = new Map(services.map((service) => [service.name, service.events ?? []]));
  const allEvents = services.flatMap((service) => service.events ?? []);
  const subscribers = services.flatMap((service) => [
    ...(service.functions ?? []).flatMap((fn) => (fn.subscriptions ?? []).map((subscription, index) => ({
      service, subscriber: `${service.name}/${fn.name}`, label: `'${service.name}/${fn.name}' subscriptions[${index}]`, subscription, publishes: fn.publishes ?? [],
    }))),
    ...(service.workflows ?? []).filter((workflow) => workflow.trigger && !workflow.trigger.objectCreated).map((workflow) => ({
      service,
      subscriber: `${service.name}/${workflow.name}`,
      label: `'${service.name}/${workflow.name}' trigger`,
      subscription: workflow.trigger!,
      publishes: (workflow.tasks ?? []).flatMap((task) => task.publishes ?? []),
    })),
  ]);
  for (const { service, subscriber, label, subscription, publishes } of subscribers) {
    const sources = subscription.sources ?? [];
    const detailTypes = subscription.detailTypes ?? [];
    sources.filter((source) => !eventsOf.has(source)).forEach((source) => {
      problems.push(`${label}: source '${source}' is no service of the app (${[...eventsOf.keys()].join(', ')}); the rules are on the app's bus, where only its services publish`
        + (source.startsWith('aws.') ? ' (AWS services send their events to the default bus).' : '.'));
    });
    const appSources = sources.filter((source) => eventsOf.has(source));
    const published = appSources.length > 0 ? appSources.flatMap((source) => eventsOf.get(source)!) : allEvents;
    if (appSources.length === sources.length) {
      detailTypes.filter((type) => !published.includes(type)).forEach((type) => {
        problems.push(`${label}: detail type '${type}' is not in the \`events\` of ${appSources.length > 0 ? `service ${appSources.map((s) => `'${s}'`).join(', ')}` : 'any service'} (${published.join(', ') || 'none'}).`);
      });
    }
    const ownSource = sources.length === 0 || sources.includes(service.name);
    const own = publishes.filter((type) => detailTypes.length === 0 || detailTypes.includes(type));
    if (ownSource && own.length > 0) {
      problems.push(`${label}: '${subscriber}' would receive the ${own.join(', ')} events it publishes itself, an endless loop (ServerlessPatterns-LambdaRecursion); narrow \`sources\` or \`detailTypes\`.`);
    }
  }
  return problems;
}

/** One function per GraphQL field, and a Query type, which AppSync requires. */
function checkResolvers(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  for (const service of services) {
    for (const fn of service.functions ?? []) {
      if (!fn.resolver) {
        continue;
      }
      const field = `${fn.resolver.typeName}.${fn.resolver.fieldName}`;
      const owner = owners.get(field);
      if (owner) {
        problems.push(`resolver ${field} is declared twice: by '${owner}' and by '${service.name}/${fn.name}'; each field has one function.`);
      }
      owners.set(field, `${service.name}/${fn.name}`);
    }
  }
  if (owners.size > 0 && ![...owners.keys()].some((field) => field.startsWith('Query.'))) {
    problems.push(`resolvers ${[...owners.keys()].join(', ')}: a GraphQL schema needs a Query type; declare at least one \`Query\` resolver.`);
  }
  return problems;
}

/** Memory, timeout and provisioned concurrency, as a function or a service sets them. */
function checkSizing(
  sizing: { memorySize?: number; timeoutSeconds?: number; provisionedConcurrency?: ProvisionedConcurrencyProps },
  where: string,
  label: string,
): string[] {
  const problems: string[] = [];
  if (sizing.memorySize !== undefined && !inRange(sizing.memorySize, MIN_MEMORY_MB, MAX_MEMORY_MB)) {
    problems.push(`\`${where}.memorySize\` (${label}) must be a whole number of MB from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}; got ${sizing.memorySize}.`);
  }
  if (sizing.timeoutSeconds !== undefined && !inRange(sizing.timeoutSeconds, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS)) {
    problems.push(`\`${where}.timeoutSeconds\` (${label}) must be a whole number of seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}; got ${sizing.timeoutSeconds}.`);
  }
  const provisioned = sizing.provisionedConcurrency;
  if (provisioned) {
    const { minCapacity, maxCapacity, utilizationTarget } = provisioned;
    if (minCapacity !== undefined && !inRange(minCapacity, 1, Number.MAX_SAFE_INTEGER)) {
      problems.push(`\`${where}.provisionedConcurrency.minCapacity\` (${label}) must be a whole number, 1 or more; got ${minCapacity}.`);
    }
    if (maxCapacity !== undefined && !inRange(maxCapacity, Math.max(1, minCapacity ?? 1), Number.MAX_SAFE_INTEGER)) {
      problems.push(`\`${where}.provisionedConcurrency.maxCapacity\` (${label}) must be a whole number, at least minCapacity (${minCapacity ?? 1}); got ${maxCapacity}.`);
    }
    if (utilizationTarget !== undefined && !(utilizationTarget >= MIN_UTILIZATION_TARGET && utilizationTarget <= MAX_UTILIZATION_TARGET)) {
      problems.push(`\`${where}.provisionedConcurrency.utilizationTarget\` (${label}) must be from ${MIN_UTILIZATION_TARGET} to ${MAX_UTILIZATION_TARGET}; got ${utilizationTarget}.`);
    }
  }
  return problems;
}

/** Why API Gateway would reject `path`, or undefined when it would take it. */
function checkPath(path: string | undefined): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return "must start with '/'";
  }
  if (path === '/') {
    return undefined;
  }
  const segments = path.slice(1).split('/');
  const names = new Set<string>();
  for (const [index, segment] of segments.entries()) {
    if (segment === '') {
      return 'must not have empty segments or a trailing slash';
    }
    const parameter = PARAMETER_SEGMENT.exec(segment);
    if (parameter) {
      if (parameter[2] && index !== segments.length - 1) {
        return `may have a greedy parameter ('${segment}') only as its last segment`;
      }
      if (names.has(parameter[1])) {
        return `must not name path parameter '${parameter[1]}' twice`;
      }
      names.add(parameter[1]);
    } else if (!STATIC_SEGMENT.test(segment)) {
      return `has segment '${segment}': a segment is either letters, digits and . _ : - or a parameter like '{id}'`;
    }
  }
  return undefined;
}

/** Duplicate routes and sibling path parameters with different names on one API, which API Gateway rejects. */
function checkRoutes(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, string>();
  const parameterAt = new Map<string, string>();
  for (const service of services) {
    const api = apiOf(service);
    for (const { route: options, label } of routesOf(service)) {
      if (checkPath(options.path)) {
        continue;
      }
      const route = `${options.method} ${options.path}`;
      const routeKey = `${api} ${route}`;
      const owner = owners.get(routeKey);
      if (owner) {
        problems.push(`route ${route} is declared twice on ${api}: by '${owner}' and by '${label}'; a route has one integration.`);
      }
      owners.set(routeKey, label);
      const segments = options.path.split('/').slice(1);
      segments.forEach((segment, index) => {
        if (!segment.startsWith('{')) {
          return;
        }
        const parent = `/${segments.slice(0, index).join('/')}`;
        const seen = parameterAt.get(`${api} ${parent}`);
        if (seen && seen !== segment) {
          problems.push(`route ${route} ('${label}') uses '${segment}' under '${parent}' where another route uses '${seen}'; API Gateway allows one path parameter name per level.`);
        }
        parameterAt.set(`${api} ${parent}`, seen ?? segment);
      });
    }
  }
  return problems;
}

