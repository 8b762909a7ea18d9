import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { logger } from './logger';
import { observed } from './observability';

/** A failure that has an HTTP status of its own: it is answered, not thrown to Lambda. */
export class HttpError extends Error {
  constructor(public readonly statusCode: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The request is malformed: answered with 400 and the message. */
export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message);
    this.name = 'BadRequestError';
  }
}

/** The resource does not exist: answered with 404 and the message. */
export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, message);
    this.name = 'NotFoundError';
  }
}

/** A JSON response. */
export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** The request body parsed as a JSON object, or a `BadRequestError` that says why not. */
export function parseJsonObject(event: APIGatewayProxyEvent): Record<string, unknown> {
  if (!event.body) {
    throw new BadRequestError('request body is required');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError('request body must be valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError('request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** A path parameter of the route, or a `BadRequestError` naming it. */
export function pathParameter(event: APIGatewayProxyEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) {
    throw new BadRequestError(`path parameter '${name}' is required`);
  }
  return value;
}

/**
 * The CORS headers of the answer to `event`. A Lambda proxy integration answers CORS itself:
 * API Gateway adds nothing to the function's response. The stack sets the allowed origins
 * (`CORS_ALLOW_ORIGINS`, comma-separated, from `api.cors`); an origin not among them gets no
 * header, and the browser keeps the response from the page.
 */
export function corsHeaders(event: Pick<APIGatewayProxyEvent, 'headers'>): Record<string, string> {
  const allowed = (process.env.CORS_ALLOW_ORIGINS ?? '').split(',').filter((origin) => origin !== '');
  if (allowed.includes('*')) {
    return { 'access-control-allow-origin': '*' };
  }
  const origin = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'origin')?.[1];
  if (!origin || !allowed.includes(origin)) {
    return allowed.length > 0 ? { vary: 'Origin' } : {};
  }
  return {
    'access-control-allow-origin': origin,
    'vary': 'Origin',
    ...(process.env.CORS_ALLOW_CREDENTIALS === 'true' ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type HandleRequest = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * The Lambda adapter of an API route: runs `handle`, answers `HttpError`s with their status
 * and message, logs anything else and answers 500 without leaking its details; every answer
 * carries the CORS headers; traced and measured by `observed`.
 */
export function apiHandler(handle: HandleRequest): ApiHandler {
  return observed(async (event, context) => {
    logger.addContext(context);
    const response = await answer(event, handle);
    return { ...response, headers: { ...response.headers, ...corsHeaders(event) } };
  });
}

/** What `handle` answers, or the answer to the error it throws. */
async function answer(event: APIGatewayProxyEvent, handle: HandleRequest): Promise<APIGatewayProxyResult> {
  try {
    return await handle(event);
  } catch (error) {
    if (error instanceof HttpError) {
      logger.info('request rejected', { statusCode: error.statusCode, reason: error.message });
      return json(error.statusCode, { message: error.message });
    }
    logger.error('request failed', error as Error);
    return json(500, { message: 'internal error' });
  }
}
