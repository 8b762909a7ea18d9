/** The REST API's options, its routes' paths and features, and what API Gateway would reject across routes. */
import * as fs from 'node:fs';
import { join, resolve } from 'node:path';
import { inRange, PROJECT_FILE } from './checks';
import { bodySchemaProblems } from '../../body-schema';
import { CACHE_CLUSTER_SIZES } from '../../constructs/rest-api-helpers';
import { HttpMethod, RestApiOptions, RouteOptions, ServiceOptions } from '../options';

const STATIC_SEGMENT = /^[A-Za-z0-9._:-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const QUERY_PARAMETER = /^[A-Za-z0-9_.~-]+$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Methods whose requests carry no body to validate. */
const BODYLESS_METHODS: string[] = [HttpMethod.GET, HttpMethod.DELETE];

/** The routes of the service at `at` (`services[0]`): its functions' and queues', each with its option path and whose it is. */
export function routesOf(service: ServiceOptions, at: string): Array<{ route: RouteOptions; where: string; label: string }> {
  return [
    ...(service.functions ?? []).map((fn, index) => ({ fn, index })).filter(({ fn }) => fn.route).map(({ fn, index }) => ({
      route: fn.route!,
      where: `${at}.functions[${index}].route`,
      label: `${service.name}/${fn.name}`,
    })),
    ...(service.queues ?? []).map((queue, index) => ({ queue, index })).filter(({ queue }) => queue.route).map(({ queue, index }) => ({
      route: { ...queue.route, method: queue.route.method ?? HttpMethod.POST },
      where: `${at}.queues[${index}].route`,
      label: `${service.name}/${queue.name} (queue)`,
    })),
  ];
}

/** Which REST API a service's routes are on: the shared one, or its own. */
function apiOf(service: ServiceOptions): string {
  return service.ownApi ? `the own API of service '${service.name}'` : 'the shared API';
}

/** Each REST API gets the authorizer: one that guards none of its routes fails the synth. */
export function checkAuthorizerUse(services: ServiceOptions[]): string[] {
  const guards = new Map<string, boolean>();
  for (const [index, service] of services.entries()) {
    for (const { route } of routesOf(service, `services[${index}]`)) {
      guards.set(apiOf(service), (guards.get(apiOf(service)) ?? false) || route.authorize !== false);
    }
  }
  if (guards.size === 0) {
    return ['`api.authorizer` is set but there is no route to guard; remove it, or add routes.'];
  }
  return [...guards.entries()].filter(([, guarded]) => !guarded).map(([api]) =>
    `\`api.authorizer\` guards no route of ${api}: each of its routes says \`authorize: false\`. Let one use it, or make those routes part of an API with no authorizer.`);
}

export function checkApi(api: RestApiOptions | undefined): string[] {
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
  const { enabled: corsEnabled, ...corsFields } = cors ?? {};
  if (corsEnabled === false && Object.values(corsFields).some((value) => value !== undefined)) {
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

/** The folder of the project being synthesized, as projen resolves it. */
export function projectDirOf(options: { readonly outdir?: string }): string {
  return resolve(options.outdir ?? process.cwd());
}

/** Where a route is, whose it is, and what its checks read beyond it: the app's `api` options and the project's folder. */
export interface RouteContext {
  readonly where: string;
  readonly label: string;
  readonly api?: RestApiOptions;
  /** The project's folder, where a `bodySchemaFile` is read. */
  readonly projectDir: string;
}

export function checkRouteFeatures(route: RouteOptions, context: RouteContext): string[] {
  const { where, label, api } = context;
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
  problems.push(...schemaProblems(route, context));
  return problems;
}

/** A route's body schema: given one way, on a method with a body, and one API Gateway and ajv take. */
function schemaProblems(route: RouteOptions, context: RouteContext): string[] {
  const { where, label } = context;
  const problems: string[] = [];
  const hasSchema = route.bodySchema !== undefined || route.bodySchemaFile !== undefined;
  if (route.bodySchema !== undefined && route.bodySchemaFile !== undefined) {
    problems.push(`\`${where}.bodySchema\` and \`${where}.bodySchemaFile\` ('${label}') are both set; give the schema one way.`);
  }
  if (hasSchema && BODYLESS_METHODS.includes(route.method)) {
    const methods = Object.values(HttpMethod).filter((method) => !BODYLESS_METHODS.includes(method));
    problems.push(`\`${where}.bodySchema\` ('${label}') is set on a ${route.method} route, whose requests have no body; schemas go on ${methods.join(', ')}.`);
  }
  if (route.bodySchema !== undefined && (typeof route.bodySchema !== 'object' || route.bodySchema === null || Array.isArray(route.bodySchema))) {
    problems.push(`\`${where}.bodySchema\` ('${label}') must be a JSON schema object; got ${JSON.stringify(route.bodySchema)}.`);
  }
  if (route.bodySchemaFile !== undefined && !(PROJECT_FILE.test(route.bodySchemaFile) && route.bodySchemaFile.endsWith('.json'))) {
    problems.push(`\`${where}.bodySchemaFile\` ('${label}') must be a relative path in the project ending in .json; got '${route.bodySchemaFile}'.`);
  }
  if (problems.length > 0) {
    return problems;
  }
  if (route.bodySchemaFile !== undefined) {
    return schemaFileProblems(route.bodySchemaFile, context);
  }
  return route.bodySchema === undefined ? [] : bodySchemaProblems(route.bodySchema)
    .map((problem) => `\`${where}.bodySchema\` ('${label}') is no draft-04 JSON schema (API Gateway's models): ${problem}.`);
}

/** What is wrong with the schema in a route's `bodySchemaFile`; nothing when the file is not there yet (it starts as the example schema). */
function schemaFileProblems(file: string, { where, label, projectDir }: RouteContext): string[] {
  let text: string;
  try {
    text = fs.readFileSync(join(projectDir, file), 'utf8');
  } catch {
    return [];
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    return [`\`${where}.bodySchemaFile\` ('${label}'): ${file} is not JSON: ${(error as Error).message}.`];
  }
  return bodySchemaProblems(schema).map((problem) => `\`${where}.bodySchemaFile\` ('${label}'): ${file} is no draft-04 JSON schema (API Gateway's models): ${problem}.`);
}

/** Why API Gateway would reject `path`, or undefined when it would take it. */
export function checkPath(path: string | undefined): string | undefined {
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
export function checkRoutes(services: ServiceOptions[]): string[] {
  const problems: string[] = [];
  const owners = new Map<string, { readonly where: string; readonly label: string }>();
  const parameterAt = new Map<string, { readonly segment: string; readonly where: string }>();
  for (const [serviceIndex, service] of services.entries()) {
    const api = apiOf(service);
    for (const { route: options, where, label } of routesOf(service, `services[${serviceIndex}]`)) {
      if (checkPath(options.path)) {
        continue;
      }
      const route = `${options.method} ${options.path}`;
      const routeKey = `${api} ${route}`;
      const owner = owners.get(routeKey);
      if (owner) {
        problems.push(`\`${where}\` ('${label}'): route ${route} is declared twice on ${api}, by '${owner.label}' (\`${owner.where}\`) too; a route has one integration.`);
      }
      owners.set(routeKey, owner ?? { where, label });
      const segments = options.path.split('/').slice(1);
      segments.forEach((segment, index) => {
        if (!segment.startsWith('{')) {
          return;
        }
        const parent = `/${segments.slice(0, index).join('/')}`;
        const seen = parameterAt.get(`${api} ${parent}`);
        if (seen && seen.segment !== segment) {
          problems.push(`\`${where}.path\` ('${label}'): route ${route} uses '${segment}' under '${parent}' where \`${seen.where}\` uses '${seen.segment}'; API Gateway allows one path parameter name per level.`);
        }
        parameterAt.set(`${api} ${parent}`, seen ?? { segment, where: `${where}.path` });
      });
    }
  }
  return problems;
}
