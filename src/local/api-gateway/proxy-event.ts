/**
 * The event API Gateway's Lambda proxy integration (REST API, payload format 1.0) sends a function,
 * built from a local HTTP request.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteDefinition } from './routes';
import { LOCAL_ACCOUNT } from '../local-app';

/** The API id every local event names. */
export const LOCAL_API_ID = 'local';

/**
 * A request as a node:http server receives it.
 *
 * To keep repeated headers apart as API Gateway does (`multiValueHeaders`), build `headers` from
 * `IncomingMessage.rawHeaders`, which also keeps the client's spelling of the names; node's
 * `IncomingMessage.headers` lowercases names and joins most repeated headers with `, `.
 */
export interface LocalHttpRequest {
  /** The request method, as sent. */
  readonly method: string;
  /** The request target: the path, percent-encoded as sent, and the query string (`/items/1?expand=true`). */
  readonly url: string;
  /** The headers by name; a name sent more than once has an array of its values, in order. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The request body; empty when there is none. */
  readonly body: Buffer;
  /**
   * How many bytes of body were sent, when more than `body` holds (a body over API Gateway's 10 MB is counted, not kept).
   * @default - the length of `body`
   */
  readonly bodyBytes?: number;
  /** The client's IP address. */
  readonly sourceIp: string;
}

/** The route a request reached: what `matchRoute` answers when it matches. */
export interface MatchedRoute {
  /** The route: its resource path is the event's `resource`. */
  readonly route: RouteDefinition;
  /** The path parameters by name, URL-decoded; empty when the resource has none. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** What the event says of the API, the stage and the caller beyond the request itself. */
export interface ProxyEventOptions {
  /** The stage name: `requestContext.stage`, and the first segment of `requestContext.path`. */
  readonly stage: string;
  /**
   * The API's binary media types (`image/png`, `image/*`, `*\/*`): a body whose `Content-Type` is one of
   * them is passed base64-encoded, with `isBase64Encoded: true`. Matched case-insensitively, without parameters.
   * @default - none: only a body that is not valid UTF-8 is base64-encoded
   */
  readonly binaryMediaTypes?: readonly string[];
  /**
   * The authorizer's output, as `requestContext.authorizer`: for a Lambda authorizer, see `lambdaAuthorizerContext`;
   * for a Cognito user pool authorizer, `{ claims: { … } }`.
   * @default - no `authorizer` in the request context
   */
  readonly authorizer?: Readonly<Record<string, unknown>>;
  /**
   * The request id, `requestContext.requestId`: the same as the response's `x-amzn-RequestId`.
   * @default - a random UUID
   */
  readonly requestId?: string;
  /**
   * When the request was received: `requestContext.requestTimeEpoch` and `requestTime`.
   * @default - now
   */
  readonly requestTime?: Date;
  /**
   * The protocol of the request, `requestContext.protocol`.
   * @default 'HTTP/1.1'
   */
  readonly protocol?: string;
}

/**
 * The Lambda proxy integration event of `request`, which reached `route`, as API Gateway REST sends it:
 *
 * - `path` is the request's path as sent (percent-encoded, trailing slash kept), `resource` the route's resource
 *   path, `httpMethod` the request's method (never `ANY`);
 * - `headers` has the last value of each header, `multiValueHeaders` all of them, names as given;
 * - `queryStringParameters` has the last value of each key, `multiValueQueryStringParameters` all of them, in
 *   order; both decoded (`%20` and `+` are spaces) and null when the request has no query parameter;
 * - `pathParameters` is null when the resource has none, `stageVariables` is null;
 * - `body` is null when empty; base64 with `isBase64Encoded: true` when the `Content-Type` is one of the
 *   API's binary media types or the body is not valid UTF-8 (which API Gateway would mangle); else the UTF-8 text;
 * - `requestContext` names the account `000000000000` and the API `local`, the stage, a request id,
 *   the time, the caller's IP and user agent, `path` as `/<stage><path>`, and the authorizer's output when given.
 *
 * Not emulated: the headers API Gateway adds (`X-Forwarded-For`, `X-Forwarded-Port`, `X-Forwarded-Proto`,
 * `X-Amzn-Trace-Id`, `CloudFront-*`), stage variables, API keys and IAM caller identities.
 */
export function buildProxyEvent(request: LocalHttpRequest, route: MatchedRoute, options: ProxyEventOptions): APIGatewayProxyEvent {
  const queryIndex = request.url.indexOf('?');
  const path = queryIndex === -1 ? request.url : request.url.slice(0, queryIndex);
  const query = queryIndex === -1 ? '' : request.url.slice(queryIndex + 1);
  const { headers, multiValueHeaders } = eventHeaders(request.headers);
  const { queryStringParameters, multiValueQueryStringParameters } = eventQueryString(query);
  const pathParameters = Object.keys(route.pathParameters).length > 0 ? { ...route.pathParameters } : null;
  const { body, isBase64Encoded } = eventBody(request.body, headerValue(headers, 'content-type'), options.binaryMediaTypes ?? []);
  const time = options.requestTime ?? new Date();
  const host = headerValue(headers, 'host')?.replace(/:\d+$/, '') ?? 'localhost';
  const resourcePath = route.route.resourcePath;
  const httpMethod = request.method.toUpperCase();

  const requestContext: APIGatewayProxyEvent['requestContext'] = {
    accountId: LOCAL_ACCOUNT,
    apiId: LOCAL_API_ID,
    authorizer: options.authorizer === undefined ? undefined : { ...options.authorizer },
    domainName: host,
    domainPrefix: host.split('.')[0],
    extendedRequestId: randomBytes(12).toString('base64'),
    httpMethod,
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: request.sourceIp,
      user: null,
      userAgent: headerValue(headers, 'user-agent') ?? null,
      userArn: null,
    },
    path: `/${options.stage}${path}`,
    protocol: options.protocol ?? 'HTTP/1.1',
    requestId: options.requestId ?? randomUUID(),
    requestTime: formatRequestTime(time),
    requestTimeEpoch: time.getTime(),
    resourceId: resourceId(resourcePath),
    resourcePath,
    stage: options.stage,
  };
  if (requestContext.authorizer === undefined) {
    delete requestContext.authorizer;
  }

  return {
    resource: resourcePath,
    path,
    httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters,
    stageVariables: null,
    requestContext,
    body,
    isBase64Encoded,
  };
}

/**
 * A Lambda authorizer's output as API Gateway passes it on in `requestContext.authorizer`: the principal id,
 * the context's values turned into strings (numbers and booleans alike; null stays null), and the
 * authorizer's latency in milliseconds.
 */
export function lambdaAuthorizerContext(
  principalId: string,
  context: Readonly<Record<string, string | number | boolean | null | undefined>> = {},
  integrationLatency = 0,
): Record<string, string | number | null> {
  const values: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value !== undefined) values[key] = value === null ? null : String(value);
  }
  return { ...values, principalId, integrationLatency };
}

/** Whether `contentType` (a `Content-Type` header value) is one of `binaryMediaTypes`, wildcards (`image/*`, `*\/*`) included. */
export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase() ?? '';
  const [type] = mediaType.split('/', 1);
  return binaryMediaTypes.some((binary) => {
    const pattern = binary.trim().toLowerCase();
    if (pattern === '*/*') return true;
    if (mediaType === '') return false;
    return pattern === mediaType || pattern === `${type}/*`;
  });
}

function eventHeaders(requestHeaders: LocalHttpRequest['headers']): Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(requestHeaders)) {
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : [...value];
    if (values.length === 0) continue;
    headers[name] = values[values.length - 1];
    multiValueHeaders[name] = values;
  }
  return { headers, multiValueHeaders };
}

function eventQueryString(query: string): Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'> {
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    queryStringParameters[key] = value;
    (multiValueQueryStringParameters[key] ??= []).push(value);
  }
  return Object.keys(queryStringParameters).length === 0
    ? { queryStringParameters: null, multiValueQueryStringParameters: null }
    : { queryStringParameters, multiValueQueryStringParameters };
}

function eventBody(
  body: Buffer,
  contentType: string | undefined,
  binaryMediaTypes: readonly string[],
): Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'> {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  if (isBinaryMediaType(contentType, binaryMediaTypes) || !isUtf8(body)) {
    return { body: body.toString('base64'), isBase64Encoded: true };
  }
  return { body: body.toString('utf8'), isBase64Encoded: false };
}

/** The value of header `name` in `headers`, whatever the case of its name. */
function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `time` as API Gateway writes `requestTime`, in UTC: `09/Apr/2015:12:34:56 +0000`. */
function formatRequestTime(time: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${two(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}`;
  return `${date}:${two(time.getUTCHours())}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())} +0000`;
}

/** A stable id for the resource at `resourcePath`, shaped like API Gateway's (six lowercase letters and digits). */
function resourceId(resourcePath: string): string {
  return createHash('sha256').update(resourcePath).digest('hex').slice(0, 6);
}
