import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { BodyValidator, createBodyValidator } from '../body-schema';
import { AuthorizerCache, AuthorizerDecision, decide, identityOf, methodArn, requestEvent, tokenEvent } from './api-gateway/authorizer';
import { withGatewayResponse } from './api-gateway/gateway-responses';
import { buildProxyEvent, lambdaAuthorizerContext, LocalHttpRequest } from './api-gateway/proxy-event';
import {
  accessDenied, endpointRequestTimedOut, ERROR_TYPE_HEADER, HttpResponse, INTEGRATION_TIMEOUT_MS, internalServerError, invalidRequestBody,
  isProxyResult, lambdaRequestTooLong, MAX_LAMBDA_PAYLOAD_BYTES, MAX_REQUEST_PAYLOAD_BYTES, missingAuthenticationToken, REQUEST_ID_HEADER,
  requestTooLarge, toHttpResponse, unauthorized,
} from './api-gateway/proxy-result';
import { queueRoute, refusesContentType, unsupportedMediaType } from './api-gateway/queue-route';
import {
  clientErrorAnswer, headersTooLarge, MAX_REQUEST_LINE_AND_HEADERS_BYTES, MAX_URL_CHARACTERS, PARSER_MAX_HEADER_BYTES, readBody,
  requestLineAndHeadersBytes, uriTooLong,
} from './api-gateway/request-intake';
import { createRouteTable, matchRoute, RouteTable } from './api-gateway/routes';
import { LOCAL_ACCOUNT, LOCAL_REGION, LocalRestApi, LocalRoute } from './local-app';

/** What a function invocation gave: its result, or its error as Lambda reports it. */
export type InvocationOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly timedOut: boolean };

/** How the API reaches what its routes integrate with. */
export interface RestApiIntegrations {
  /** Invokes a function synchronously, as a proxy integration and an authorizer do. */
  invoke(functionLogicalId: string, event: unknown, requestId: string): Promise<InvocationOutcome>;
  /** Sends a message to a queue (an API → SQS route); resolves to its message id. */
  sendMessage?(queueLogicalId: string, body: string): Promise<string>;
}

/** One request the API answered: what the console log shows. */
export interface RequestLog {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly statusCode: number;
  readonly durationMs: number;
  /** Why API Gateway answered itself, when it did: `Missing Authentication Token`, `Unauthorized`... */
  readonly gatewayError?: string;
  /** What API Gateway's execution log would say of it: `Malformed Lambda proxy response`, a limit passed... */
  readonly note?: string;
}

/** An answer, with what the log should say of it. */
type Answer = HttpResponse & { readonly note?: string };

/** An error API Gateway answers itself, with the type of the gateway response that applies to it. */
type GatewayError = Answer & { readonly gatewayResponse: string };

function gatewayError(gatewayResponse: string, response: Answer): GatewayError {
  return { ...response, gatewayResponse };
}

/** Malformed proxy results, in the words of API Gateway's execution log. */
const MALFORMED_PROXY_RESPONSE = 'Execution failed due to configuration error: Malformed Lambda proxy response';

/** Options of a `LocalRestApiServer`. */
export interface LocalRestApiServerOptions {
  /** Receives each answered request. */
  readonly log?: (entry: RequestLog) => void;
  /** The API id in method ARNs and events. @default 'local' */
  readonly apiId?: string;
  /** How long API Gateway waits for a function. @default 29000 (API Gateway's integration timeout) */
  readonly integrationTimeoutMs?: number;
}

/**
 * A REST API of the app on a local port, answering as API Gateway would: routes matched with
 * its precedence, the stage in the path (`/prod/items`), CORS preflights from the API's mock
 * integrations, the Lambda authorizer with its cache, required query parameters and body models
 * validated before the function runs, proxy events in and proxy results out, and API Gateway's
 * own answers (403, 401, 400, 413, 502, 504) with their bodies. The integration timeout is 29 s.
 */
export class LocalRestApiServer {
  private readonly routes: RouteTable<LocalRoute>;
  private readonly validators = new Map<LocalRoute, BodyValidator>();
  private readonly cache?: AuthorizerCache;
  private readonly server: http.Server;
  private accepting = true;
  private requestsInFlight = 0;

  constructor(
    public readonly api: LocalRestApi,
    private readonly integrations: RestApiIntegrations,
    private readonly options: LocalRestApiServerOptions = {},
  ) {
    this.routes = createRouteTable(api.routes);
    for (const route of api.routes) {
      if (route.bodySchema) {
        this.validators.set(route, createBodyValidator(route.bodySchema));
      }
    }
    this.cache = api.authorizer && new AuthorizerCache(api.authorizer.resultsCacheTtlSeconds);
    this.server = http.createServer({ maxHeaderSize: PARSER_MAX_HEADER_BYTES }, (req, res) => {
      void this.serve(req, res);
    });
    this.server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => this.refuse(error, socket));
  }

  /** Starts listening; resolves to the base URL, the stage included: `http://127.0.0.1:3000/prod/`. */
  public async listen(port: number = 0, host: string = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return this.url!;
  }

  /** The base URL, once listening. */
  public get url(): string | undefined {
    const address = this.server.address() as AddressInfo | null;
    return address ? `http://${address.address}:${address.port}/${this.api.stageName}/` : undefined;
  }

  /** How many requests are being answered. */
  public get inFlight(): number {
    return this.requestsInFlight;
  }

  /**
   * Refuses new requests from now on, as a stage that is going away: 503 `{"message":"Service Unavailable"}`, and
   * the connection closed; the requests already accepted go on.
   */
  public stopAccepting(): void {
    this.accepting = false;
    this.server.closeIdleConnections();
  }

  /** Stops listening and closes every connection: requests still waiting for a function get no answer. */
  public async close(): Promise<void> {
    this.accepting = false;
    if (!this.server.listening) {
      return;
    }
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /**
   * The answer to one request, as API Gateway gives it; also usable without the HTTP server. API Gateway's
   * own errors carry what the API's gateway responses set (the CORS headers, say).
   */
  public async handle(request: LocalHttpRequest): Promise<Answer> {
    const answer = await this.respond(request);
    if (!('gatewayResponse' in answer)) {
      return answer;
    }
    const { gatewayResponse, ...response } = answer;
    // the note goes along: withGatewayResponse keeps the response's other fields
    return withGatewayResponse(response, gatewayResponse, this.api.gatewayResponses, request.headers);
  }

  private async respond(request: LocalHttpRequest): Promise<Answer | GatewayError> {
    const requestId = randomUUID();
    const [rawPath, query = ''] = splitUrl(request.url);
    const stagePrefix = `/${this.api.stageName}`;
    if (rawPath !== stagePrefix && !rawPath.startsWith(`${stagePrefix}/`)) {
      // a path outside the stage reaches no deployment: API Gateway answers 403 Forbidden
      return jsonAnswer(403, '{"message":"Forbidden"}', requestId, 'ForbiddenException');
    }
    if ((request.bodyBytes ?? request.body.length) > MAX_REQUEST_PAYLOAD_BYTES) {
      return requestTooLarge(requestId);
    }
    const path = rawPath.slice(stagePrefix.length) || '/';
    const match = matchRoute(this.routes, request.method, path);
    if (!match.matched) {
      return gatewayError('MISSING_AUTHENTICATION_TOKEN', missingAuthenticationToken(requestId));
    }
    const route = match.route;
    const url = query ? `${path}?${query}` : path;
    const stageRequest = { ...request, url };
    if (route.integration.kind === 'mock') {
      const headers = { ...route.integration.headers, [REQUEST_ID_HEADER]: requestId };
      return { statusCode: route.integration.statusCode, headers, body: Buffer.alloc(0) };
    }
    const proxyOptions = { stage: this.api.stageName, binaryMediaTypes: this.api.binaryMediaTypes, requestId };
    let authorizerContext: Record<string, unknown> | undefined;
    if (route.authorized && this.api.authorizer) {
      const decision = await this.authorize(stageRequest, { route, pathParameters: match.pathParameters }, new URLSearchParams(query), requestId);
      if (decision.effect === 'unauthorized') {
        return gatewayError('UNAUTHORIZED', unauthorized(requestId));
      }
      if (decision.effect === 'deny') {
        return gatewayError('ACCESS_DENIED', decision.explicit
          ? accessDenied(requestId)
          : jsonAnswer(403, '{"Message":"User is not authorized to access this resource"}', requestId, 'AccessDeniedException'));
      }
      if (decision.effect === 'error') {
        return gatewayError('AUTHORIZER_CONFIGURATION_ERROR', jsonAnswer(500, '{"message": null}', requestId, 'AuthorizerConfigurationException'));
      }
      authorizerContext = lambdaAuthorizerContext(decision.principalId, decision.context);
    }
    const missing = route.requiredQueryParameters.filter((name) => !new URLSearchParams(query).has(name));
    if (missing.length > 0) {
      const message = JSON.stringify({ message: `Missing required request parameters: [${missing.join(', ')}]` });
      return gatewayError('BAD_REQUEST_PARAMETERS', jsonAnswer(400, message, requestId, 'BadRequestException'));
    }
    const validator = this.validators.get(route);
    if (validator && !validator(request.body)) {
      return gatewayError('BAD_REQUEST_BODY', invalidRequestBody(requestId));
    }
    if (route.integration.kind === 'sqs') {
      if (refusesContentType(route.integration, headerValueOf(request.headers, 'content-type'))) {
        return gatewayError('UNSUPPORTED_MEDIA_TYPE', unsupportedMediaType(requestId));
      }
      return queueRoute(route.integration, request.body, requestId, this.integrations.sendMessage?.bind(this.integrations));
    }
    const event = buildProxyEvent(stageRequest, { route, pathParameters: match.pathParameters }, { ...proxyOptions, authorizer: authorizerContext });
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_LAMBDA_PAYLOAD_BYTES) {
      return gatewayError('REQUEST_TOO_LARGE', lambdaRequestTooLong(requestId));
    }
    const invocation = this.integrations.invoke(route.integration.function, event, requestId);
    const outcome = await withIntegrationTimeout(invocation, this.options.integrationTimeoutMs);
    if (outcome === undefined) {
      return gatewayError('INTEGRATION_TIMEOUT', endpointRequestTimedOut(requestId));
    }
    if (!outcome.ok) {
      // a function that fails or times out on its own (under 29 s) is a failed integration: 502
      return gatewayError('INTEGRATION_FAILURE', internalServerError(requestId));
    }
    if (!isProxyResult(outcome.result)) {
      return gatewayError('INTEGRATION_FAILURE', { ...internalServerError(requestId), note: MALFORMED_PROXY_RESPONSE });
    }
    return toHttpResponse(outcome.result, requestId);
  }

  private async authorize(
    request: LocalHttpRequest,
    matched: { route: LocalRoute; pathParameters: Readonly<Record<string, string>> },
    query: URLSearchParams,
    requestId: string,
  ): Promise<AuthorizerDecision> {
    const authorizer = this.api.authorizer!;
    const identity = identityOf(authorizer, request, query);
    if (identity === undefined) {
      return { effect: 'unauthorized' };
    }
    const path = splitUrl(request.url)[0];
    const arn = methodArn({ region: LOCAL_REGION, account: LOCAL_ACCOUNT, apiId: this.options.apiId ?? 'local', stage: this.api.stageName }, request.method, path);
    const cached = this.cache?.get(identity);
    if (cached) {
      return decide(cached, arn);
    }
    const event = authorizer.type === 'TOKEN'
      ? tokenEvent(identity, arn)
      : requestEvent(buildProxyEvent(request, matched, { stage: this.api.stageName, requestId }) as unknown as Record<string, unknown>, arn);
    const outcome = await this.integrations.invoke(authorizer.function, event, requestId);
    if (outcome.ok) {
      this.cache?.set(identity, outcome);
    }
    return decide(outcome.ok ? outcome : { ok: false, errorMessage: outcome.errorMessage }, arn);
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    this.requestsInFlight += 1;
    try {
      const { body, bytes } = await readBody(req);
      const request: LocalHttpRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: rawHeaders(req.rawHeaders),
        body,
        bodyBytes: bytes,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      };
      const response = await this.answer(req, request);
      if (!this.accepting) {
        res.shouldKeepAlive = false;
      }
      if (headerOf(response, 'content-length') === undefined) {
        res.setHeader('Content-Length', response.body.length);
      }
      res.writeHead(response.statusCode, response.headers as http.OutgoingHttpHeaders);
      res.end(response.body);
      const errorType = headerOf(response, ERROR_TYPE_HEADER);
      this.options.log?.({
        requestId: String(headerOf(response, REQUEST_ID_HEADER) ?? ''),
        method: request.method,
        path: request.url.length > 200 ? `${request.url.slice(0, 200)}...` : request.url,
        statusCode: response.statusCode,
        durationMs: Date.now() - started,
        gatewayError: errorType === undefined ? undefined : `${errorType}: ${response.body.toString('utf8')}`,
        note: response.note,
      });
    } catch {
      // the client went away while its body was read: nothing to answer
      res.destroy();
    } finally {
      this.requestsInFlight -= 1;
    }
  }

  /** The answer to a request received over HTTP: the stage going away and API Gateway's size limits first. */
  private async answer(req: http.IncomingMessage, request: LocalHttpRequest): Promise<Answer> {
    if (!this.accepting) {
      return { ...jsonAnswer(503, '{"message":"Service Unavailable"}', randomUUID()), note: 'local mode is stopping: the stage takes no new request' };
    }
    if (request.url.length > MAX_URL_CHARACTERS) {
      return { ...uriTooLong(), note: `URL of ${request.url.length} characters, over API Gateway's ${MAX_URL_CHARACTERS}` };
    }
    const headerBytes = requestLineAndHeadersBytes(req);
    if (headerBytes > MAX_REQUEST_LINE_AND_HEADERS_BYTES) {
      return { ...headersTooLarge(), note: `request line and headers of ${headerBytes} bytes, over API Gateway's ${MAX_REQUEST_LINE_AND_HEADERS_BYTES}` };
    }
    try {
      return await this.handle(request);
    } catch (error) {
      // a bug of local mode, not of the app: answered as API Gateway answers its own faults
      process.stderr.write(`local API: ${(error as Error).stack ?? error}\n`);
      return jsonAnswer(500, '{"message": "Internal server error"}', randomUUID(), 'InternalServerErrorException');
    }
  }

  /** A request Node's parser refused (headers past its limit, an unknown method): answered as API Gateway would, and logged. */
  private refuse(error: Error & { code?: string }, socket: Duplex): void {
    const { raw, statusCode, why } = clientErrorAnswer(error.code);
    if (socket.writable) {
      socket.end(raw);
    } else {
      socket.destroy();
    }
    this.options.log?.({ requestId: '-', method: '-', path: '-', statusCode, durationMs: 0, note: why });
  }
}

/** The outcome, or undefined when it takes longer than the integration timeout (the function keeps running, as on AWS). */
async function withIntegrationTimeout(
  outcome: Promise<InvocationOutcome>,
  timeoutMs: number = INTEGRATION_TIMEOUT_MS,
): Promise<InvocationOutcome | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function splitUrl(url: string): [string, string | undefined] {
  const index = url.indexOf('?');
  return index === -1 ? [url, undefined] : [url.slice(0, index), url.slice(index + 1)];
}

/** Headers by name as sent, repeated ones as arrays in order. */
function rawHeaders(raw: string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const [name, value] = [raw[i], raw[i + 1]];
    const existing = headers[name];
    headers[name] = existing === undefined ? value : ([] as string[]).concat(existing, value);
  }
  return headers;
}

function jsonAnswer(statusCode: number, body: string, requestId: string, errorType?: string): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', [REQUEST_ID_HEADER]: requestId, ...(errorType ? { [ERROR_TYPE_HEADER]: errorType } : {}) },
    body: Buffer.from(body, 'utf8'),
  };
}

function headerOf(response: HttpResponse, name: string): string | readonly string[] | undefined {
  const key = Object.keys(response.headers).find((header) => header.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : response.headers[key];
}

function headerValueOf(headers: LocalHttpRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((header) => header.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : value?.[value.length - 1];
}
