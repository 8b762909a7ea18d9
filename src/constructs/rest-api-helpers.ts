import { Duration, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { AuthorizerType, RestApiAuthorizerProps, RestApiCacheProps, RestApiCorsProps } from './rest-api-options';

/** The cache cluster sizes API Gateway offers, in GB. */
export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
/** The longest TTL of API Gateway's response cache and of its authorizer cache. */
export const MAX_CACHE_TTL_SECONDS = 3600;

/** A header name as RFC 9110 spells a token. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** `props.cache` checked, with its defaults. */
export interface CacheSettings {
  readonly clusterSize: string;
  readonly defaultTtl: Duration;
}

/** The cache cluster and its defaults; fails on a size API Gateway does not offer or a TTL out of range. */
export function cacheSettings(where: string, cache: RestApiCacheProps): CacheSettings {
  const clusterSize = cache.clusterSize ?? '0.5';
  if (!Token.isUnresolved(clusterSize) && !CACHE_CLUSTER_SIZES.includes(clusterSize)) {
    throw new Error(`${where}: \`cache.clusterSize\` must be one of ${CACHE_CLUSTER_SIZES.map((size) => `'${size}'`).join(', ')} (GB); got '${clusterSize}'.`);
  }
  const defaultTtl = cache.defaultTtl ?? Duration.minutes(5);
  checkTtl(where, '`cache.defaultTtl`', defaultTtl);
  return { clusterSize, defaultTtl };
}

/** Fails when a literal `ttl` is outside 0-3600 s. */
export function checkTtl(where: string, what: string, ttl: Duration): void {
  const seconds = ttl.toSeconds();
  if (!Token.isUnresolved(seconds) && (seconds < 0 || seconds > MAX_CACHE_TTL_SECONDS)) {
    throw new Error(`${where}: ${what} must be 0-${MAX_CACHE_TTL_SECONDS} s; got ${seconds} s.`);
  }
}

/** The header names of `authorizer.identitySource`: one for a TOKEN authorizer, one or more for a REQUEST one. */
export function identityHeaders(where: string, authorizer: RestApiAuthorizerProps): string[] {
  const source = authorizer.identitySource ?? 'Authorization';
  const headers = source.split(',').map((header) => header.trim());
  if (headers.some((header) => !HEADER_NAME.test(header) || header.startsWith('method.request.'))) {
    throw new Error(`${where}: \`authorizer.identitySource\` must be header names, e.g. 'Authorization', not mapping expressions; got '${source}'.`);
  }
  const type = authorizer.type ?? AuthorizerType.TOKEN;
  if (type === AuthorizerType.TOKEN && headers.length > 1) {
    throw new Error(`${where}: \`authorizer.identitySource\` of a TOKEN authorizer must be one header; got '${source}'. Use \`type: AuthorizerType.REQUEST\` for several.`);
  }
  return headers;
}

/**
 * The CORS preflight options, or undefined when CORS is off. Fails on what browsers refuse:
 * credentials with origin `*`.
 */
export function corsPreflightOptions(
  where: string,
  cors: RestApiCorsProps | undefined,
  identityHeaderNames: string[],
): apigateway.CorsOptions | undefined {
  const { enabled, ...settings } = cors ?? {};
  if (enabled === false) {
    const set = Object.entries(settings).filter(([, value]) => value !== undefined).map(([key]) => `\`cors.${key}\``);
    if (set.length > 0) {
      throw new Error(`${where}: \`cors.enabled\` is false, so ${set.join(', ')} would have no effect; remove them or enable CORS.`);
    }
    return undefined;
  }
  const allowOrigins = settings.allowOrigins ?? apigateway.Cors.ALL_ORIGINS;
  if (allowOrigins.length === 0 || (allowOrigins.includes('*') && allowOrigins.length > 1)) {
    throw new Error(`${where}: \`cors.allowOrigins\` must be ['*'] or a list of origins without '*'; got [${allowOrigins.map((o) => `'${o}'`).join(', ')}].`);
  }
  if (settings.allowCredentials && allowOrigins.includes('*')) {
    throw new Error(`${where}: \`cors.allowCredentials\` true needs explicit \`cors.allowOrigins\`: browsers refuse credentials with origin '*'; got ['*']. List the origins, e.g. ['https://app.example.com'].`);
  }
  const defaultHeaders = apigateway.Cors.DEFAULT_HEADERS;
  const extraHeaders = identityHeaderNames.filter((name) => !defaultHeaders.some((header) => header.toLowerCase() === name.toLowerCase()));
  return {
    allowOrigins,
    allowMethods: settings.allowMethods ?? apigateway.Cors.ALL_METHODS,
    allowHeaders: settings.allowHeaders ?? [...defaultHeaders, ...extraHeaders],
    allowCredentials: settings.allowCredentials ?? false,
  };
}

/**
 * The gateway responses (API Gateway's own errors) that carry the CORS headers: the defaults of
 * every 4XX and 5XX, and, spelt out, those a browser app meets most: the authorizer's 401 and 403,
 * and the request validator's 400s.
 */
export const CORS_ERROR_RESPONSES: readonly apigateway.ResponseType[] = [
  apigateway.ResponseType.DEFAULT_4XX,
  apigateway.ResponseType.DEFAULT_5XX,
  apigateway.ResponseType.UNAUTHORIZED,
  apigateway.ResponseType.ACCESS_DENIED,
  apigateway.ResponseType.BAD_REQUEST_BODY,
  apigateway.ResponseType.BAD_REQUEST_PARAMETERS,
];

/**
 * The CORS headers of a gateway response, as its response parameters take them (a literal in
 * single quotes, or a request header). One origin, or `*`, is a literal. Several named origins
 * cannot be chosen from in a gateway response (no condition there), so it echoes the request's
 * `Origin` (with `Vary: Origin`) and never allows credentials: the bodies are API Gateway's
 * generic messages, and no site outside the list gets a credentialed answer.
 */
export function corsErrorHeaders(cors: apigateway.CorsOptions): Record<string, string> {
  const origins = cors.allowOrigins;
  if (origins.length > 1) {
    return { 'Access-Control-Allow-Origin': 'method.request.header.Origin', 'Vary': "'Origin'" };
  }
  return {
    'Access-Control-Allow-Origin': `'${origins[0]}'`,
    ...(cors.allowCredentials && { 'Access-Control-Allow-Credentials': "'true'" }),
  };
}

/** `/items/{id}` → `{ 'method.request.path.id': true }`: the parameters the validator requires. */
export function pathParameters(path: string): Record<string, boolean> {
  return Object.fromEntries([...path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map(([, name]) => [`method.request.path.${name}`, true]));
}

/** `{ page: false }` → `{ 'method.request.querystring.page': false }`. */
export function queryParameters(parameters: { [name: string]: boolean } = {}): Record<string, boolean> {
  return Object.fromEntries(Object.entries(parameters).map(([name, required]) => [`method.request.querystring.${name}`, required]));
}

/** `POST`, `/items/{id}/reviews` → `PostItemsByIdReviews`: alphanumeric, as API Gateway's model names must be. */
export function routeName(method: string, path: string): string {
  const words = path.split('/').filter((segment) => segment !== '').map((segment) => {
    const parameter = /^\{(.+?)\+?\}$/.exec(segment);
    return parameter ? `By${pascalCase(parameter[1])}` : pascalCase(segment);
  });
  return pascalCase(method.toLowerCase()) + (words.join('') || 'Root');
}

/** A resource path as a stage's `MethodSettings` write it: `/items/{id}` → `/~1items~1{id}`, the root `/`. */
export function methodSettingsPath(path: string): string {
  return path === '/' ? '/' : `/${path.replace(/\//g, '~1')}`;
}

function pascalCase(text: string): string {
  return text.split(/[^A-Za-z0-9]+/).filter((word) => word !== '').map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}
