/**
 * The HTTP response API Gateway REST answers with: the mapping of a Lambda proxy integration's result
 * (payload format 1.0), and API Gateway's own error answers (its default gateway responses).
 *
 * Every response carries an `x-amzn-RequestId` header, the request id of the event (`requestContext.requestId`).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * API Gateway's limit on a request's payload: 10 MB (10,485,760 bytes), not adjustable. A larger request is
 * answered by `requestTooLarge` and reaches no function.
 */
export const MAX_REQUEST_PAYLOAD_BYTES = 10 * 1024 * 1024;

/**
 * Lambda's limit on a synchronous invocation's payload, the proxy event as JSON: 6 MB (6,291,456 bytes).
 * A larger event is answered by `lambdaRequestTooLong`; a larger result fails the invocation (`internalServerError`).
 */
export const MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * API Gateway's integration timeout for a REST API: 29 seconds (the default, and the most without a quota
 * increase). A function that takes longer is answered by `endpointRequestTimedOut`.
 */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** An HTTP response, ready to be written by a node:http server. */
export interface HttpResponse {
  /** The status code. */
  readonly statusCode: number;
  /** The headers by name: a name with several values has an array of them, one header line each. */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** The body; empty when there is none. */
  readonly body: Buffer;
}

/** The name of the request id header of every answer. */
export const REQUEST_ID_HEADER = 'x-amzn-RequestId';

/** The name of the header that names the error of API Gateway's own answers. */
export const ERROR_TYPE_HEADER = 'x-amzn-ErrorType';

/**
 * The answer to a request from the result a Lambda proxy integration returned, as API Gateway REST makes it:
 *
 * - `statusCode` must be an integer from 100 to 599;
 * - `headers` and `multiValueHeaders` (values strings, numbers or booleans) are merged, names compared
 *   case-insensitively: a name in both has the `multiValueHeaders` values, then the `headers` value when
 *   it is not among them (the same pair in both appears once);
 * - `Content-Type` is `application/json` when the result sets none, as API Gateway does;
 * - `body` is sent as UTF-8, or base64-decoded when `isBase64Encoded` is true; a missing (or null) body is empty;
 * - a null or undefined header value is no header; fields API Gateway does not read are ignored;
 * - `x-amzn-RequestId` is set, replacing any the function set.
 *
 * Any other shape (not an object, no numeric `statusCode`, a `body` that is not a string, headers that are not
 * objects of strings, numbers and booleans) is what API Gateway calls a malformed Lambda proxy response: it
 * answers 502 `{"message": "Internal server error"}` (see `internalServerError`).
 *
 * @param result what the function returned (after JSON serialization: `undefined` fields are absent).
 * @param requestId the request's id, `requestContext.requestId` of the event.
 */
export function toHttpResponse(result: unknown, requestId: string = randomUUID()): HttpResponse {
  const proxyResult = asProxyResult(result);
  if (proxyResult === undefined) {
    return internalServerError(requestId);
  }
  const headers = mergeHeaders(proxyResult.headers ?? {}, proxyResult.multiValueHeaders ?? {});
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  const body = proxyResult.body === undefined
    ? Buffer.alloc(0)
    : Buffer.from(proxyResult.body, proxyResult.isBase64Encoded === true ? 'base64' : 'utf8');
  return { statusCode: proxyResult.statusCode, headers: withRequestId(headers, requestId), body };
}

/** Whether `result` is a proxy result API Gateway accepts; otherwise it answers 502 and logs `Malformed Lambda proxy response`. */
export function isProxyResult(result: unknown): boolean {
  return asProxyResult(result) !== undefined;
}

/** API Gateway's own error answers, by gateway response type: status code, `x-amzn-ErrorType` and body. */
export const GATEWAY_ERRORS = {
  /** MISSING_AUTHENTICATION_TOKEN: no resource or method matches the request (and no authorizer answered first). */
  missingAuthenticationToken: {
    statusCode: 403,
    errorType: 'MissingAuthenticationTokenException',
    body: '{"message":"Missing Authentication Token"}',
  },
  /** UNAUTHORIZED: the authorizer's identity source is missing or the authorizer answered `Unauthorized`. */
  unauthorized: {
    statusCode: 401,
    errorType: 'UnauthorizedException',
    body: '{"message":"Unauthorized"}',
  },
  /** ACCESS_DENIED: the authorizer's policy denies the method explicitly. */
  accessDenied: {
    statusCode: 403,
    errorType: 'AccessDeniedException',
    body: '{"message":"User is not authorized to access this resource with an explicit deny"}',
  },
  /** BAD_REQUEST_BODY: the request body fails the method's request validator. */
  invalidRequestBody: {
    statusCode: 400,
    errorType: 'BadRequestException',
    body: '{"message": "Invalid request body"}',
  },
  /** The proxy event exceeds Lambda's 6 MB invocation payload. */
  lambdaRequestTooLong: {
    statusCode: 413,
    errorType: 'BadRequestException',
    body: '{"message": "Request Too Long"}',
  },
  /** The function failed (threw, timed out on its own, ran out of memory) or returned a malformed result. */
  internalServerError: {
    statusCode: 502,
    errorType: 'InternalServerErrorException',
    body: '{"message": "Internal server error"}',
  },
  /** INTEGRATION_TIMEOUT: the function did not answer within the 29 s integration timeout. */
  endpointRequestTimedOut: {
    statusCode: 504,
    errorType: 'InternalServerErrorException',
    body: '{"message": "Endpoint request timed out"}',
  },
} as const;

/** The kinds of API Gateway error answers, the keys of `GATEWAY_ERRORS`. */
export type GatewayErrorKind = keyof typeof GATEWAY_ERRORS;

/** API Gateway's error answer of `kind`: its status, a JSON body, `x-amzn-ErrorType` and `x-amzn-RequestId`. */
export function gatewayError(kind: GatewayErrorKind, requestId: string = randomUUID()): HttpResponse {
  const { statusCode, errorType, body } = GATEWAY_ERRORS[kind];
  return {
    statusCode,
    headers: withRequestId({ 'Content-Type': 'application/json', [ERROR_TYPE_HEADER]: errorType }, requestId),
    body: Buffer.from(body, 'utf8'),
  };
}

/** 403 `{"message":"Missing Authentication Token"}`: no resource, or no method on the resource, matches the request. */
export function missingAuthenticationToken(requestId?: string): HttpResponse {
  return gatewayError('missingAuthenticationToken', requestId);
}

/** 401 `{"message":"Unauthorized"}`: the authorizer's identity source is missing, or the authorizer refused the caller. */
export function unauthorized(requestId?: string): HttpResponse {
  return gatewayError('unauthorized', requestId);
}

/** 403 `{"message":"User is not authorized to access this resource with an explicit deny"}`: the authorizer's policy denies. */
export function accessDenied(requestId?: string): HttpResponse {
  return gatewayError('accessDenied', requestId);
}

/** 400 `{"message": "Invalid request body"}`: the body fails the method's request validator. */
export function invalidRequestBody(requestId?: string): HttpResponse {
  return gatewayError('invalidRequestBody', requestId);
}

/** 413 `{"message": "Request Too Long"}`: the proxy event is over Lambda's 6 MB payload (`MAX_LAMBDA_PAYLOAD_BYTES`). */
export function lambdaRequestTooLong(requestId?: string): HttpResponse {
  return gatewayError('lambdaRequestTooLong', requestId);
}

/** 502 `{"message": "Internal server error"}`: the function failed or returned a malformed result. */
export function internalServerError(requestId?: string): HttpResponse {
  return gatewayError('internalServerError', requestId);
}

/** 504 `{"message": "Endpoint request timed out"}`: the function took longer than `INTEGRATION_TIMEOUT_MS`. */
export function endpointRequestTimedOut(requestId?: string): HttpResponse {
  return gatewayError('endpointRequestTimedOut', requestId);
}

/**
 * 413 for a request over API Gateway's 10 MB payload limit (`MAX_REQUEST_PAYLOAD_BYTES`). API Gateway refuses
 * it before any gateway response applies, in plain text and without an `x-amzn-ErrorType`:
 * `HTTP content length exceeded 10485760 bytes.` (with `Content-Type: text; charset=utf-8`, as it sends it).
 */
export function requestTooLarge(requestId: string = randomUUID()): HttpResponse {
  return {
    statusCode: 413,
    headers: withRequestId({ 'Content-Type': 'text; charset=utf-8' }, requestId),
    body: Buffer.from(`HTTP content length exceeded ${MAX_REQUEST_PAYLOAD_BYTES} bytes.`, 'utf8'),
  };
}

type HeaderValue = string | number | boolean;

/** `result` as a well-formed proxy result, or undefined when API Gateway would find it malformed. */
function asProxyResult(result: unknown): (Omit<APIGatewayProxyResult, 'body'> & { body?: string }) | undefined {
  if (!isRecord(result)) return undefined;
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  const singleHeaders = headerMap(headers, isHeaderValue);
  const multiHeaders = headerMap(multiValueHeaders, (value): value is HeaderValue[] => Array.isArray(value) && value.every(isHeaderValue));
  if (singleHeaders === undefined || multiHeaders === undefined) return undefined;
  return {
    statusCode,
    headers: singleHeaders,
    multiValueHeaders: multiHeaders,
    body: body ?? undefined,
    isBase64Encoded: isBase64Encoded === true,
  };
}

/** `value` as a header map whose values pass `isValue` (null and undefined values dropped), {} when absent, undefined when malformed. */
function headerMap<T>(value: unknown, isValue: (item: unknown) => item is T): Record<string, T> | undefined {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return undefined;
  const map: Record<string, T> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    if (!isValue(item)) return undefined;
    map[name] = item;
  }
  return map;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHeaderValue(value: unknown): value is HeaderValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** `headers` and `multiValueHeaders` merged as API Gateway does; the first spelling of a name is kept. */
function mergeHeaders(
  headers: Readonly<Record<string, HeaderValue>>,
  multiValueHeaders: Readonly<Record<string, readonly HeaderValue[]>>,
): Record<string, string | string[]> {
  const merged = new Map<string, { name: string; values: string[] }>();
  const entry = (name: string) => {
    const key = name.toLowerCase();
    const found = merged.get(key) ?? { name, values: [] };
    merged.set(key, found);
    return found;
  };
  for (const [name, values] of Object.entries(multiValueHeaders)) {
    entry(name).values.push(...values.map(String));
  }
  for (const [name, value] of Object.entries(headers)) {
    const { values } = entry(name);
    if (!values.includes(String(value))) values.push(String(value));
  }
  const result: Record<string, string | string[]> = {};
  for (const { name, values } of merged.values()) {
    if (values.length > 0) result[name] = values.length === 1 ? values[0] : values;
  }
  return result;
}

/** `headers` with `x-amzn-RequestId: requestId`, replacing any header of that name. */
function withRequestId(headers: Readonly<Record<string, string | readonly string[]>>, requestId: string): Record<string, string | readonly string[]> {
  const result: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== REQUEST_ID_HEADER.toLowerCase()) result[name] = value;
  }
  result[REQUEST_ID_HEADER] = requestId;
  return result;
}
