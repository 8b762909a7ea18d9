import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Properties of a `ServerlessRestApi`.
 */
export interface ServerlessRestApiProps {
  /**
   * Name of the REST API.
   *
   * @default - the construct's path
   */
  readonly restApiName?: string;

  /**
   * Name of the deployment stage.
   *
   * @default "prod"
   */
  readonly stageName?: string;

  /**
   * Level of the stage's execution logs.
   *
   * @default apigateway.MethodLoggingLevel.INFO
   */
  readonly loggingLevel?: apigateway.MethodLoggingLevel;

  /**
   * Whether the execution logs hold full request and response bodies. Keep it off outside
   * debugging: bodies carry personal data, tokens and secrets into the logs.
   *
   * @default false
   */
  readonly dataTraceEnabled?: boolean;

  /**
   * Whether the stage sends detailed CloudWatch metrics (per method: count, latency, errors).
   *
   * @default true
   */
  readonly metricsEnabled?: boolean;

  /**
   * Whether the stage sends X-Ray traces.
   *
   * @default true
   */
  readonly tracingEnabled?: boolean;

  /**
   * Steady-state requests per second the stage accepts before it answers 429.
   *
   * @default 100
   */
  readonly throttlingRateLimit?: number;

  /**
   * Requests the stage accepts in a burst above the rate.
   *
   * @default 200
   */
  readonly throttlingBurstLimit?: number;

  /**
   * Retention of the access log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;

  /**
   * Whether the API creates the account-level role API Gateway writes execution logs with
   * (`AWS::ApiGateway::Account`). There is one such setting per account and region: in a stack
   * of several APIs, let one create it and give the others `false`.
   *
   * @default - CDK's default: false with the feature flag `@aws-cdk/aws-apigateway:disableCloudWatchRole` (which `cdk init` sets), true without
   */
  readonly cloudWatchRole?: boolean;

  /**
   * CORS preflight on every resource; `{ enabled: false }` turns it off.
   *
   * @default - any origin, every method, the default headers, no credentials
   */
  readonly cors?: RestApiCorsProps;

  /**
   * Response caching: a cache cluster on the stage, used by the GET routes.
   *
   * @default - no cache
   */
  readonly cache?: RestApiCacheProps;

  /**
   * The Lambda authorizer that guards the routes.
   *
   * @default - no authorizer: routes have no authorization, and cdk-nag reports those not declared public
   */
  readonly authorizer?: RestApiAuthorizerProps;
}

/**
 * A route of a `ServerlessRestApi`.
 */
export interface RestRouteProps {
  /** HTTP method, upper case: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`. */
  readonly method: string;

  /** Resource path starting with `/`, with `{name}` path parameters: `/items/{id}`. */
  readonly path: string;

  /**
   * Whether the API's authorizer guards the route; `false` declares the route public. `true`
   * on an API without `authorizer` is an error.
   *
   * @default - true when the API has an `authorizer`
   */
  readonly authorize?: boolean;

  /**
   * The query string parameters the handler reads, each mapped to whether it is required:
   * the request validator rejects a request without a required one. On a cached route they
   * are part of the cache key; a parameter left out here is not, and its values share one entry.
   *
   * @default - none declared: query strings still reach the handler, unvalidated and outside the cache key
   */
  readonly queryParameters?: { [name: string]: boolean };

  /**
   * Response caching of the route, when the API has a `cache`.
   *
   * @default - GET routes cached for the API's `cache.defaultTtl`, others not cached
   */
  readonly cache?: RestRouteCacheProps;

  /**
   * JSON schema of the request body (see `RequestSchemas`): API Gateway rejects a body that
   * does not match with 400 before the handler runs, whatever the request's Content-Type (the
   * model is the method's `$default` one). Not for GET, HEAD, OPTIONS or DELETE.
   *
   * @default - the body is not validated
   */
  readonly requestSchema?: apigateway.JsonSchema;
}

/**
 * The kind of Lambda authorizer of a `ServerlessRestApi`.
 */
export enum AuthorizerType {
  /** The authorizer gets one header, the caller's token. */
  TOKEN = 'TOKEN',
  /** The authorizer gets the whole request: headers, query string, path and context. */
  REQUEST = 'REQUEST',
}

/**
 * CORS preflight (`OPTIONS`) of a `ServerlessRestApi`.
 *
 * The preflight answers browsers only: the handlers' responses must carry the
 * `Access-Control-Allow-*` headers themselves.
 */
export interface RestApiCorsProps {
  /**
   * Whether every resource answers CORS preflight requests; `false` adds no `OPTIONS` methods
   * and then takes no other field.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Origins allowed to call the API from a browser: `*` alone, or a list of origins.
   *
   * @default ["*"]
   */
  readonly allowOrigins?: string[];

  /**
   * Methods allowed.
   *
   * @default apigateway.Cors.ALL_METHODS
   */
  readonly allowMethods?: string[];

  /**
   * Request headers allowed.
   *
   * @default - apigateway.Cors.DEFAULT_HEADERS, plus the authorizer's identity headers
   */
  readonly allowHeaders?: string[];

  /**
   * Whether browsers may send credentials (cookies, TLS client certificates); never with origin `*`.
   *
   * @default false
   */
  readonly allowCredentials?: boolean;

  /**
   * Whether API Gateway's own error responses (gateway responses `DEFAULT_4XX`, `DEFAULT_5XX`,
   * `UNAUTHORIZED`, `ACCESS_DENIED`, `BAD_REQUEST_BODY`, `BAD_REQUEST_PARAMETERS`) carry
   * `Access-Control-Allow-Origin`, so that a browser app reads the error instead of a CORS failure.
   * With several origins the header echoes the request's `Origin`, without credentials.
   *
   * @default true
   */
  readonly errorResponses?: boolean;
}

/**
 * Response caching of a `ServerlessRestApi`: a cache cluster on the stage, its data encrypted.
 *
 * GET routes are cached unless they opt out (`RestRouteProps.cache`); other routes only when
 * they opt in.
 */
export interface RestApiCacheProps {
  /**
   * Size of the cache cluster in GB: '0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118' or '237'.
   *
   * @default "0.5"
   */
  readonly clusterSize?: string;

  /**
   * How long a cached response is served, 0-3600 seconds, unless a route sets its own.
   *
   * @default Duration.minutes(5)
   */
  readonly defaultTtl?: Duration;
}

/**
 * The Lambda authorizer of a `ServerlessRestApi`. Routes are authorized by it unless they
 * declare `authorize: false`.
 */
export interface RestApiAuthorizerProps {
  /** The function that decides, from the identity source, whether a request may pass. */
  readonly handler: lambda.IFunction;

  /**
   * Whether the authorizer gets the token header alone or the whole request.
   *
   * @default AuthorizerType.TOKEN
   */
  readonly type?: AuthorizerType;

  /**
   * Name of the header that identifies the caller: API Gateway answers 401 without calling the
   * authorizer when it is missing, and caches the authorizer's decision per value. With
   * `AuthorizerType.REQUEST`, a comma-separated list of header names, each of them an identity
   * source.
   *
   * @default "Authorization"
   */
  readonly identitySource?: string;

  /**
   * How long API Gateway caches the authorizer's decision per identity, 0 (no cache) to 1 hour.
   *
   * @default Duration.minutes(5)
   */
  readonly resultsCacheTtl?: Duration;
}

/**
 * Response caching of one route of a `ServerlessRestApi` that has a `cache`.
 */
export interface RestRouteCacheProps {
  /**
   * Whether API Gateway serves the route's responses from the cache.
   *
   * @default - true for GET routes, false for the others
   */
  readonly enabled?: boolean;

  /**
   * How long a cached response of the route is served, 0-3600 seconds; ignored when caching is off.
   *
   * @default - the API's `cache.defaultTtl`
   */
  readonly ttl?: Duration;
}
